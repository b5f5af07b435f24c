package app

import (
	"os"
	"runtime/debug"
	"time"

	"github.com/omamori-app/omamori/assets"
)

// The window lives in the tray all day, so its memory counts more than the
// CPU its garbage collector spends (docs/performance.md, "RSS after a copy
// and a language switch"). Go keeps up to GOGC % (100) of the live heap as
// headroom before it collects, and keeps the freed pages mapped: measured,
// an idle window's heap grew by 7.5 MiB in 150 s of ticking, and one
// language switch (a rebuilt window) left 9 MiB of freed pages mapped.

// idleGCPercent is the collector's headroom once the window is up: half the
// live heap (about 15 MiB) is 7.5 MiB, about 90 s of an idle window's
// garbage, so it collects little more often than Go's own 2-minute floor.
const idleGCPercent = 50

// settleTime is how long after start-up or a rebuild the memory is handed
// back: the next frames draw the new content first.
const settleTime = 3 * time.Second

// afterStart hands start-up's garbage (parsing the fonts, building the
// window) back to the OS once and lowers the collector's headroom; start-up
// itself does not collect until the window shows (pauseGC), then runs with
// Go's default, so it collects less often. A GOGC set in
// the environment (someone measuring) is left as it is.
func afterStart() {
	time.AfterFunc(settleTime, func() {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(idleGCPercent)
		}
		release()
	})
}

// releaseSoon hands memory back (release) once the window has settled
// (settleTime), after each of these:
//   - the window went to the tray: what a hidden window no longer needs
//     (docs/performance.md, "Hidden in the tray");
//   - the window was shown: a process started in the tray (and, on Linux,
//     every one that started again there) makes its OpenGL context and
//     compiles its shaders on the first show, not at start-up, where
//     afterStart would trim them;
//   - a saved setting built the window again (ui.Shell.Apply), which
//     allocates about 14 MiB that would otherwise stay mapped until the
//     heap grows into it.
func releaseSoon() { time.AfterFunc(settleTime, release) }

// release hands the Go heap's free pages, the fonts' pages (parsed by
// now) and the C heap's free memory back to the OS. The C heap is Mesa's
// and GLFW's: compiling the shaders and building a window frees memory that
// glibc's malloc keeps until it is trimmed (1.7 MiB of a shown window's
// 25 MiB, measured with gdb; docs/performance.md, 2026-12-07).
func release() {
	debug.FreeOSMemory()
	assets.ReleaseFonts()
	trimCHeap()
}
