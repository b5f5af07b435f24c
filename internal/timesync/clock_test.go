package timesync

import (
	"sync"
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
