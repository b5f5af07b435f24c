//go:build linux

// Package nfctest puts Omamori's virtual FIDO2 key (../virtualkey) on a
// virtual NFC reader, for tests of the real libfido2 over PC/SC. It is
// test support: import it only from _test.go files.
//
// How it works: a private pcscd (Debian's pcscd, foreground, as the test
// user) loads vsmartcard's vpcd driver from a reader.conf.d of its own
// (DEVICENAME /dev/null:0xPORT, a free port: vpcd then waits for cards
// on PORT and PORT+1, its two slots); the card, ../nfccard (the CTAP 2.1
// NFC applet) in front of the virtual key, connects to it from this
// process over loopback. (vpcd's reversed mode, where the reader
// connects to the card, makes Debian's pcscd 1.9.9 abort at once when a
// slot has no card: "bit out of range 0 - FD_SETSIZE on fd_set".) pcscd 1.9 takes its socket path only from the
// build (/run/pcscd/pcscd.comm; only clients read PCSCLITE_CSOCK_NAME),
// so it runs in a private mount namespace (unshare -m; for a user other
// than root inside a user namespace, unshare -r, where the kernel allows
// it) with a temp
// folder bound over /run/pcscd: a system pcscd is never touched. Clients
// get PCSCLITE_CSOCK_NAME pointing at the temp folder's socket.
//
// libfido2 must be built with PC/SC (scripts/libfido2-pcsc.sh; Debian's
// has none): OMAMORI_LIBFIDO2_PCSC names its install prefix. The key is
// then pcsc://slot0.
//
//	rig := nfctest.Start(t, nfctest.Options{})
//	cmd := rig.Command(omamoriBinary, "key", "list")
//	rig.Remove(); rig.Insert() // take the card off the reader and back
package nfctest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/securitykey/nfccard"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
	"github.com/omamori-app/omamori/internal/testenv"
)

// EnvPrefix names the install prefix of libfido2 built with PC/SC.
const EnvPrefix = "OMAMORI_LIBFIDO2_PCSC"

// Path is where libfido2 finds the card: the first reader.
const Path = "pcsc://slot0"

// readerName is the virtual reader's name; pcscd lists it as
// Reader ("Virtual PCD 00 00").
const readerName = "Virtual PCD"

// Reader is the name libfido2 reports for the virtual reader.
const Reader = readerName + " 00 00"

// Files the rig needs from Debian (pcscd, vsmartcard-vpcd, util-linux).
const (
	pcscd      = "/usr/sbin/pcscd"
	vpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
	socketDir  = "/run/pcscd" // pcscd's built-in folder
)

// Options configure a rig.
type Options struct {
	Key virtualkey.Options
}

// Rig is one virtual key on one virtual NFC reader.
type Rig struct {
	t      testing.TB
	key    *virtualkey.Key
	card   *nfccard.Card
	addr   string
	dir    string
	prefix string

	mu     sync.Mutex
	served *nfccard.Inserted
}

// RequireAll reports OMAMORI_REQUIRE_ALL=1: a missing tool fails the
// test instead of skipping it (scripts/test.sh sets it).
func RequireAll() bool { return testenv.RequireAll() }

func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	testenv.Missingf(t, "nfctest: "+format, args...)
}

// Prefix is the PC/SC libfido2 install prefix from OMAMORI_LIBFIDO2_PCSC;
// it skips (fails under OMAMORI_REQUIRE_ALL=1) when there is none.
func Prefix(t testing.TB) string {
	t.Helper()
	p := os.Getenv(EnvPrefix)
	if p == "" {
		skipOrFail(t, "%s is not set (scripts/libfido2-pcsc.sh builds libfido2 with PC/SC and prints the folder)", EnvPrefix)
	}
	if _, err := os.Stat(filepath.Join(p, "lib", "libfido2.so.1")); err != nil {
		skipOrFail(t, "%s: no libfido2 there: %v", EnvPrefix, err)
	}
	return p
}

// Start starts pcscd with the virtual reader and puts a new virtual key
// on it. Everything stops when the test ends.
func Start(t testing.TB, opts Options) *Rig {
	t.Helper()
	prefix := Prefix(t)
	for _, f := range []string{pcscd, vpcdDriver} {
		if _, err := os.Stat(f); err != nil {
			skipOrFail(t, "%s missing (Debian packages pcscd, vsmartcard-vpcd)", f)
		}
	}
	if _, err := exec.LookPath("unshare"); err != nil {
		skipOrFail(t, "a private pcscd needs unshare (util-linux)")
	}
	if opts.Key.Transports == nil {
		opts.Key.Transports = []string{"nfc"}
	}
	k, err := virtualkey.New(opts.Key)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "nfctest")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	r := &Rig{t: t, key: k, dir: dir, prefix: prefix}
	// The key powers up when the card is put on the reader (Insert) and
	// down when it is taken off (Remove). pcscd's own power-off after a
	// few idle seconds only deselects the applet: a key on the reader
	// keeps its reset window and PIN token, as a USB key does.
	r.card = &nfccard.Card{Applet: nfccard.NewApplet(k)}
	r.addr = freePort(t)
	r.startPCSCD(t)
	r.Insert()
	t.Cleanup(func() { r.Remove(); k.Unplug() })
	r.waitListed(t)
	return r
}

func (r *Rig) startPCSCD(t testing.TB) {
	t.Helper()
	run := filepath.Join(r.dir, "run")
	conf := filepath.Join(r.dir, "reader.conf.d")
	for _, d := range []string{run, conf} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(socketDir, 0o755); err != nil {
		skipOrFail(t, "%s is missing and cannot be made (%v): it is the mount point for pcscd's socket folder", socketDir, err)
	}
	port := r.addr[strings.LastIndex(r.addr, ":")+1:]
	var portNum int
	fmt.Sscan(port, &portNum)
	// The reader is named like vsmartcard's own default (pcscd adds
	// " 00 00"): nothing in its name says NFC, so a test cannot pass by
	// the name.
	readerConf := fmt.Sprintf("FRIENDLYNAME \"%s\"\nDEVICENAME /dev/null:0x%X\nLIBPATH %s\nCHANNELID 0x%X\n", readerName, portNum, vpcdDriver, portNum)
	if err := os.WriteFile(filepath.Join(conf, "vpcd"), []byte(readerConf), 0o644); err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(r.dir, "pcscd.log"))
	if err != nil {
		t.Fatal(err)
	}
	ns := []string{"--mount", "--propagation", "private"}
	if os.Geteuid() != 0 { // a user namespace lets a user mount there
		ns = append([]string{"--user", "--map-root-user"}, ns...)
	}
	cmd := exec.Command("unshare", append(ns, "sh", "-c",
		`mount --bind "$1" `+socketDir+` && exec "$2" --foreground --debug --config "$3"`,
		"sh", run, pcscd, conf)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logf.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logf.Name()); err == nil {
				t.Logf("pcscd log:\n%s", tail(string(b), 80))
			}
		}
	})
	sock := filepath.Join(run, "pcscd.comm")
	for deadline := time.Now().Add(15 * time.Second); ; {
		if _, err := os.Stat(sock); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("nfctest: pcscd did not start (no %s)", sock)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitListed waits until libfido2 can see the card: pcscd polls the
// reader for a card a few times a second.
func (r *Rig) waitListed(t testing.TB) {
	t.Helper()
	tok := filepath.Join(r.prefix, "bin", "fido2-token")
	if _, err := os.Stat(tok); err != nil {
		time.Sleep(2 * time.Second) // no tool to ask: give pcscd its polls
		return
	}
	var out []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		out, _ = r.Command(tok, "-L").CombinedOutput()
		if strings.Contains(string(out), Path) {
			return
		}
	}
	t.Fatalf("nfctest: libfido2 does not list %s: %q", Path, out)
}

// Key is the virtual authenticator on the card.
func (r *Rig) Key() *virtualkey.Key { return r.key }

// Card is the NFC card the key sits on.
func (r *Rig) Card() *nfccard.Card { return r.card }

// Prefix is the PC/SC libfido2 install prefix the rig uses.
func (r *Rig) Prefix() string { return r.prefix }

// Env returns what a subprocess needs to reach the rig's pcscd and load
// the PC/SC libfido2: PCSCLITE_CSOCK_NAME and LD_LIBRARY_PATH.
func (r *Rig) Env() []string {
	lib := filepath.Join(r.prefix, "lib")
	if old := os.Getenv("LD_LIBRARY_PATH"); old != "" {
		lib += ":" + old
	}
	return []string{"PCSCLITE_CSOCK_NAME=" + filepath.Join(r.dir, "run", "pcscd.comm"), "LD_LIBRARY_PATH=" + lib}
}

// Command is exec.Command with Env() added and a new session (no
// controlling tty: fido2-tools then read PINs from stdin).
func (r *Rig) Command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(testenv.EnvWithout("LD_LIBRARY_PATH", "PCSCLITE_CSOCK_NAME"), r.Env()...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	return cmd
}

// Remove takes the card off the reader.
func (r *Rig) Remove() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.served == nil {
		return
	}
	if err := r.served.Remove(); err != nil && !errors.Is(err, context.Canceled) {
		r.t.Logf("nfctest: card: %v", err)
	}
	r.served = nil
	r.key.Unplug()
}

// Insert puts the card (back) on the reader.
func (r *Rig) Insert() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.served != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var err error
	if r.served, err = nfccard.Insert(ctx, r.addr, r.card); err != nil {
		r.t.Fatalf("nfctest: card on %s: %v", r.addr, err)
	}
	if err := r.key.Plug(); err != nil {
		r.t.Fatal(err)
	}
}

// freePort returns 127.0.0.1:PORT with PORT and PORT+1 free a moment
// ago (vpcd listens on both).
func freePort(t testing.TB) string {
	t.Helper()
	for range 20 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		next, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port+1))
		if err == nil {
			next.Close()
			return fmt.Sprintf("127.0.0.1:%d", port)
		}
	}
	t.Fatal("nfctest: no two free ports in a row")
	return ""
}

func tail(s string, lines int) string {
	l := strings.Split(s, "\n")
	if len(l) > lines {
		l = l[len(l)-lines:]
	}
	return strings.Join(l, "\n")
}
