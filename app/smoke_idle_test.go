package app_test

import (
	"encoding/json"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
)

// TestSmokeIdleWindowResponds runs the real binary (built as scripts/test.sh
// builds it, with third_party/fyne's patches, so its event loop waits for
// events while idle) and checks that waiting costs nothing a user notices:
// the countdown still changes every second, a click on Copy still puts the
// code on the clipboard, typing in the search field still filters, and the
// search field's cursor still animates.
func TestSmokeIdleWindowResponds(t *testing.T) {
	needDesktop(t)
	testenv.Need(t, have("xdotool") && have("import") && have("xclip"), "xdotool, xclip and ImageMagick's import are needed")
	sm := newSmoke(t, "omamori-idle-", "LANG=en_US.UTF-8", "LC_ALL=", "LANGUAGE=")
	sm.enrol([]string{"Alpha", "Beta"}, []string{"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"})
	os.WriteFile(filepath.Join(sm.cfg, "settings.json"), []byte(`{"theme":"light"}`), 0o600)
	sm.putBackupReminderAway()

	win := startWindow(t, sm.gui, sm.env)
	id := win.id
	shot := func() image.Image {
		t.Helper()
		return win.screenshot(filepath.Join(t.TempDir(), "shot.png"))
	}
	time.Sleep(3 * time.Second) // long enough for the loop to go idle between ticks

	t.Run("countdown changes every second", func(t *testing.T) {
		prev := shot()
		for i := 0; i < 3; i++ {
			time.Sleep(1100 * time.Millisecond)
			next := shot()
			if sameImage(prev, next) {
				t.Fatalf("the window did not change within a second (shot %d)", i+1)
			}
			prev = next
		}
	})

	t.Run("click on Copy puts the code on the clipboard", func(t *testing.T) {
		clickCopy(t, win, sm, "Alpha")
	})

	t.Run("typing filters and the cursor blinks", func(t *testing.T) {
		before := shot()
		xdotool(t, "mousemove", "--window", id, "260", "68", "click", "1") // the search field
		xdotool(t, "windowfocus", "--sync", id)
		xdotool(t, "type", "--delay", "50", "zzz")
		time.Sleep(500 * time.Millisecond)
		after := shot()
		if rows, filtered := colours(before, 100, 360), colours(after, 100, 360); filtered*2 > rows {
			t.Fatalf("typing a name nobody has left the list as it was (%d colours before, %d after)", rows, filtered)
		}
		// Within 900 ms the 1 Hz countdown changes the picture at most once;
		// three different pictures mean the cursor's animation runs too.
		seen := []image.Image{shot()}
		for i := 0; i < 5; i++ {
			time.Sleep(150 * time.Millisecond)
			img := shot()
			if !sameImage(img, seen[len(seen)-1]) {
				seen = append(seen, img)
			}
		}
		if len(seen) < 3 {
			t.Fatalf("the focused search field's cursor does not animate (%d pictures in 900 ms)", len(seen))
		}
	})
	win.mustBeRunning()
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// colours counts the distinct colours between rows y0 and y1 of img.
func colours(img image.Image, y0, y1 int) int {
	seen := map[[3]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y + y0; y < r.Min.Y+y1 && y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr, cg, cb}] = true
		}
	}
	return len(seen)
}

// clickCopy clicks the first row's Copy button (the first pixel below the
// search field, in the Copy buttons' column, drawn in the primary colour of
// the Add button, so banners above the list cannot fool it) and waits for
// account name's code on the clipboard; it returns that code.
func clickCopy(t *testing.T, win *window, sm *smoke, name string) string {
	t.Helper()
	shot := win.screenshot(filepath.Join(t.TempDir(), "copy.png"))
	y := firstPixelLike(shot, 430, 90, pixelAt(shot, 14, 14))
	if y < 0 {
		t.Fatal("no Copy button in the window")
	}
	current := func() string {
		var codes []struct{ Code string }
		json.Unmarshal(sm.run("", "code", name, "--json"), &codes)
		if len(codes) == 0 {
			t.Fatalf("omamori code %s --json gave no code", name)
		}
		return codes[0].Code
	}
	want := current()
	xdotool(t, "mousemove", "--window", win.id, "430", itoa(y+10), "click", "1")
	// The clipboard is filled on the window's loop: poll rather than
	// guess how long a loaded machine takes.
	var got string
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got, err = clipboardText(); err == nil && got == want {
			return got
		}
	}
	if now := current(); got != now { // a new period may have begun meanwhile
		t.Fatalf("clipboard %q (xclip: %v), want %s's code %s (or %s before)", got, err, name, now, want)
	}
	return got
}

// clipboardText is the CLIPBOARD selection's text (xclip).
func clipboardText() (string, error) {
	out, err := exec.Command("xclip", "-o", "-selection", "clipboard").Output()
	return strings.TrimSpace(string(out)), err
}

func pixelAt(img image.Image, x, y int) [3]uint32 {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]uint32{r >> 8, g >> 8, b >> 8}
}

// firstPixelLike is the first y from y0 down at column x whose colour is
// within a small distance of want, or -1.
func firstPixelLike(img image.Image, x, y0 int, want [3]uint32) int {
	near := func(a, b uint32) bool { return a+8 >= b && b+8 >= a }
	for y := y0; y < img.Bounds().Max.Y; y++ {
		p := pixelAt(img, x, y)
		if near(p[0], want[0]) && near(p[1], want[1]) && near(p[2], want[2]) {
			return y
		}
	}
	return -1
}
