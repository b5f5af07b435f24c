package timesync

import "time"

// PCClock is the PC's clock as the Checker sees it; tests inject one.
type PCClock interface {
	// Now is the PC's wall-clock time.
	Now() time.Time
	// Uptime is time since boot, counting sleep, never stepped by clock
	// changes. Now minus Uptime (the "boot epoch") stays put until someone
	// sets the clock, which is how a set clock is noticed, across sleep and
	// across processes (the cache file). Where the OS offers no such
	// clock it is the time since the process started, so cached answers
	// from other processes are not trusted there.
	Uptime() time.Duration
}

type systemClock struct{}

func (systemClock) Now() time.Time        { return time.Now() }
func (systemClock) Uptime() time.Duration { return uptime() }

var processStart = time.Now()

// epoch returns the boot epoch of c now.
func epoch(c PCClock) (now, ep time.Time) {
	now = c.Now()
	return now, now.Round(0).Add(-c.Uptime())
}
