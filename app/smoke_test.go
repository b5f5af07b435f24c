package app_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
)

func have(tool string) bool { _, err := exec.LookPath(tool); return err == nil }

// buildBinaries gives the omamori binary, which is both the CLI and the
// window (testenv.BuildOmamori: under scripts/test.sh it is built once
// for all packages).
func buildBinaries(t *testing.T) (cli, gui string) {
	t.Helper()
	bin, err := testenv.BuildOmamori(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return bin, bin
}

// TestSmokeWindow enrols two accounts through the real CLI (setup code on
// stdin, secrets in the real Secret Service), starts the real binary
// under the X server in DISPLAY, waits for its window, saves a screenshot,
// and checks that a second launch hands over to the first and exits.
// OMAMORI_SHOTS_DIR=dir keeps the screenshots (docs/screenshots).
func TestSmokeWindow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the real binary")
	}
	testenv.Need(t, os.Getenv("DISPLAY") != "", "no DISPLAY: the smoke test needs an X server (Xvfb)")
	testenv.Need(t, os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "", "no D-Bus session: the smoke test needs the Secret Service (gnome-keyring)")
	testenv.Need(t, have("xdotool") && have("import"), "xdotool and ImageMagick's import are needed")
	cli, gui := buildBinaries(t)

	b := make([]byte, 6)
	rand.Read(b)
	cfg := filepath.Join(t.TempDir(), "cfg")
	env := append(os.Environ(),
		"OMAMORI_CONFIG_DIR="+cfg,
		"OMAMORI_KEYRING_SERVICE=omamori-smoke-"+hex.EncodeToString(b),
		"OMAMORI_TIME_SERVERS=off") // loopback only: no public time server
	run := func(stdin string, args ...string) {
		t.Helper()
		cmd := exec.Command(cli, args...)
		cmd.Env, cmd.Stdin = env, strings.NewReader(stdin)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("omamori %v: %v\n%s", args, err, out)
		}
	}
	run("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n", "add", "--name", "三菱 太郎")
	run("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n", "add", "--name", "みずほ証券")
	// Light colours, as most Windows desktops are, for the screenshots.
	if err := os.WriteFile(filepath.Join(cfg, "settings.json"), []byte(`{"theme":"light"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, n := range []string{"三菱 太郎", "みずほ証券"} {
			cmd := exec.Command(cli, "remove", n, "--yes")
			cmd.Env = env
			cmd.Run()
		}
	})

	for _, lang := range []string{"ja_JP.UTF-8", "en_US.UTF-8"} {
		t.Run(lang[:2], func(t *testing.T) {
			shot := filepath.Join(t.TempDir(), "omamori-"+lang[:2]+".png")
			lenv := append(env, "LANG="+lang, "LC_ALL=", "LANGUAGE=")
			win := exec.Command(gui)
			win.Env = lenv
			var stderr bytes.Buffer
			win.Stderr = &stderr
			start := time.Now()
			if err := win.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- win.Wait() }()
			defer func() {
				win.Process.Kill()
				<-done
			}()
			find := exec.Command("timeout", "60", "xdotool", "search", "--sync", "--onlyvisible", "--pid", itoa(win.Process.Pid))
			out, err := find.Output()
			if err != nil {
				t.Fatalf("window did not appear: %v\n%s", err, stderr.String())
			}
			t.Logf("window after %v", time.Since(start).Round(time.Millisecond))
			id := strings.Fields(string(out))[0]
			name, _ := exec.Command("xdotool", "getwindowname", id).Output()
			wantTitle := map[string]string{"ja": "お守り (Omamori)", "en": "Omamori"}[lang[:2]]
			if strings.TrimSpace(string(name)) != wantTitle {
				t.Errorf("window title %q, want %q", name, wantTitle)
			}
			time.Sleep(1500 * time.Millisecond) // first frames
			if out, err := exec.Command("import", "-window", id, shot).CombinedOutput(); err != nil {
				t.Fatalf("import: %v %s", err, out)
			}
			checkShot(t, shot)
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
			select {
			case err := <-done:
				t.Fatalf("first instance ended: %v\n%s", err, stderr.String())
			default:
			}
		})
	}
}

// checkShot fails on an empty or one-colour screenshot (a window that
// never drew).
func checkShot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
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

func itoa(n int) string { return strconv.Itoa(n) }
