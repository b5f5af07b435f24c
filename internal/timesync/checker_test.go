package timesync

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync/timesynctest"
)

const (
	hostA = "127.0.0.1"
	hostB = "127.0.0.2"
	hostC = "127.0.0.3"
)

// testConfig is a config for the given SNTP servers (and no HTTPS
// source: tests never reach the internet) with a short timeout.
func testConfig(servers ...string) Config {
	c := DefaultConfigFor("linux")
	c.NTPServers, c.HTTPSServers = servers, nil
	c.Timeout = 500 * time.Millisecond
	return c
}

func newChecker(t *testing.T, cfg Config, opts ...Option) *Checker {
	t.Helper()
	c, err := New(cfg, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func near(t *testing.T, what string, got, want, tol time.Duration) {
	t.Helper()
	if d := (got - want).Abs(); d > tol {
		t.Errorf("%s = %v, want %v ± %v", what, got, want, tol)
	}
}

func TestQuerySNTPAgainstLoopbackServer(t *testing.T) {
	for _, off := range []time.Duration{72 * time.Second, -72 * time.Second, 9 * time.Hour, 0} {
		s := startSNTP(t, hostA, off)
		m, err := QuerySNTP(context.Background(), s.Addr, time.Second)
		if err != nil {
			t.Fatalf("offset %v: %v", off, err)
		}
		near(t, "offset", m.Offset, off, 50*time.Millisecond)
		if m.Addr != s.Addr {
			t.Errorf("Addr = %q, want %q", m.Addr, s.Addr)
		}
		if m.Uncertainty != m.RTT/2 || m.RTT <= 0 {
			t.Errorf("uncertainty %v rtt %v", m.Uncertainty, m.RTT)
		}
	}
}

func TestQuerySNTPKissOfDeathAsksToSlowDown(t *testing.T) {
	s := startSNTP(t, hostA, 0)
	s.SetMode(timesynctest.KissOfDeath)
	_, err := QuerySNTP(context.Background(), s.Addr, time.Second)
	if !errors.Is(err, ErrSlowDown) {
		t.Fatalf("err = %v, want ErrSlowDown", err)
	}
	c := newChecker(t, testConfig(s.Addr))
	c.Check(context.Background())
	c.Wake() // even a wake does not override a slow-down request
	c.mu.Lock()
	due := c.isDue(c.srcs[0], time.Now().Add(2*wakeFloor), epochNow())
	c.mu.Unlock()
	if due {
		t.Error("server that sent kiss-of-death is due again within the hour")
	}
}

func epochNow() time.Time { _, ep := epoch(systemClock{}); return ep }

// Two SNTP servers and the HTTPS source agree: codes are corrected, by
// the SNTP offset (finer than the Date header's second).
func TestServersAndHTTPSAgreeSoCodesAreCorrected(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostB, 72*time.Second+100*time.Millisecond)
	cfg, opt, _ := authConfig(t, 72*time.Second, a.Addr, b.Addr)
	c := newChecker(t, cfg, opt)
	r := c.Check(context.Background())
	if !r.Checked || !r.Agreed || !r.Authenticated || !r.Correcting || r.Reason != ReasonNone || r.Disputed != nil {
		t.Fatalf("result %+v: want checked, agreed, authenticated, correcting", r)
	}
	near(t, "Offset", r.Offset, 72*time.Second, time.Second)
	if r.Kind != Clock || r.Severity != Warning {
		t.Errorf("kind %v severity %v, want clock warning", r.Kind, r.Severity)
	}
	near(t, "Now()-time.Now()", time.Until(c.Now())*-1, -r.Offset, 100*time.Millisecond)
	if got := r.CorrectionLabel().In(i18n.JA); got != "時刻補正中 +72秒" && got != "時刻補正中 +73秒" {
		t.Errorf("label %q", got)
	}
	if got := r.Message(i18n.JA); !strings.HasPrefix(got, "パソコンの時計が1分1") || !strings.Contains(got, "遅れています") || !strings.Contains(got, "補正") {
		t.Errorf("message %q", got)
	}
	// While correcting, the codes work and the clock still wants fixing (issue 21).
	if got := r.Message(i18n.EN); strings.Contains(got, "may be rejected") || !strings.Contains(got, "codes shown work") {
		t.Errorf("message %q", got)
	}
	for _, s := range r.Sources {
		if !s.OK() || !s.Used || s.Cached {
			t.Errorf("source %+v: want answered, used, fresh", s)
		}
	}
}

// The same two servers with no authenticated source: they may warn, but
// never shift codes (anyone on the network path can forge SNTP).
func TestNTPAloneOnlyWarns(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostB, 72*time.Second)
	c := newChecker(t, testConfig(a.Addr, b.Addr))
	r := c.Check(context.Background())
	if !r.Agreed || r.Authenticated || r.Correcting || r.Reason != ReasonUnconfirmed || r.Severity != Warning {
		t.Fatalf("result %+v", r)
	}
	if d := time.Until(c.Now()).Abs(); d > time.Second {
		t.Errorf("codes shifted by %v on SNTP alone", d)
	}
	if got := r.Message(i18n.JA); !strings.Contains(got, "HTTPS") || !strings.Contains(got, "補正していません") {
		t.Errorf("message %q", got)
	}
}

// The attack this defends against: two SNTP answers agree on +5 min
// (forged on the café Wi-Fi, say) while the HTTPS source, whose
// certificate is checked, says the clock is right. Codes stay on the PC
// clock and the result says the answers disagree.
func TestForgedNTPAgreementLosesToHTTPS(t *testing.T) {
	a := startSNTP(t, hostA, 5*time.Minute)
	b := startSNTP(t, hostB, 5*time.Minute)
	cfg, opt, _ := authConfig(t, 0, a.Addr, b.Addr)
	c := newChecker(t, cfg, opt)
	r := c.Check(context.Background())
	if r.Correcting || !r.Authenticated || r.Kind != OK || r.Reason != ReasonDisagree || r.Severity != Notice {
		t.Fatalf("result %+v", r)
	}
	if r.Disputed == nil {
		t.Fatal("the forged offset is not reported")
	}
	near(t, "Disputed", *r.Disputed, 5*time.Minute, 100*time.Millisecond)
	if d := time.Until(c.Now()).Abs(); d > time.Second {
		t.Errorf("codes shifted by %v", d)
	}
	for _, s := range r.Sources {
		if s.Used != (s.Proto == HTTPS) {
			t.Errorf("source %s used=%v", s.Server, s.Used)
		}
	}
	if got := r.Message(i18n.EN); !strings.Contains(got, "correct") || !strings.Contains(got, "5 min slow") || !strings.Contains(got, "forged") {
		t.Errorf("message %q", got)
	}
	if got := r.Message(i18n.JA); !strings.Contains(got, "5分遅れている") || !strings.Contains(got, "偽の答え") {
		t.Errorf("message %q", got)
	}
}

// An HTTPS source whose certificate does not check out (another CA,
// as a machine in the middle would present) is no authenticated source:
// the agreeing SNTP servers only warn.
func TestHTTPSWithBadCertificateOnlyWarns(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostB, 72*time.Second)
	trusted := timesynctest.NewCA(t)
	h := timesynctest.StartHTTPSDate(t, timesynctest.NewCA(t), hostH, 72*time.Second)
	cfg := testConfig(a.Addr, b.Addr)
	cfg.HTTPSServers = []string{h.URL}
	c := newChecker(t, cfg, WithHTTPClient(trusted.Client()))
	r := c.Check(context.Background())
	if r.Correcting || r.Authenticated || r.Reason != ReasonUnconfirmed || r.Severity != Warning {
		t.Fatalf("result %+v", r)
	}
	if d := time.Until(c.Now()).Abs(); d > time.Second {
		t.Errorf("codes shifted by %v", d)
	}
	for _, s := range r.Sources {
		if s.Proto == HTTPS && (s.OK() || !strings.Contains(s.Err, "certificate")) {
			t.Errorf("HTTPS source %+v: want a certificate error", s)
		}
	}
	if h.Hits() != 0 {
		t.Errorf("the request went through an untrusted connection %d times", h.Hits())
	}
}

// An HTTPS source that cannot be reached leaves SNTP alone: warn only.
func TestHTTPSUnreachableOnlyWarns(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostB, 72*time.Second)
	ln, err := net.Listen("tcp", hostH+":0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "https://" + ln.Addr().String() + "/"
	ln.Close()
	cfg := testConfig(a.Addr, b.Addr)
	cfg.HTTPSServers = []string{dead}
	c := newChecker(t, cfg, WithHTTPClient(timesynctest.NewCA(t).Client()))
	r := c.Check(context.Background())
	if r.Correcting || r.Authenticated || r.Reason != ReasonUnconfirmed || r.Severity != Warning {
		t.Fatalf("result %+v", r)
	}
	if d := time.Until(c.Now()).Abs(); d > time.Second {
		t.Errorf("codes shifted by %v", d)
	}
}

func TestSameHostTwiceIsOneSource(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostA, 72*time.Second) // another port, same host
	r := newChecker(t, testConfig(a.Addr, b.Addr)).Check(context.Background())
	if r.Agreed || r.Correcting || r.Reason != ReasonSingleSource {
		t.Fatalf("two ports on one host corrected codes: %+v", r)
	}
}

func TestDisagreeingServersDoNotCorrect(t *testing.T) {
	honest := startSNTP(t, hostA, 300*time.Millisecond)
	spoofed := startSNTP(t, hostB, 5*time.Minute)
	r := newChecker(t, testConfig(honest.Addr, spoofed.Addr)).Check(context.Background())
	if r.Agreed || r.Correcting || r.Reason != ReasonNotNeeded {
		t.Fatalf("result %+v", r)
	}
	// The report rests on the answer nearest zero: one outlier raises no alarm.
	if r.Kind != OK || r.Severity != None {
		t.Errorf("kind %v severity %v, want ok none", r.Kind, r.Severity)
	}

	far := startSNTP(t, hostC, 40*time.Second)
	r = newChecker(t, testConfig(spoofed.Addr, far.Addr)).Check(context.Background())
	if r.Agreed || r.Correcting || r.Reason != ReasonDisagree {
		t.Fatalf("result %+v", r)
	}
	near(t, "Offset", r.Offset, 40*time.Second, time.Second)
	if !strings.Contains(r.Message(i18n.EN), "disagree") {
		t.Errorf("message %q", r.Message(i18n.EN))
	}
}

// With the HTTPS source, the SNTP servers that agree with it are used
// and the odd one out is reported, not followed.
func TestOddServerOutIsLeftOut(t *testing.T) {
	a := startSNTP(t, hostA, -72*time.Second)
	b := startSNTP(t, hostB, -71900*time.Millisecond)
	odd := startSNTP(t, hostC, 0)
	cfg, opt, _ := authConfig(t, -72*time.Second, a.Addr, odd.Addr, b.Addr)
	c := newChecker(t, cfg, opt)
	r := c.Check(context.Background())
	if !r.Agreed || !r.Correcting || r.Disputed == nil {
		t.Fatalf("result %+v", r)
	}
	near(t, "Disputed (the odd one's claim)", *r.Disputed, 0, 100*time.Millisecond)
	near(t, "Offset", r.Offset, -72*time.Second, 1500*time.Millisecond)
	for _, s := range r.Sources {
		if s.Used == (s.Server == odd.Addr) {
			t.Errorf("source %s used=%v", s.Server, s.Used)
		}
	}
	if got := r.Summary().In(i18n.JA); got != "パソコンの時計が1分12秒進んでいます。" && got != "パソコンの時計が1分11秒進んでいます。" {
		t.Errorf("summary %q", got)
	}
}

func TestOneSourceOnlyWarnsButDoesNotCorrect(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	dead := closedUDP(t, hostB)
	r := newChecker(t, testConfig(a.Addr, dead)).Check(context.Background())
	if !r.Checked || r.Agreed || r.Correcting || r.Reason != ReasonSingleSource {
		t.Fatalf("result %+v", r)
	}
	if r.Severity != Warning || r.Kind != Clock {
		t.Errorf("severity %v kind %v", r.Severity, r.Kind)
	}
	var failed int
	for _, s := range r.Sources {
		if !s.OK() {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d failed sources, want 1: %+v", failed, r.Sources)
	}
	if msg := r.Message(i18n.JA); !strings.Contains(msg, "1つだけ") {
		t.Errorf("message %q", msg)
	}
}

func TestBeyondBoundWarnsOnly(t *testing.T) {
	a := startSNTP(t, hostA, 11*time.Minute)
	b := startSNTP(t, hostB, 11*time.Minute)
	cfg, opt, _ := authConfig(t, 11*time.Minute, a.Addr, b.Addr)
	c := newChecker(t, cfg, opt)
	r := c.Check(context.Background())
	if !r.Agreed || r.Correcting || r.Reason != ReasonTooLarge || r.Severity != Warning {
		t.Fatalf("result %+v", r)
	}
	if d := time.Until(c.Now()).Abs(); d > time.Second {
		t.Errorf("Now is %v off the PC clock though not correcting", d)
	}
	// A policy may widen the bound.
	cfg.MaxCorrection = 15 * time.Minute
	if r := newChecker(t, cfg, opt).Check(context.Background()); !r.Correcting {
		t.Errorf("not correcting within a 15-minute bound: %+v", r)
	}
	cfg.Correct = false
	if r := newChecker(t, cfg, opt).Check(context.Background()); r.Correcting || r.Reason != ReasonOff {
		t.Errorf("correcting though turned off: %+v", r)
	}
}

func TestSmallOffsetIsLeftAlone(t *testing.T) {
	a := startSNTP(t, hostA, 3*time.Second)
	b := startSNTP(t, hostB, 3*time.Second)
	r := newChecker(t, testConfig(a.Addr, b.Addr)).Check(context.Background())
	if r.Kind != OK || r.Severity != None || r.Correcting || !r.Agreed {
		t.Fatalf("result %+v", r)
	}
	a.SetOffset(8 * time.Second)
	b.SetOffset(8 * time.Second)
	cfg, opt, _ := authConfig(t, 8*time.Second, a.Addr, b.Addr)
	r = newChecker(t, cfg, opt).Check(context.Background())
	if r.Kind != Clock || r.Severity != Notice || !r.Correcting {
		t.Fatalf("8 s: %+v", r)
	}
}

func TestOfflineIsQuietAndQuick(t *testing.T) {
	mute := startSNTP(t, hostA, 0)
	mute.SetMode(timesynctest.Silent)
	cfg := testConfig(mute.Addr, closedUDP(t, hostB))
	cfg.Timeout = 300 * time.Millisecond
	c := newChecker(t, cfg)
	if r := c.Last(); r.Reason != ReasonPending || r.Kind != Unknown {
		t.Errorf("before the first check: %+v", r)
	}
	start := time.Now()
	r := c.Check(context.Background())
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("Check took %v with a 300 ms timeout", el)
	}
	if r.Checked || r.Kind != Unknown || r.Severity != None || r.Correcting || r.Reason != ReasonNoAnswer {
		t.Fatalf("result %+v", r)
	}
	if mute.Hits() != 1 {
		t.Errorf("silent server got %d packets, want 1", mute.Hits())
	}
	for _, l := range i18n.Langs {
		if msg := r.Message(l); msg == "" || msg == "unchecked" {
			t.Errorf("%s message %q", l, msg)
		}
	}
	if FixSteps(Windows11, r.Kind) != nil {
		t.Error("fix steps for an unknown result")
	}
	// A cancelled context ends the check too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c2 := newChecker(t, testConfig(mute.Addr))
	if r := c2.Check(ctx); r.Checked {
		t.Errorf("checked with a cancelled context: %+v", r)
	}
}

func TestWholeHourOffsetsAreTheTimeZone(t *testing.T) {
	cases := []struct {
		off   time.Duration
		kind  Kind
		shift time.Duration
		ja    string
	}{
		{-9 * time.Hour, TimeZone, -9 * time.Hour, "ちょうど9時間ずれています"},
		{9*time.Hour + 1200*time.Millisecond, TimeZone, 9 * time.Hour, "ちょうど9時間"},
		{-30 * time.Minute, TimeZone, -30 * time.Minute, "ちょうど30分"},
		{5*time.Hour + 45*time.Minute, TimeZone, 5*time.Hour + 45*time.Minute, "ちょうど5時間45分"},
		{9*time.Hour + 10*time.Second, Clock, 0, "9時間0分10秒遅れています"},
	}
	for _, tc := range cases {
		a := startSNTP(t, hostA, tc.off)
		b := startSNTP(t, hostB, tc.off)
		r := newChecker(t, testConfig(a.Addr, b.Addr)).Check(context.Background())
		if r.Kind != tc.kind || r.ZoneShift != tc.shift || r.Severity != Warning || r.Correcting {
			t.Errorf("offset %v: kind %v shift %v severity %v correcting %v", tc.off, r.Kind, r.ZoneShift, r.Severity, r.Correcting)
		}
		if msg := r.Message(i18n.JA); !strings.Contains(msg, tc.ja) {
			t.Errorf("offset %v: message %q lacks %q", tc.off, msg, tc.ja)
		}
		if tc.kind == TimeZone && !strings.Contains(r.Message(i18n.EN), "time zone") {
			t.Errorf("offset %v: %q", tc.off, r.Message(i18n.EN))
		}
	}
}

func TestRateLimitSecondCheckSendsNothing(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostB, 72*time.Second)
	cfg, opt, h := authConfig(t, 72*time.Second, a.Addr, b.Addr)
	clk := &fakeClock{}
	c := newChecker(t, cfg, opt, WithClock(clk))
	c.Check(context.Background())
	r := c.Check(context.Background())
	if a.Hits() != 1 || b.Hits() != 1 || h.Hits() != 1 {
		t.Fatalf("hits %d %d %d after two checks, want 1 1 1", a.Hits(), b.Hits(), h.Hits())
	}
	if !r.Correcting {
		t.Errorf("cached answers no longer correct: %+v", r)
	}
	for _, s := range r.Sources {
		if !s.Cached {
			t.Errorf("source %s not marked cached", s.Server)
		}
	}
	// A wake asks again, but not within a minute of the last query.
	c.Wake()
	c.Check(context.Background())
	if a.Hits() != 1 {
		t.Errorf("asked again %d times right after a wake", a.Hits()-1)
	}
	clk.Pass(wakeFloor + time.Second)
	c.Check(context.Background())
	if a.Hits() != 2 || b.Hits() != 2 || h.Hits() != 2 {
		t.Errorf("hits %d %d %d, want 2 2 2 a minute after a wake", a.Hits(), b.Hits(), h.Hits())
	}
	// Without a wake, not before MinInterval.
	clk.Pass(DefaultMinInterval - 2*time.Second)
	c.Check(context.Background())
	if a.Hits() != 2 {
		t.Errorf("asked before MinInterval")
	}
	clk.Pass(3 * time.Second)
	c.Check(context.Background())
	if a.Hits() != 3 {
		t.Errorf("not asked after MinInterval: %d", a.Hits())
	}
	// Failures are rate-limited too.
	a.SetMode(timesynctest.Silent)
	clk.Pass(DefaultMinInterval)
	c.Check(context.Background())
	c.Check(context.Background())
	if a.Hits() != 4 {
		t.Errorf("failed server asked %d times, want once", a.Hits()-3)
	}
}

func TestSettingTheClockDropsTheCorrection(t *testing.T) {
	a := startSNTP(t, hostA, -72*time.Second)
	b := startSNTP(t, hostB, -72*time.Second)
	cfg, opt, h := authConfig(t, -72*time.Second, a.Addr, b.Addr)
	clk := &fakeClock{}
	c := newChecker(t, cfg, opt, WithClock(clk))
	if r := c.Check(context.Background()); !r.Correcting {
		t.Fatalf("not correcting: %+v", r)
	}
	near(t, "corrected Now", time.Until(c.Now()), -72*time.Second, 200*time.Millisecond)
	got := make(chan Result, 4)
	c.OnResult(func(r Result) { got <- r })

	clk.Shift(-72 * time.Second) // the user follows the steps and sets the clock
	if d := clk.Now().Sub(c.Now()).Abs(); d > 100*time.Millisecond {
		t.Errorf("Now still corrected by %v after the clock was set", d)
	}
	select {
	case r := <-got:
		if r.Correcting || r.Checked || r.Reason != ReasonPending {
			t.Errorf("result after the clock was set: %+v", r)
		}
		if got := r.Summary().In(i18n.EN); got != "The PC clock has not been checked yet." {
			t.Errorf("summary %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no result reported after the clock was set")
	}
	select {
	case <-c.kick:
	default:
		t.Error("no re-check requested after the clock was set")
	}
	// Measured again a minute later: the servers now agree with the PC.
	a.SetOffset(0)
	b.SetOffset(0)
	h.SetOffset(0)
	clk.Pass(wakeFloor)
	r := c.Check(context.Background())
	if r.Kind != OK || r.Correcting || a.Hits() != 2 {
		t.Errorf("after re-check: %+v (hits %d)", r, a.Hits())
	}
}

func TestSleepDoesNotDropTheCorrection(t *testing.T) {
	a := startSNTP(t, hostA, 20*time.Second)
	b := startSNTP(t, hostB, 20*time.Second)
	cfg, opt, _ := authConfig(t, 20*time.Second, a.Addr, b.Addr)
	clk := &fakeClock{}
	c := newChecker(t, cfg, opt, WithClock(clk))
	c.Check(context.Background())
	clk.Pass(10 * time.Minute) // uptime counts sleep: the epoch stays
	near(t, "corrected Now", c.Now().Sub(clk.Now()), 20*time.Second, 200*time.Millisecond)
}

func TestCacheFileCarriesAnswersToTheNextProcess(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostB, 72*time.Second)
	cfg, opt, h := authConfig(t, 72*time.Second, a.Addr, b.Addr)
	cfg.CacheFile = filepath.Join(t.TempDir(), "conf", config.ClockCache)
	newChecker(t, cfg, opt).Check(context.Background())

	fi, err := os.Stat(cfg.CacheFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("cache file mode %v", fi.Mode().Perm())
	}
	var f map[string]any
	raw, _ := os.ReadFile(cfg.CacheFile)
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("cache is not JSON: %v", err)
	}

	c2 := newChecker(t, cfg, opt) // a new process
	if r := c2.Last(); !r.Correcting || !r.Authenticated {
		t.Fatalf("cached answers not used at start: %+v", r)
	}
	near(t, "Now from cache", time.Until(c2.Now()), 72*time.Second, time.Second)
	c2.Check(context.Background())
	if a.Hits() != 1 || b.Hits() != 1 || h.Hits() != 1 {
		t.Errorf("new process asked again within MinInterval: %d %d %d", a.Hits(), b.Hits(), h.Hits())
	}

	// A clock set between the runs makes the cache unusable for correction.
	clk := &fakeClock{}
	clk.Shift(72 * time.Second)
	if r := newChecker(t, cfg, opt, WithClock(clk)).Last(); r.Correcting || r.Checked {
		t.Errorf("cache used after the clock was set: %+v", r)
	}

	// A broken cache is ignored.
	os.WriteFile(cfg.CacheFile, []byte("{not json"), 0o600)
	c3 := newChecker(t, cfg, opt)
	if r := c3.Last(); r.Checked {
		t.Errorf("broken cache gave %+v", r)
	}
	if r := c3.Check(context.Background()); !r.Correcting {
		t.Errorf("check after broken cache: %+v", r)
	}
}

func TestStartReportsAndRefreshRespectsRateLimit(t *testing.T) {
	a := startSNTP(t, hostA, 30*time.Second)
	b := startSNTP(t, hostB, 30*time.Second)
	cfg, opt, _ := authConfig(t, 30*time.Second, a.Addr, b.Addr)
	c := newChecker(t, cfg, opt)
	got := make(chan Result, 4)
	c.OnResult(func(r Result) { got <- r })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Start(ctx)
	c.Start(ctx) // a second call does nothing
	wait := func() Result {
		select {
		case r := <-got:
			return r
		case <-time.After(10 * time.Second):
			t.Fatal("no result from the background loop")
		}
		return Result{}
	}
	if r := wait(); !r.Correcting {
		t.Fatalf("first background result %+v", r)
	}
	c.Refresh()
	if r := wait(); !r.Correcting {
		t.Fatalf("refreshed result %+v", r)
	}
	if a.Hits() != 1 {
		t.Errorf("refresh within MinInterval queried again")
	}
	near(t, "Now", time.Until(c.Now()), 30*time.Second, time.Second)
}

func TestResultJSON(t *testing.T) {
	a := startSNTP(t, hostA, -72*time.Second)
	b := startSNTP(t, hostB, -72*time.Second)
	cfg, opt, _ := authConfig(t, -72*time.Second, a.Addr, b.Addr, closedUDP(t, hostC))
	r := newChecker(t, cfg, opt).Check(context.Background())
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Offset     float64           `json:"offset_seconds"`
		Correction float64           `json:"correction_seconds"`
		Kind       string            `json:"kind"`
		Severity   string            `json:"severity"`
		Auth       bool              `json:"authenticated"`
		Message    map[string]string `json:"message"`
		Sources    []map[string]any  `json:"sources"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Offset > -71 || m.Offset < -73 || m.Correction != m.Offset || m.Kind != "clock" || m.Severity != "warning" || !m.Auth || len(m.Sources) != 4 {
		t.Errorf("json %s", raw)
	}
	if !strings.Contains(m.Message["ja"], "進んでいます") || !strings.Contains(m.Message["en"], "fast") {
		t.Errorf("messages %v", m.Message)
	}
	var back Result
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.Kind != r.Kind || back.Severity != r.Severity || back.Correcting != r.Correcting || back.Authenticated != r.Authenticated || len(back.Sources) != 4 ||
		(back.Offset-r.Offset).Abs() > time.Microsecond || back.Sources[2].Err == "" {
		t.Errorf("round trip: %+v vs %+v", back, r)
	}
}

func TestStartNoticesSleep(t *testing.T) {
	a := startSNTP(t, hostA, 30*time.Second)
	b := startSNTP(t, hostB, 30*time.Second)
	cfg, opt, _ := authConfig(t, 30*time.Second, a.Addr, b.Addr)
	clk := &fakeClock{}
	c := newChecker(t, cfg, opt, WithClock(clk))
	c.sleepPoll = 20 * time.Millisecond
	got := make(chan Result, 4)
	c.OnResult(func(r Result) { got <- r })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Start(ctx)
	<-got
	clk.Pass(wakeFloor + 10*time.Second) // asleep: uptime runs, Go's monotonic clock does not
	select {
	case r := <-got:
		if !r.Correcting || a.Hits() != 2 || b.Hits() != 2 {
			t.Errorf("after wake: %+v, hits %d %d", r, a.Hits(), b.Hits())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sleep not noticed")
	}
}

func TestTwoProcessesShareTheRateLimit(t *testing.T) {
	a := startSNTP(t, hostA, 20*time.Second)
	b := startSNTP(t, hostB, 20*time.Second)
	cfg, opt, _ := authConfig(t, 20*time.Second, a.Addr, b.Addr)
	cfg.CacheFile = filepath.Join(t.TempDir(), config.ClockCache)
	gui := newChecker(t, cfg, opt)
	cli := newChecker(t, cfg, opt) // started before the GUI asked
	gui.Check(context.Background())
	r := cli.Check(context.Background())
	if a.Hits() != 1 || b.Hits() != 1 {
		t.Errorf("second process asked again: hits %d %d", a.Hits(), b.Hits())
	}
	if !r.Correcting {
		t.Errorf("second process did not use the first one's answers: %+v", r)
	}
	if !gui.Enabled() || newChecker(t, Config{}).Enabled() {
		t.Error("Enabled")
	}
}

// While HTTPS sources are configured but none confirmed the agreeing NTP
// answers, the loop asks again as soon as a server is due, not after
// Recheck; without HTTPS sources an agreed result is as settled as it gets.
func TestUnconfirmedResultIsRetriedSoon(t *testing.T) {
	a := startSNTP(t, hostA, 72*time.Second)
	b := startSNTP(t, hostB, 72*time.Second)
	ln, err := net.Listen("tcp", hostH+":0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(a.Addr, b.Addr)
	cfg.HTTPSServers = []string{"https://" + ln.Addr().String() + "/"}
	ln.Close()
	c := newChecker(t, cfg, WithHTTPClient(timesynctest.NewCA(t).Client()))
	if r := c.Check(context.Background()); r.Reason != ReasonUnconfirmed {
		t.Fatalf("result %+v", r)
	}
	if w := c.nextWait(); w > DefaultMinInterval {
		t.Errorf("unconfirmed: next check in %v, want within %v", w, DefaultMinInterval)
	}
	plain := newChecker(t, testConfig(a.Addr, b.Addr))
	plain.Check(context.Background())
	if w := plain.nextWait(); w != DefaultRecheck {
		t.Errorf("NTP only, agreed: next check in %v, want %v", w, DefaultRecheck)
	}
}
