//go:build linux

package cli

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
)

// A signal to the process while libfido2 waits for the key must not end
// the exchange. Go sends its own threads signals (SIGURG to preempt a
// goroutine, SIGCHLD, SIGPROF); one that reached the thread waiting in
// libfido2's ppoll ended the wait with EINTR, libfido2 said FIDO_ERR_RX, and
// the command said it could not talk to the key (seen once in CI under
// load). go-libfido2 patch 0001 has libfido2 block signals while it waits.
func TestKeySurvivesSignalsWhileWaiting(t *testing.T) {
	r := fidotest.Start(t, fidotest.Options{})
	pad := r.UseTouchPad(30 * time.Second)
	dev := r.Path()
	if run := keyCLI(t, r, "1234\n1234\n", nil, "set-pin", "--device", dev); run.code != ExitOK {
		t.Fatalf("set-pin: %+v", run)
	}
	cmd := keyHelper(r, "test", "--device", dev, "--json")
	cmd.Stdin = strings.NewReader("1234\n")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-pad.Requests():
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the key was never asked for a touch:\n%s", out.String())
	}
	// Every thread of the child, several rounds: whichever one waits in
	// ppoll gets some. SIGURG is what Go's own preemption sends.
	sent := 0
	for range 20 {
		tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", cmd.Process.Pid))
		for _, task := range tasks {
			if tid, err := strconv.Atoi(task.Name()); err == nil && syscall.Tgkill(cmd.Process.Pid, tid, syscall.SIGURG) == nil {
				sent++
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.Touch()
	done := make(chan struct{})
	go func() { // the self-test asks for a touch more than once
		for {
			select {
			case <-pad.Requests():
				r.Touch()
			case <-done:
				return
			}
		}
	}()
	cmd.Wait()
	close(done)
	if code := cmd.ProcessState.ExitCode() - 100; code != ExitOK || !strings.Contains(out.String(), `"ok": true`) {
		t.Fatalf("after %d signals to its threads while it waited for a touch, key test exited %d:\n%s", sent, code, out.String())
	}
}
