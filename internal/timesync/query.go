package timesync

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
	"time"

	"github.com/beevik/ntp"
)

// Measurement is one source's answer.
type Measurement struct {
	Offset      time.Duration // real time minus PC time: add it to the PC clock
	Uncertainty time.Duration // the true offset lies within Offset ± Uncertainty
	RTT         time.Duration // round trip
	Addr        string        // the address that answered ("192.0.2.1:123")
}

// QueryFunc asks one server. It must return within timeout (or when ctx
// ends). The Checker uses QuerySNTP and HTTPSDate unless a test injects
// others.
type QueryFunc func(ctx context.Context, server string, timeout time.Duration) (Measurement, error)

// ErrSlowDown is returned (wrapped) when a server asks us to query less
// often (NTP kiss-of-death, HTTP 429). The Checker then leaves that
// server alone for an hour.
var ErrSlowDown = errors.New("server asked to slow down")

// QuerySNTP asks an SNTP server with github.com/beevik/ntp. server is
// "host" (port 123) or "host:port". The answer must pass ntp's own checks
// (stratum, leap indicator, dispersion).
func QuerySNTP(ctx context.Context, server string, timeout time.Duration) (Measurement, error) {
	timeout = within(ctx, timeout)
	var addr string
	dial := func(_, remote string) (net.Conn, error) {
		dctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		conn, err := (&net.Dialer{}).DialContext(dctx, "udp", remote)
		if err == nil {
			addr = conn.RemoteAddr().String()
		}
		return conn, err
	}
	r, err := ntp.QueryWithOptions(server, ntp.QueryOptions{Timeout: timeout, Dialer: dial})
	if err != nil {
		return Measurement{}, err
	}
	if err := r.Validate(); err != nil {
		if errors.Is(err, ntp.ErrKissOfDeath) {
			return Measurement{}, fmt.Errorf("%w (kiss code %s)", ErrSlowDown, r.KissCode)
		}
		return Measurement{}, err
	}
	// The NTP offset is exact to within half the round trip.
	return Measurement{Offset: r.ClockOffset, Uncertainty: r.RTT / 2, RTT: r.RTT, Addr: addr}, nil
}

// HTTPSDate returns a QueryFunc that reads the Date header of an HTTPS
// response (HEAD, redirects not followed). client nil means a client with
// the system's trusted certificates; the certificate is always checked
// (that is what makes this source authenticated), and a test passes a
// client whose RootCAs hold its own CA, never one that skips the check. The header has whole seconds: the
// server's time was somewhere in [Date, Date+1s) while our request was in
// flight, so the estimate is Date+0.5s against the midpoint of having a
// connection and receiving the headers, ± 0.5s plus half that interval.
func HTTPSDate(client *http.Client) QueryFunc {
	if client == nil {
		client = &http.Client{Transport: &http.Transport{
			Proxy:           http.ProxyFromEnvironment, // company networks often allow HTTPS only via a proxy
			TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12},
		}}
	}
	return func(ctx context.Context, server string, timeout time.Duration) (Measurement, error) {
		return httpsDate(ctx, client, server, within(ctx, timeout))
	}
}

func httpsDate(ctx context.Context, client *http.Client, server string, timeout time.Duration) (Measurement, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var mu sync.Mutex // the trace hooks run on the transport's goroutines
	var sent time.Time
	var addr string
	trace := &httptrace.ClientTrace{
		// The request leaves after the connection is ready (past DNS and
		// the TLS handshake), so the server stamped its Date after this.
		GotConn: func(i httptrace.GotConnInfo) {
			mu.Lock()
			addr, sent = i.Conn.RemoteAddr().String(), time.Now()
			mu.Unlock()
		},
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodHead, server, nil)
	if err != nil {
		return Measurement{}, err
	}
	req.Header.Set("Cache-Control", "no-cache")
	c := *client // do not follow redirects: the first answer has a Date too
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	start := time.Now()
	resp, err := c.Do(req)
	recv := time.Now()
	if err != nil {
		return Measurement{}, err
	}
	resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	if resp.StatusCode == http.StatusTooManyRequests {
		return Measurement{}, fmt.Errorf("%w (HTTP %d)", ErrSlowDown, resp.StatusCode)
	}
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return Measurement{}, fmt.Errorf("no usable Date header: %w", err)
	}
	if sent.IsZero() || sent.After(recv) {
		sent = start
	}
	flight := recv.Sub(sent)
	mid := sent.Add(flight / 2)
	window := time.Second // the Date header's resolution
	// A cache in between may hand on an older response's Date with its
	// Age (whole seconds) beside it: the time is Date+Age, a second less exact.
	if a := resp.Header.Get("Age"); a != "" {
		age, err := strconv.ParseUint(a, 10, 32)
		if err != nil {
			return Measurement{}, fmt.Errorf("bad Age header %q", a)
		}
		date = date.Add(time.Duration(age) * time.Second)
		window += time.Second
	}
	return Measurement{
		Offset:      date.Add(window / 2).Sub(mid),
		Uncertainty: window/2 + flight/2,
		RTT:         flight,
		Addr:        addr,
	}, nil
}

// within shortens timeout to ctx's deadline.
func within(ctx context.Context, timeout time.Duration) time.Duration {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if d, ok := ctx.Deadline(); ok {
		if left := time.Until(d); left < timeout {
			timeout = max(left, time.Millisecond)
		}
	}
	return timeout
}
