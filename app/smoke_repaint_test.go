package app_test

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
)

// TestSmokeRepaintLeavesNothingStale runs the real binary, whose Fyne
// (third_party/fyne patch 0005) repaints only the parts of the window that
// changed, and checks after each kind of change a user sees - the countdown
// ticking, a new period's codes, a copy and its status line, typing in the
// search field, a dialog opened and closed - that the window looks exactly
// as it does painted in full. A resize by one pixel and back forces the full
// repaint. Stale pixels stay until the next full repaint, so a difference
// that is not the next tick of the countdown is a fault.
func TestSmokeRepaintLeavesNothingStale(t *testing.T) {
	needDesktop(t)
	testenv.Need(t, have("xdotool") && have("import"), "xdotool and ImageMagick's import are needed")
	sm := newSmoke(t, "omamori-repaint-", "LANG=en_US.UTF-8", "LC_ALL=", "LANGUAGE=")
	// Beta from a link with a 30-second step, so a new period comes within 30 s
	// (the brokers' step is 60 s).
	sm.enrol([]string{"Alpha", "Beta"}, []string{"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
		"otpauth://totp/Beta?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=30"})
	sm.putBackupReminderAway()
	win := startWindow(t, sm.gui, sm.env)
	dir := t.TempDir()
	shot := func() image.Image { t.Helper(); return win.screenshot(filepath.Join(dir, "shot.png")) }
	time.Sleep(3 * time.Second)

	// matchesFullRepaint takes a screenshot just after the countdown's tick at
	// or after start, forces a full repaint and compares (three tries, as a
	// busy machine may let the next tick fall in between).
	matchesFullRepaint := func(after string, start time.Time) {
		t.Helper()
		for try := 1; ; try++ {
			time.Sleep(time.Until(start.Truncate(time.Second).Add(150 * time.Millisecond)))
			partial := shot()
			w, h := windowSize(t, win.id)
			xdotool(t, "windowsize", win.id, itoa(w+1), itoa(h))
			time.Sleep(200 * time.Millisecond)
			xdotool(t, "windowsize", win.id, itoa(w), itoa(h))
			time.Sleep(200 * time.Millisecond)
			full := shot()
			if sameImage(partial, full) {
				return
			}
			if try == 3 {
				keep, _ := os.MkdirTemp("", "omamori-repaint-")
				savePNG(t, filepath.Join(keep, "partial.png"), partial)
				savePNG(t, filepath.Join(keep, "full.png"), full)
				t.Fatalf("after %s the window differs from the same window painted in full (pictures in %s)", after, keep)
			}
			start = time.Now().Add(time.Second)
		}
	}
	nextSecond := func() time.Time { return time.Now().Add(time.Second) }

	matchesFullRepaint("the countdown ticked", nextSecond())
	matchesFullRepaint("a new period's code", time.Now().Truncate(30*time.Second).Add(30*time.Second))

	before := shot()
	y := firstPixelLike(before, 430, 90, pixelAt(before, 14, 14)) // the first Copy button (see smoke_idle_test.go)
	if y < 0 {
		t.Fatal("no Copy button in the window")
	}
	xdotool(t, "mousemove", "--window", win.id, "430", itoa(y+10), "click", "1")
	matchesFullRepaint("a copy", nextSecond())

	xdotool(t, "mousemove", "--window", win.id, "260", "68", "click", "1") // the search field
	xdotool(t, "windowfocus", "--sync", win.id)
	xdotool(t, "type", "--delay", "50", "Al")
	xdotool(t, "key", "Tab") // the focus moves on: the cursor stops blinking
	matchesFullRepaint("typing in the search field", nextSecond())

	before = shot()
	xdotool(t, "mousemove", "--window", win.id, "362", "27", "click", "1") // Settings
	time.Sleep(time.Second)
	if sameImage(before, shot()) {
		t.Fatal("Settings opened no dialog")
	}
	matchesFullRepaint("opening a dialog", nextSecond())
	xdotool(t, "key", "Escape")
	matchesFullRepaint("closing a dialog", nextSecond())
	win.mustBeRunning()
}

// windowSize is the size of X window id in pixels.
func windowSize(t *testing.T, id string) (w, h int) {
	t.Helper()
	out, err := exec.Command("xdotool", "getwindowgeometry", id).Output()
	if err != nil {
		t.Fatalf("xdotool getwindowgeometry: %v", err)
	}
	_, geo, _ := strings.Cut(string(out), "Geometry: ")
	ws, hs, _ := strings.Cut(strings.Fields(geo + " ")[0], "x")
	w, errW := strconv.Atoi(ws)
	h, errH := strconv.Atoi(hs)
	if errW != nil || errH != nil {
		t.Fatalf("no window size in %q", out)
	}
	return w, h
}

func savePNG(t *testing.T, path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
