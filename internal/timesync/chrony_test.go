//go:build linux

package timesync

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync/timesynctest"
)

// Two real chronyd servers on different loopback hosts, each running
// 72 s ahead under libfaketime, and an HTTPS source (test CA) that
// agrees: the PC (this process) is 72 s slow relative to them, so the
// offset to add is +72 s. Without the HTTPS source they only warn.
func TestChronyUnderFaketime(t *testing.T) {
	a := timesynctest.StartChrony(t, hostA, "+72s")
	b := timesynctest.StartChrony(t, hostB, "+72s")
	h, opt := startAuth(t, 72*time.Second)

	m, err := QuerySNTP(context.Background(), a, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "chronyd offset", m.Offset, 72*time.Second, 500*time.Millisecond)

	cfg, err := DefaultConfigFor("linux").WithServers(a + "," + b + "," + h.URL) // as `--time-server` would
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker(t, cfg, opt)
	r := c.Check(context.Background())
	if !r.Agreed || !r.Authenticated || !r.Correcting || r.Kind != Clock || r.Severity != Warning {
		t.Fatalf("result %+v", r)
	}
	near(t, "Offset", r.Offset, 72*time.Second, 500*time.Millisecond)
	near(t, "Now ahead of the PC clock", time.Until(c.Now()), 72*time.Second, 500*time.Millisecond)
	if got := r.Summary().In(i18n.JA); got != "パソコンの時計が1分12秒遅れています。" {
		t.Errorf("summary %q", got)
	}
	if got := r.CorrectionLabel().In(i18n.JA); got != "時刻補正中 +72秒" {
		t.Errorf("label %q", got)
	}
	raw, _ := json.Marshal(r)
	if !strings.Contains(string(raw), `"correcting":true`) {
		t.Errorf("json %s", raw)
	}

	// One chronyd alone is one source: warn, but do not correct.
	one, _ := DefaultConfigFor("linux").WithServers(a)
	if r := newChecker(t, one).Check(context.Background()); r.Correcting || r.Reason != ReasonSingleSource || r.Severity != Warning {
		t.Errorf("single chronyd: %+v", r)
	}
	// Two chronyd without an HTTPS source: unauthenticated, warn only.
	two, _ := DefaultConfigFor("linux").WithServers(a + "," + b)
	if r := newChecker(t, two).Check(context.Background()); r.Correcting || r.Reason != ReasonUnconfirmed || r.Severity != Warning {
		t.Errorf("two chronyd without HTTPS: %+v", r)
	}
	// chrony and the HTTPS source alone are two independent hosts that agree.
	pair, _ := DefaultConfigFor("linux").WithServers(a + "," + h.URL)
	if r := newChecker(t, pair, opt).Check(context.Background()); !r.Correcting {
		t.Errorf("chronyd + HTTPS: %+v", r)
	}
}

// Two chronyd agree on +5 min, the HTTPS source says the clock is right:
// codes stay on the PC clock and the result reports the disagreement.
func TestChronyAgreeingAgainstHTTPS(t *testing.T) {
	a := timesynctest.StartChrony(t, hostA, "+5m")
	b := timesynctest.StartChrony(t, hostB, "+5m")
	h, opt := startAuth(t, 0)
	cfg, err := DefaultConfigFor("linux").WithServers(a + "," + b + "," + h.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := newChecker(t, cfg, opt)
	r := c.Check(context.Background())
	if r.Correcting || r.Kind != OK || r.Reason != ReasonDisagree || r.Disputed == nil {
		t.Fatalf("result %+v", r)
	}
	near(t, "Disputed", *r.Disputed, 5*time.Minute, 500*time.Millisecond)
	if d := time.Until(c.Now()).Abs(); d > time.Second {
		t.Errorf("codes shifted by %v", d)
	}
}

// A chronyd 9 hours behind reads as a time-zone error, not a clock error.
func TestChronyTimeZoneShift(t *testing.T) {
	a := timesynctest.StartChrony(t, hostA, "-9h")
	b := startSNTP(t, hostB, -9*time.Hour)
	r := newChecker(t, testConfig(a, b.Addr)).Check(context.Background())
	if r.Kind != TimeZone || r.ZoneShift != -9*time.Hour || r.Correcting {
		t.Fatalf("result %+v", r)
	}
}
