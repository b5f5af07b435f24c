package app_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/assets"
	"github.com/omamori-app/omamori/internal/testenv"
)

// TestSmokeWindow enrols two accounts through the real CLI (setup code on
// stdin, secrets in the real Secret Service), starts the real binary
// under the X server in DISPLAY, waits for its window and then its tray
// icon, saves a screenshot, and checks that a second launch hands over to
// the first and exits.
// OMAMORI_SHOTS_DIR=dir keeps the screenshots (docs/screenshots).
func TestSmokeWindow(t *testing.T) {
	needDesktop(t)
	testenv.Need(t, have("xdotool") && have("import"), "xdotool and ImageMagick's import are needed")
	sm := newSmoke(t, "omamori-smoke-")
	sm.enrol([]string{"三菱 太郎", "みずほ証券"}, []string{"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"})
	// Light colours, as most Windows desktops are, for the screenshots.
	if err := os.WriteFile(filepath.Join(sm.cfg, "settings.json"), []byte(`{"theme":"light"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	gui := sm.gui

	for _, lang := range []string{"ja_JP.UTF-8", "en_US.UTF-8"} {
		t.Run(lang[:2], func(t *testing.T) {
			shot := filepath.Join(t.TempDir(), "omamori-"+lang[:2]+".png")
			lenv := append(sm.env[:len(sm.env):len(sm.env)], "LANG="+lang, "LC_ALL=", "LANGUAGE=")
			start := time.Now()
			win := startWindow(t, gui, lenv)
			t.Logf("window after %v", time.Since(start).Round(time.Millisecond))
			name, _ := exec.Command("xdotool", "getwindowname", win.id).Output()
			wantTitle := map[string]string{"ja": "お守り (Omamori)", "en": "Omamori"}[lang[:2]]
			if strings.TrimSpace(string(name)) != wantTitle {
				t.Errorf("window title %q, want %q", name, wantTitle)
			}
			checkIcon(t, win.id)
			// The tray comes after the window (app.Run), but it comes.
			win.waitTray()
			time.Sleep(1500 * time.Millisecond) // first frames
			checkShot(t, shot, win.screenshot(shot))
			if d := os.Getenv("OMAMORI_SHOTS_DIR"); d != "" {
				b, _ := os.ReadFile(shot)
				os.WriteFile(filepath.Join(d, filepath.Base(shot)), b, 0o644)
			}

			// A second launch asks the first to show itself and exits 0.
			second := exec.Command(gui)
			second.Env = lenv
			errc := make(chan error, 1)
			go func() { errc <- second.Run() }()
			select {
			case err := <-errc:
				if err != nil {
					t.Errorf("second launch: %v", err)
				}
			case <-time.After(20 * time.Second):
				second.Process.Kill()
				t.Error("second launch did not exit")
			}
			win.mustBeRunning() // the first instance
		})
	}
}

// checkIcon fails unless window id carries Omamori's icon for the
// taskbar and the window switcher (_NET_WM_ICON: width, height, pixels).
func checkIcon(t *testing.T, id string) {
	t.Helper()
	out, err := exec.Command(testenv.Tool(t, "xprop", "x11-utils"), "-id", id, "-notype", "-len", "16",
		"-f", "_NET_WM_ICON", "32c", "_NET_WM_ICON").Output()
	if err != nil {
		t.Fatalf("xprop: %v", err)
	}
	want, err := png.DecodeConfig(bytes.NewReader(assets.Icon.Content()))
	if err != nil {
		t.Fatal(err)
	}
	head := fmt.Sprintf("_NET_WM_ICON = %d, %d", want.Width, want.Height)
	if !strings.HasPrefix(string(out), head) {
		t.Errorf("window icon: %.80q, want it to begin %q", out, head)
	}
}

// checkShot fails on an empty or one-colour screenshot (a window that
// never drew).
func checkShot(t *testing.T, path string, img image.Image) {
	t.Helper()
	colours := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	if b.Dx() < 300 || b.Dy() < 300 || len(colours) < 20 {
		t.Errorf("screenshot %s looks empty: %dx%d, %d colours", path, b.Dx(), b.Dy(), len(colours))
	}
}
