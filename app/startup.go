package app

import (
	"runtime/debug"
	"sync"
)

// startupMemoryLimit bounds the heap while collection is paused: far above
// what start-up needs (~40 MiB), so it only matters if something goes wrong.
const startupMemoryLimit = 512 << 20

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
