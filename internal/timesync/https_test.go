package timesync

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// startDateServer is a TLS server on 127.0.0.1 whose Date header is off
// real time by *offset. status 0 means 200.
func startDateServer(t *testing.T, offset *atomic.Int64, status int) *httptest.Server {
	t.Helper()
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(time.Duration(offset.Load())).UTC().Format(http.TimeFormat))
		if status != 0 {
			w.WriteHeader(status)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestHTTPSDateAgainstLocalTLSServer(t *testing.T) {
	var off atomic.Int64
	for _, d := range []time.Duration{72 * time.Second, -72 * time.Second, 0} {
		off.Store(int64(d))
		ts := startDateServer(t, &off, 0)
		m, err := HTTPSDate(ts.Client())(context.Background(), ts.URL, 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		// Whole seconds: the estimate is within its own uncertainty.
		if (m.Offset - d).Abs() > m.Uncertainty {
			t.Errorf("offset %v, want %v ± %v", m.Offset, d, m.Uncertainty)
		}
		if m.Uncertainty < time.Second/2 || m.Uncertainty > time.Second {
			t.Errorf("uncertainty %v, want 0.5 s plus half a loopback round trip", m.Uncertainty)
		}
		if m.Addr != ts.Listener.Addr().String() {
			t.Errorf("addr %q", m.Addr)
		}
	}
}

func TestHTTPSDateRejectsUntrustedCertificate(t *testing.T) {
	var off atomic.Int64
	ts := startDateServer(t, &off, 0)
	// The default client uses the system roots, which do not trust the test CA.
	if _, err := HTTPSDate(nil)(context.Background(), ts.URL, 2*time.Second); err == nil {
		t.Fatal("answer accepted from a server with an untrusted certificate")
	}
}

func TestHTTPSDateTooManyRequestsAsksToSlowDown(t *testing.T) {
	var off atomic.Int64
	ts := startDateServer(t, &off, http.StatusTooManyRequests)
	_, err := HTTPSDate(ts.Client())(context.Background(), ts.URL, 2*time.Second)
	if !errors.Is(err, ErrSlowDown) {
		t.Fatalf("err = %v", err)
	}
	// Any other status still carries a usable Date.
	ts404 := startDateServer(t, &off, http.StatusNotFound)
	if _, err := HTTPSDate(ts404.Client())(context.Background(), ts404.URL+"/missing", 2*time.Second); err != nil {
		t.Fatalf("404 with a Date header: %v", err)
	}
}

func TestHTTPSDateAndSNTPAgree(t *testing.T) {
	var off atomic.Int64
	off.Store(int64(72 * time.Second))
	ts := startDateServer(t, &off, 0)
	s := startSNTP(t, hostB, 72*time.Second)
	cfg := testConfig(s.Addr)
	cfg.HTTPSServers = []string{ts.URL}
	r := newChecker(t, cfg, WithHTTPClient(ts.Client())).Check(context.Background())
	if !r.Agreed || !r.Correcting {
		t.Fatalf("result %+v", r)
	}
	// The SNTP answer is the more precise one of the group.
	near(t, "Offset", r.Offset, 72*time.Second, 100*time.Millisecond)
}

func TestAuthenticatedSourceOverrulesASpoofedSNTPAnswer(t *testing.T) {
	var off atomic.Int64 // the HTTPS server is right
	ts := startDateServer(t, &off, 0)
	spoofed := startSNTP(t, hostB, 4*time.Minute)
	cfg := testConfig(spoofed.Addr)
	cfg.HTTPSServers = []string{ts.URL}
	r := newChecker(t, cfg, WithHTTPClient(ts.Client())).Check(context.Background())
	if r.Agreed || r.Correcting || r.Kind != OK || r.Disputed == nil || r.Reason != ReasonDisagree {
		t.Fatalf("result %+v", r)
	}
	for _, s := range r.Sources {
		if s.Used != (s.Proto == HTTPS) {
			t.Errorf("source %s used=%v", s.Server, s.Used)
		}
	}
}

func TestSNTPBlockedHTTPSOnly(t *testing.T) {
	var off atomic.Int64
	off.Store(int64(-40 * time.Second))
	ts := startDateServer(t, &off, 0)
	cfg := testConfig(closedUDP(t, hostB))
	cfg.HTTPSServers = []string{ts.URL}
	r := newChecker(t, cfg, WithHTTPClient(ts.Client())).Check(context.Background())
	if !r.Checked || r.Correcting || r.Reason != ReasonSingleSource || r.Severity != Warning {
		t.Fatalf("result %+v", r)
	}
}

// A cache in between hands on an older Date with its Age: the time is
// Date+Age, and the window one second wider.
func TestHTTPSDateCountsAge(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", time.Now().Add(-100*time.Second).UTC().Format(http.TimeFormat))
		w.Header().Set("Age", "100")
	}))
	t.Cleanup(ts.Close)
	m, err := HTTPSDate(ts.Client())(context.Background(), ts.URL, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if m.Offset.Abs() > m.Uncertainty || m.Uncertainty < time.Second {
		t.Errorf("offset %v ± %v, want 0 ± 1 s or more", m.Offset, m.Uncertainty)
	}
}
