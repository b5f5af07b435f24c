package timesync

import (
	"sync"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/timesync/timesynctest"
)

var (
	startSNTP = timesynctest.StartSNTP
	closedUDP = timesynctest.ClosedUDP
)

// fakeClock is the real clock shifted: Shift moves the PC clock (as if
// the user set it), Pass moves time on (PC clock and uptime alike).
type fakeClock struct {
	mu        sync.Mutex
	wall, run time.Duration
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.Now().Add(f.wall)
}

func (f *fakeClock) Uptime() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return uptime() + f.run
}

func (f *fakeClock) Shift(d time.Duration) { f.mu.Lock(); f.wall += d; f.mu.Unlock() }
func (f *fakeClock) Pass(d time.Duration)  { f.mu.Lock(); f.wall += d; f.run += d; f.mu.Unlock() }

// hostH is the HTTPS time source's own loopback host, independent of
// the SNTP servers on hostA..hostC.
const hostH = "127.0.0.9"

// startAuth starts an HTTPS Date server at offset with a certificate
// from a fresh test CA, and returns the option that makes a checker
// trust that CA (an injected client with RootCAs: the certificate is
// still checked).
func startAuth(t *testing.T, offset time.Duration) (*timesynctest.DateServer, Option) {
	t.Helper()
	ca := timesynctest.NewCA(t)
	return timesynctest.StartHTTPSDate(t, ca, hostH, offset), WithHTTPClient(ca.Client())
}

// authConfig is testConfig with an authenticated source at offset.
func authConfig(t *testing.T, offset time.Duration, servers ...string) (Config, Option, *timesynctest.DateServer) {
	t.Helper()
	h, opt := startAuth(t, offset)
	cfg := testConfig(servers...)
	cfg.HTTPSServers = []string{h.URL}
	return cfg, opt, h
}
