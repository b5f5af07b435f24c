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
	"sync"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/testenv"
)

// The smoke tests' shared steps: the real binaries, a private settings
// folder and keyring service, accounts enrolled through the real CLI, the
// window found on the X server and its screenshots.

// needDesktop skips under -short and skips (fails under
// OMAMORI_REQUIRE_ALL) without the Secret Service the real binary needs,
// and gives the test an X server of its own (testenv.OwnDisplay: other
// packages' tests run at the same time and use the clipboard and the
// screen too).
func needDesktop(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and starts the real binary")
	}
	testenv.Need(t, os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "", "no D-Bus session: the smoke test needs the Secret Service (gnome-keyring)")
	testenv.OwnDisplay(t)
}

func have(tool string) bool { _, err := exec.LookPath(tool); return err == nil }

func itoa(n int) string { return strconv.Itoa(n) }

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

// smoke is one smoke test's installation: the binaries, and an
// environment with its own settings folder and keyring service.
type smoke struct {
	t        *testing.T
	cli, gui string
	cfg      string
	env      []string
}

// newSmoke builds the binaries and an environment whose keyring service
// is named prefix plus a random suffix; extra is added to it.
func newSmoke(t *testing.T, prefix string, extra ...string) *smoke {
	t.Helper()
	s := &smoke{t: t, cfg: filepath.Join(t.TempDir(), "cfg")}
	s.cli, s.gui = buildBinaries(t)
	b := make([]byte, 6)
	rand.Read(b)
	s.env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+s.cfg, "OMAMORI_KEYRING_SERVICE="+prefix+hex.EncodeToString(b),
		"OMAMORI_TIME_SERVERS=off") // loopback only: no public time server
	s.env = append(s.env, extra...)
	return s
}

// run runs the CLI with stdin and returns its standard output.
func (s *smoke) run(stdin string, args ...string) []byte {
	s.t.Helper()
	cmd := exec.Command(s.cli, args...)
	cmd.Env, cmd.Stdin = s.env, strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		s.t.Fatalf("omamori %v: %v\n%s%s", args, err, out, stderr.Bytes())
	}
	return out
}

// enrol adds accounts (name → setup code) through the CLI, each removed
// from the keyring again when the test ends.
func (s *smoke) enrol(names []string, codes []string) {
	s.t.Helper()
	for i, n := range names {
		s.run(codes[i]+"\n", "add", "--name", n)
	}
	s.t.Cleanup(func() {
		for _, n := range names {
			cmd := exec.Command(s.cli, "remove", n, "--yes")
			cmd.Env = s.env
			cmd.Run()
		}
	})
}

// window is the running window binary.
type window struct {
	t      *testing.T
	id     string // X window id
	pid    int
	stderr *lockedBuffer
	done   chan error
}

// lockedBuffer is the window's standard error, read while it writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startWindow starts the window binary with env and waits (up to 60 s)
// for its window to show; the process is killed when the test ends.
func startWindow(t *testing.T, gui string, env []string) *window {
	t.Helper()
	w := &window{t: t, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	cmd := exec.Command(gui)
	cmd.Env, cmd.Stderr = env, w.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.pid = cmd.Process.Pid
	go func() { w.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-w.done
	})
	out, err := exec.Command("timeout", "60", "xdotool", "search", "--sync", "--onlyvisible", "--pid", itoa(cmd.Process.Pid)).Output()
	if err != nil {
		t.Fatalf("window did not appear: %v\n%s", err, w.stderr.String())
	}
	w.id = strings.Fields(string(out))[0]
	return w
}

// mustBeRunning fails the test if the window's process has ended, or if
// Fyne caught it touching the window off the UI goroutine (it logs
// "Error in Fyne call thread" and rescues the call; the next Fyne release
// will not).
func (w *window) mustBeRunning() {
	w.t.Helper()
	select {
	case err := <-w.done:
		w.done <- err // for the clean-up
		w.t.Fatalf("the window ended: %v\n%s", err, w.stderr.String())
	default:
	}
	if out := w.stderr.String(); strings.Contains(out, "Error in Fyne call thread") {
		w.t.Errorf("the window touched Fyne off its UI goroutine:\n%s", out)
	}
}

// waitTray waits (up to 10 s) for the window's tray icon: Fyne's
// systray owns org.kde.StatusNotifierItem-PID-1 on the session bus.
func (w *window) waitTray() {
	w.t.Helper()
	name := "string:org.kde.StatusNotifierItem-" + itoa(w.pid) + "-1"
	for range 100 {
		out, _ := exec.Command("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
			"/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", name).Output()
		if strings.Contains(string(out), "boolean true") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	w.t.Errorf("no tray icon on the session bus (%s)\n%s", name, w.stderr.String())
}

// screenshot saves the window as a PNG at path and returns it.
func (w *window) screenshot(path string) image.Image {
	w.t.Helper()
	if out, err := exec.Command("import", "-window", w.id, path).CombinedOutput(); err != nil {
		w.t.Fatalf("import: %v %s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		w.t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		w.t.Fatal(err)
	}
	return img
}

// xdotool runs xdotool with args (a click, a key, typing) and fails t if
// it fails.
func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
}

// putBackupReminderAway records the backup reminder as put away today: it
// would push the list down, and the tests click rows at fixed places.
func (s *smoke) putBackupReminderAway() {
	s.t.Helper()
	if err := backup.SaveState(s.cfg, backup.State{Dismissed: time.Now().Format(time.DateOnly)}); err != nil {
		s.t.Fatal(err)
	}
}
