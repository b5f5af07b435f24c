//go:build linux

package timesynctest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A server that never answers is stopped, SIGTERM ignored or not, and
// the error says so; one that exits says that instead. The rig's own
// failure paths: they once held CI for 30 minutes.
func TestStartChronyStopsOneThatDoesNotAnswer(t *testing.T) {
	answerWithin = time.Second
	t.Cleanup(func() { answerWithin = 20 * time.Second })
	dir := t.TempDir()
	for _, c := range []struct{ name, script, want string }{
		{"silent", "exec sleep 600", "does not answer"},
		{"ignores SIGTERM", "trap '' TERM\nwhile :; do sleep 1; done", "does not answer"},
		{"exits", "echo cannot bind >&2; exit 3", "chronyd exited: exit status 3\ncannot bind"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fake := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			// In faketime's place: it ignores the arguments meant for faketime and chronyd.
			if err := os.WriteFile(fake, []byte("#!/bin/sh\necho $$ >"+fake+".pid\n"+c.script+"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			_, err := startChrony(t, fake, "chronyd", "127.0.0.1", "+0s")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
			b, _ := os.ReadFile(fake + ".pid")
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatalf("no pid: %q", b)
			}
			if err := syscall.Kill(pid, 0); err == nil {
				t.Fatalf("process %d is still there", pid)
			}
		})
	}
}
