//go:build !windows

package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// ttyRun is the binary running on a real pseudo-terminal, as a person at
// a terminal would run it: its own session, the terminal as controlling
// terminal, so Ctrl-C raises SIGINT and the line discipline is the
// kernel's own.
type ttyRun struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File
	tty  *os.File // kept open to read the terminal's modes after exit

	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
	rc   int
}

func (r *cliRun) onTTY(args ...string) *ttyRun {
	r.t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service,
		"LANG="+r.lang, "LC_ALL=", "LC_MESSAGES=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	p := &ttyRun{t: r.t, cmd: cmd, ptmx: ptmx, tty: tty, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 1024)
		for {
			n, err := ptmx.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			p.rc = ee.ExitCode()
		}
		close(p.done)
	}()
	r.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		ptmx.Close()
		tty.Close()
	})
	return p
}

func (p *ttyRun) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitFor waits until the terminal shows s.
func (p *ttyRun) waitFor(s string) {
	p.t.Helper()
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(p.output(), s) {
			return
		}
	}
	p.t.Fatalf("terminal never showed %q; it shows:\n%s", s, p.output())
}

func (p *ttyRun) send(s string) {
	p.t.Helper()
	if _, err := p.ptmx.WriteString(s); err != nil {
		p.t.Fatal(err)
	}
}

// exit waits for the command to end by itself and returns its status.
func (p *ttyRun) exit() int {
	p.t.Helper()
	select {
	case <-p.done:
		return p.rc
	case <-time.After(10 * time.Second):
		p.t.Fatalf("still running 10 s after the key press; terminal shows:\n%s", p.output())
		return -1
	}
}

// echoOn reports whether the terminal echoes again.
func (p *ttyRun) echoOn() bool {
	t, err := unix.IoctlGetTermios(int(p.tty.Fd()), unix.TCGETS)
	if err != nil {
		p.t.Fatal(err)
	}
	return t.Lflag&unix.ECHO != 0
}

func TestCancelAtSetupCodePrompt(t *testing.T) {
	for _, c := range []struct{ name, keys string }{
		{"ctrl-c", "\x03"},
		{"ctrl-c after typing", "JBSWY3DP\x03"},
		{"ctrl-d", "\x04"},
		{"ctrl-d after typing", "JBSWY3DP\x04"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newCLI(t)
			p := r.onTTY("add", "--name", "A")
			p.waitFor("setup code")
			p.send(c.keys)
			if rc := p.exit(); rc != 1 {
				t.Errorf("exit %d, want 1", rc)
			}
			p.waitFor("Cancelled")
			if !p.echoOn() {
				t.Error("echo left off")
			}
			if out, _, _ := r.run("", "list", "--json"); strings.TrimSpace(out) != "[]" {
				t.Errorf("something was registered: %s", out)
			}
		})
	}
}

func TestCancelInJapanese(t *testing.T) {
	r := newCLI(t)
	r.lang = "ja_JP.UTF-8"
	p := r.onTTY("add", "--name", "A")
	p.waitFor("設定用番号")
	p.send("\x03")
	if rc := p.exit(); rc != 1 {
		t.Errorf("exit %d, want 1", rc)
	}
	p.waitFor("キャンセルしました")
}

func TestAddOnTerminal(t *testing.T) {
	r := newCLI(t)
	p := r.onTTY("add", "--name", "A")
	p.waitFor("setup code")
	secret := randomSecret()
	p.send(secret + "\r")
	if rc := p.exit(); rc != 0 {
		t.Fatalf("exit %d:\n%s", rc, p.output())
	}
	if strings.Contains(p.output(), secret) {
		t.Error("the setup code was echoed")
	}
	if out, _, _ := r.run("", "list", "--json"); !strings.Contains(out, `"A"`) {
		t.Errorf("not registered: %s", out)
	}
}

func TestRemoveConfirmation(t *testing.T) {
	r := newCLI(t)
	if _, e, rc := r.run(randomSecret(), "add", "--name", "A"); rc != 0 {
		t.Fatal(e)
	}
	for _, c := range []struct {
		name, keys string
		rc         int
		removed    bool
	}{
		{"ctrl-c", "\x03", 1, false},
		{"ctrl-d", "\x04", 1, false},
		{"yes please", "yes please\r", 1, false},
		{"y n", "y n\r", 1, false},
		{"no", "n\r", 1, false},
		{"full-width YES", "ＹＥＳ\r", 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := r.onTTY("remove", "A")
			p.waitFor("remove")
			p.send(c.keys)
			if rc := p.exit(); rc != c.rc {
				t.Errorf("exit %d, want %d:\n%s", rc, c.rc, p.output())
			}
			if !p.echoOn() {
				t.Error("echo left off")
			}
			out, _, _ := r.run("", "list", "--json")
			if removed := !strings.Contains(out, `"A"`); removed != c.removed {
				t.Errorf("removed=%v, want %v", removed, c.removed)
			}
		})
	}
}

// --qr takes only a regular file: a FIFO used to block for ever.
func TestAddQRRefusesNonFiles(t *testing.T) {
	r := newCLI(t)
	fifo := filepath.Join(t.TempDir(), "qr.png")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, "/dev/zero", t.TempDir()} {
		done := make(chan struct{})
		var e string
		var rc int
		go func() { _, e, rc = r.run("", "add", "--name", "A", "--qr", p); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("add --qr %s still running after 20 s", p)
		}
		if rc != 1 || !strings.Contains(e, "not an image file") {
			t.Errorf("add --qr %s: rc=%d %q", p, rc, e)
		}
	}
}

// Deleting lost registration info asks through the same prompt: Ctrl-C
// cancels and keeps it.
func TestRecoverDeleteCancel(t *testing.T) {
	r := newCLI(t)
	if _, e, rc := r.run(randomSecret(), "add", "--name", "A"); rc != 0 {
		t.Fatal(e)
	}
	for _, n := range []string{"accounts.json", "accounts.json.bak"} {
		os.Remove(filepath.Join(r.config, n))
	}
	p := r.onTTY("recover", "--delete", "A")
	p.waitFor("Delete the registration info")
	p.send("\x03")
	if rc := p.exit(); rc != 1 {
		t.Errorf("exit %d, want 1", rc)
	}
	p.waitFor("Cancelled")
	if out, _, _ := r.run("", "recover", "--json"); !strings.Contains(out, `"A"`) {
		t.Errorf("deleted after Ctrl-C: %s", out)
	}
}

// The security-key questions go through the same prompt: Ctrl-C at a PIN
// or at reset's confirmation ends the command at once (practice key, so
// no hardware is needed and nothing real could change).
func TestCancelAtKeyPrompts(t *testing.T) {
	for _, c := range []struct {
		name, shows, keys string
		args              []string
	}{
		{"set-pin ctrl-c", "new PIN", "\x03", []string{"key", "set-pin", "--practice"}},
		{"set-pin ctrl-d", "new PIN", "12\x04", []string{"key", "set-pin", "--practice"}},
		{"change-pin ctrl-c", "PIN", "\x03", []string{"key", "change-pin", "--practice"}},
		{"reset ctrl-c", "reset this key", "\x03", []string{"key", "reset", "--practice"}},
		{"reset ctrl-d", "reset this key", "\x04", []string{"key", "reset", "--practice"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newCLI(t)
			p := r.onTTY(c.args...)
			p.waitFor(c.shows)
			p.send(c.keys)
			if rc := p.exit(); rc != 1 {
				t.Errorf("exit %d, want 1:\n%s", rc, p.output())
			}
			p.waitFor("Cancelled")
			if !p.echoOn() {
				t.Error("echo left off")
			}
		})
	}
}
