package app

import (
	"runtime/debug"
	"sync"
)

// startupMemoryLimit bounds the heap while collection is paused: above what
// start-up needs with a few accounts (~40 MiB), so they start without a
// collection. With 200 accounts start-up's garbage once reached 111 MiB
// around 20 MiB of live objects, scattered over the whole heap so that
// even debug.FreeOSMemory left ~50 MiB of it resident (docs/performance.md,
// "Hidden in the tray"); at this limit the collector runs before that.
const startupMemoryLimit = 64 << 20

// pauseGC turns the garbage collector off until resume is called (once;
// later calls do nothing). Start-up allocates tens of MiB that mostly stay
// (parsed fonts, the window's objects); collecting on the way, from a 4 MiB
// heap up, took 50–70 ms of the wait for the first window on a busy
// 2-core machine (docs/performance.md), and spared ~4 MiB. A memory
// limit stays in force (the user's GOMEMLIMIT if lower).
func pauseGC() (resume func()) {
	pct := debug.SetGCPercent(-1)
	lim := debug.SetMemoryLimit(-1) // -1 only reads it
	if lim > startupMemoryLimit {
		debug.SetMemoryLimit(startupMemoryLimit)
	}
	return sync.OnceFunc(func() {
		debug.SetMemoryLimit(lim)
		debug.SetGCPercent(pct)
	})
}
