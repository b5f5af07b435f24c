package app

import (
	"math"
	"runtime/debug"
	"testing"
)

// noLimit is what debug.SetMemoryLimit reports when no limit is set.
const noLimit = math.MaxInt64

func TestPauseGCResumesTheSettingsBefore(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(noLimit))

	resume := pauseGC()
	if got := debug.SetGCPercent(-1); got >= 0 {
		t.Errorf("while paused: GC percent %d, want off", got)
	}
	if got := debug.SetMemoryLimit(-1); got != startupMemoryLimit {
		t.Errorf("while paused: memory limit %d, want %d", got, startupMemoryLimit)
	}
	resume()
	resume() // a second call changes nothing
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("after resume: GC percent %d, want 150", got)
	}
	if got := debug.SetMemoryLimit(-1); got != noLimit {
		t.Errorf("after resume: memory limit %d, want none", got)
	}
}

func TestPauseGCKeepsALowerLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(32 << 20))
	resume := pauseGC()
	defer resume()
	if got := debug.SetMemoryLimit(-1); got != 32<<20 {
		t.Errorf("while paused: memory limit %d, want the user's 32 MiB", got)
	}
}
