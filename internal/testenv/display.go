package testenv

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// OwnDisplay starts a private X server (Xvfb) for t, points DISPLAY at it
// for the rest of t (children inherit it) and stops it when t ends. It
// returns the display name, e.g. ":3".
//
// `go test ./...` runs packages in parallel. On one shared X server they
// share the clipboard, the keyboard focus and the screen: one package's
// clipboard test clears the selection another package's window just
// filled, or a window covers the one another test is photographing. A test
// that reads the clipboard, types or takes screenshots gets a server of its
// own. Xvfb picks a free display number itself (-displayfd).
func OwnDisplay(t testing.TB) string {
	t.Helper()
	xvfb := Tool(t, "Xvfb", "xvfb")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("Xvfb: %v", err)
	}
	w.Close()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	stop := func() {
		cmd.Process.Kill()
		<-done
	}

	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		number <- strings.TrimSpace(line)
	}()
	var n string
	select {
	case n = <-number:
	case <-time.After(30 * time.Second):
	}
	if n == "" {
		stop()
		t.Fatalf("Xvfb did not say which display it opened: %s", stderr.String())
	}
	t.Cleanup(stop)
	display := ":" + n
	t.Setenv("DISPLAY", display)
	t.Setenv("WAYLAND_DISPLAY", "")
	return display
}
