package app_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/app"
	"github.com/omamori-app/omamori/internal/testenv"
)

// TestSmokeTrayShowsAfterRelease starts the real binary hidden in the tray,
// checks that it loaded no OpenGL driver, and lets it hand its memory back (the fonts' pages, the Go and C heaps:
// app/memory.go, after settleTime), then shows it with a second launch,
// sends it back to the tray with the close button, and checks that the
// process started again in the tray (app/restart.go: same process, no
// OpenGL driver, its tray icon back), and shows it once more: each time
// the window draws in full.
func TestSmokeTrayShowsAfterRelease(t *testing.T) {
	needDesktop(t)
	testenv.Need(t, have("xdotool") && have("import"), "xdotool and ImageMagick's import are needed")
	sm := newSmoke(t, "omamori-tray-")
	sm.enrol([]string{"三菱 太郎"}, []string{"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"})
	settings := `{"theme":"light","start_hidden":true,"close_to_tray":true}`
	if err := os.WriteFile(filepath.Join(sm.cfg, "settings.json"), []byte(settings), 0o600); err != nil {
		t.Fatal(err)
	}
	wmclose := buildWMClose(t)

	w := &window{t: t, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	cmd := exec.Command(sm.gui)
	cmd.Env, cmd.Stderr = sm.env, w.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.pid = cmd.Process.Pid
	go func() { w.done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill(); <-w.done })
	w.waitTray()
	if id := visible(w.pid); id != "" {
		t.Fatalf("started hidden, yet window %s is on screen", id)
	}
	// No window was shown, so no OpenGL driver is loaded (Fyne patch 0012:
	// the tray's own window has no GL context); it is what costs most.
	if lib := glDriver(t, w.pid); lib != "" {
		t.Errorf("started hidden, yet the OpenGL driver is loaded: %s", lib)
	}

	for round := range 2 {
		time.Sleep(4 * time.Second) // past settleTime: the memory was handed back
		w.mustBeRunning()
		if round == 0 {
			mainThreadSleeps(t, w.pid, 10*time.Second)
			if restarted(t, w.pid) {
				t.Fatal("started in the tray and never shown, yet the process started again")
			}
		}
		second := exec.Command(sm.gui)
		second.Env = sm.env
		if err := second.Run(); err != nil {
			t.Fatalf("round %d: second launch: %v", round, err)
		}
		out, err := exec.Command("timeout", "30", "xdotool", "search", "--sync", "--onlyvisible", "--pid", itoa(w.pid)).Output()
		if err != nil {
			t.Fatalf("round %d: the second launch did not show the window: %v\n%s", round, err, w.stderr.String())
		}
		w.id = strings.Fields(string(out))[0]
		time.Sleep(1500 * time.Millisecond) // first frames
		shot := filepath.Join(t.TempDir(), "shown.png")
		checkShot(t, shot, w.screenshot(shot))

		w.closeToTray(wmclose)
		// Hidden after showing, it starts again in the tray (settleTime
		// after hiding): the OpenGL driver it loaded to draw goes with it.
		w.waitRestart(20 * time.Second)
	}
	w.mustBeRunning()
}

// TestSmokeTrayRestartKeepsTheCopiedCode copies a code and sends the window
// to the tray: on X11 the clipboard's content lives in the program that
// copied it, so the process must not start again while the code is there;
// once it is cleared on time (clear_seconds), it does.
func TestSmokeTrayRestartKeepsTheCopiedCode(t *testing.T) {
	needDesktop(t)
	testenv.Need(t, have("xdotool") && have("import") && have("xclip"), "xdotool, xclip and ImageMagick's import are needed")
	sm := newSmoke(t, "omamori-traycopy-", "LANG=en_US.UTF-8", "LC_ALL=", "LANGUAGE=")
	sm.enrol([]string{"Alpha"}, []string{"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"})
	settings := `{"theme":"light","close_to_tray":true,"clear_seconds":10}`
	if err := os.WriteFile(filepath.Join(sm.cfg, "settings.json"), []byte(settings), 0o600); err != nil {
		t.Fatal(err)
	}
	sm.putBackupReminderAway()
	wmclose := buildWMClose(t)

	w := startWindow(t, sm.gui, sm.env)
	w.waitTray()
	time.Sleep(1500 * time.Millisecond) // first frames
	code := clickCopy(t, w, sm, "Alpha")
	w.closeToTray(wmclose)
	time.Sleep(6 * time.Second) // past settleTime after hiding
	if restarted(t, w.pid) {
		t.Fatal("the process started again while our code was on the clipboard")
	}
	if got, err := clipboardText(); got != code {
		t.Fatalf("hidden in the tray: clipboard %q (xclip: %v), want the copied code %s", got, err, code)
	}
	w.waitRestart(30 * time.Second) // cleared 10 s after the copy, then settleTime
	if got, _ := clipboardText(); got == code {
		t.Fatal("started again, yet the code is still on the clipboard")
	}
}

// buildWMClose builds testdata/wmclose, which sends a window the window
// manager's close request (the close button).
func buildWMClose(t *testing.T) string {
	t.Helper()
	wmclose := filepath.Join(t.TempDir(), "wmclose")
	if out, err := exec.Command("go", "build", "-o", wmclose, "./testdata/wmclose").CombinedOutput(); err != nil {
		t.Fatalf("building wmclose: %v\n%s", err, out)
	}
	return wmclose
}

// closeToTray presses the window's close button and waits until it is
// hidden (close_to_tray is set).
func (w *window) closeToTray(wmclose string) {
	w.t.Helper()
	if out, err := exec.Command(wmclose, w.id).CombinedOutput(); err != nil {
		w.t.Fatalf("wmclose: %v %s", err, out)
	}
	deadline := time.Now().Add(10 * time.Second)
	for visible(w.pid) != "" {
		if time.Now().After(deadline) {
			w.t.Fatal("the close button did not send the window to the tray")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitRestart waits until the process has started again in the tray
// (app/restart.go): same process, run with TrayArg, no OpenGL driver
// mapped, its tray icon back on the bus.
func (w *window) waitRestart(within time.Duration) {
	w.t.Helper()
	deadline := time.Now().Add(within)
	for !restarted(w.t, w.pid) || glDriver(w.t, w.pid) != "" {
		w.mustBeRunning()
		if time.Now().After(deadline) {
			w.t.Fatalf("hidden after showing, the process did not start again in the tray within %v (OpenGL driver: %q)\n%s",
				within, glDriver(w.t, w.pid), w.stderr.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	w.waitTray()
}

// restarted reports whether process pid runs as started again in the tray
// (app/restart.go execs itself with TrayArg; this test starts it with none).
func restarted(t *testing.T, pid int) bool {
	t.Helper()
	b, err := os.ReadFile("/proc/" + itoa(pid) + "/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	return len(args) == 2 && args[1] == app.TrayArg
}

// visible is the id of a visible window of process pid, or "".
func visible(pid int) string {
	out, _ := exec.Command("xdotool", "search", "--onlyvisible", "--pid", itoa(pid)).Output()
	return strings.TrimSpace(string(out))
}

// glDriver is the first OpenGL driver library mapped into process pid (a
// Mesa DRI driver, libgallium, libLLVM), or "".
func glDriver(t *testing.T, pid int) string {
	t.Helper()
	maps, err := os.ReadFile("/proc/" + itoa(pid) + "/maps")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(maps), "\n") {
		if strings.Contains(line, "_dri.so") || strings.Contains(line, "libgallium") || strings.Contains(line, "libLLVM") {
			return line
		}
	}
	return ""
}

// mainThreadSleeps checks that, hidden in the tray, the event loop's thread
// (Fyne's main thread: its thread id is the process id) is not woken for d.
// Before Fyne patch 0014 the loop woke every 5 s and ticked twice, three
// context switches each time.
func mainThreadSleeps(t *testing.T, pid int, d time.Duration) {
	t.Helper()
	switches := func() int {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/status", pid, pid))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.HasSuffix(k, "ctxt_switches") {
				c, _ := strconv.Atoi(strings.TrimSpace(v))
				n += c
			}
		}
		return n
	}
	before := switches()
	time.Sleep(d)
	if n := switches() - before; n > 2 {
		t.Errorf("hidden in the tray, the event loop's thread switched %d times in %v (woken while nothing is shown)", n, d)
	}
}
