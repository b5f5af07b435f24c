//go:build linux

// Package fidotest runs the real libfido2 against Omamori's virtual FIDO2
// key (../virtualkey), for tests. It is test support: import it only from
// _test.go files.
//
// How it works: the virtual key is served on an AF_UNIX SOCK_SEQPACKET
// socket by this (the test) process. hidshim (../testdata/hidshim), an
// LD_PRELOAD library built with gcc, makes libfido2 see the socket as the
// hidraw device /dev/hidraw-omamoriN and list it through a fake libudev
// (real hidraw devices are hidden under the shim). Unplugging closes the
// server and removes the socket: reads fail as for a removed key and the
// device leaves the list.
//
// # Subprocesses (fido2-token, the omamori binary)
//
//	rig := fidotest.Start(t, fidotest.Options{})
//	cmd := rig.Command("fido2-token", "-I", rig.Path())
//	// or: cmd.Env = append(os.Environ(), rig.Env()...)
//
// rig.Command starts the program in a new session (no controlling tty),
// so fido2-tools read a PIN from stdin instead of /dev/tty.
//
// # In-process libfido2 (go-libfido2) tests
//
// LD_PRELOAD must be set when a process starts, so a package whose tests
// call libfido2 itself re-executes its test binary under the shim:
//
//	func TestMain(m *testing.M) { os.Exit(fidotest.RunPackageUnderShim(m)) }
//
//	func TestSetPIN(t *testing.T) {
//		rig := fidotest.Start(t, fidotest.Options{})
//		dev, _ := libfido2.NewDevice(rig.Path())
//		...
//	}
//
// RunPackageUnderShim builds the shim once, then runs the same test binary
// with the same flags as a child with LD_PRELOAD and a list of socket
// slots; Start in the child takes a free slot, so each rig has its own
// device path and rigs may run in parallel (each sees the others' keys in
// libfido2's device list, though). rig.UnderShim() tells whether this
// process can use libfido2 on the rig. If gcc is missing, the tests run
// without the shim and Start skips (fails with OMAMORI_REQUIRE_ALL=1).
//
// # Controlling the key
//
// rig.Key() is the *virtualkey.Key (state, presence policy, in-process
// CTAP2). rig.Unplug()/rig.Plug() simulate removing and reinserting the
// key (a power cycle: PIN and credentials stay; the 3-wrong-PIN block is
// lifted and the 10-second reset window opens again). rig.UseTouchPad(d)
// makes the key wait for rig.Touch() (timeout d → USER_ACTION_TIMEOUT);
// the default approves every touch. libfido2's fido_dev_cancel (CTAPHID
// CANCEL) ends a wait with CTAP2_ERR_KEEPALIVE_CANCEL.
//
// # Keys that behave differently
//
// Options.Key.Quirks makes the key behave like real keys that differ
// from the default (no credential management, a cancel that is ignored,
// retries counted down to 0, FIDO_2_0 only with x5c attestation, every
// credential resident; see virtualkey.Quirks). Variants lists the kinds
// table-driven tests run against:
//
//	for _, v := range fidotest.Variants() {
//		t.Run(v.Name, func(t *testing.T) { rig := fidotest.Start(t, v.Options(virtualkey.Options{})); ... })
//	}
//
// OMAMORI_RIG_VARIANTS=default,nocredmgmt narrows the list.
package fidotest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
	"github.com/omamori-app/omamori/internal/testenv"
)

// Options configure a rig.
type Options struct {
	// Key configures the virtual key (presence, state, slots...).
	Key virtualkey.Options
}

// Rig is one virtual key plugged into the (fake) USB port.
type Rig struct {
	t       testing.TB
	key     *virtualkey.Key
	srv     *Server
	shim    string
	sockets string // value for EnvSocket
	path    string // device path
	under   bool

	mu      sync.Mutex
	plugged bool
}

var (
	slotMu sync.Mutex
	slots  = map[int]bool{}
)

// Start builds the shim (once per test binary run under
// RunPackageUnderShim), creates a plugged-in virtual key and serves it.
// Everything is torn down when the test ends.
func Start(t testing.TB, opts Options) *Rig {
	t.Helper()
	r := &Rig{t: t}
	if os.Getenv(envChild) == "1" {
		r.under = true
		r.startSlot(t, opts)
	} else {
		r.shim = shimFor(t)
		dir, err := os.MkdirTemp("", "fidotest") // short: socket paths max 107 bytes
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		r.sockets = filepath.Join(dir, "key0.sock")
		r.path = DevicePrefix + "0"
		sock := r.sockets
		r.serve(t, opts, sock)
	}
	return r
}

func (r *Rig) startSlot(t testing.TB, opts Options) {
	r.shim = os.Getenv(envShim)
	r.sockets = os.Getenv(EnvSocket)
	list := strings.Split(r.sockets, ":")
	slotMu.Lock()
	idx := -1
	for i := range list {
		if !slots[i] {
			idx = i
			slots[i] = true
			break
		}
	}
	slotMu.Unlock()
	if idx < 0 {
		t.Fatalf("fidotest: all %d key slots in use", len(list))
	}
	t.Cleanup(func() {
		slotMu.Lock()
		delete(slots, idx)
		slotMu.Unlock()
	})
	r.path = fmt.Sprintf("%s%d", DevicePrefix, idx)
	r.serve(t, opts, list[idx])
}

func (r *Rig) serve(t testing.TB, opts Options, sock string) {
	t.Helper()
	k, err := virtualkey.New(opts.Key)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Serve(k, sock)
	if err != nil {
		t.Fatal(err)
	}
	r.key, r.srv, r.plugged = k, srv, true
	t.Cleanup(func() {
		k.Unplug()
		srv.Stop()
	})
}

// Key is the virtual authenticator behind the rig.
func (r *Rig) Key() *virtualkey.Key { return r.key }

// Path is the device path libfido2 opens, e.g. /dev/hidraw-omamori0.
func (r *Rig) Path() string { return r.path }

// UnderShim reports whether this process runs under the shim, i.e. may
// use libfido2 (go-libfido2) on Path() itself.
func (r *Rig) UnderShim() bool { return r.under }

// Env returns the variables a subprocess needs to see the key:
// LD_PRELOAD (the shim first, then any preload already set) and
// OMAMORI_HIDSHIM_SOCKET. Append them to os.Environ().
func (r *Rig) Env() []string {
	preload := r.shim
	if old := os.Getenv("LD_PRELOAD"); old != "" && !strings.Contains(old, r.shim) {
		preload += " " + old
	}
	return []string{"LD_PRELOAD=" + preload, EnvSocket + "=" + r.sockets}
}

// Command is exec.Command with Env() added and a new session (no
// controlling tty: fido2-tools then read PINs from stdin).
func (r *Rig) Command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = append(testenv.EnvWithout("LD_PRELOAD", EnvSocket), r.Env()...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	return cmd
}

// Unplug removes the key: open handles fail, it leaves the device list,
// and a command waiting for a touch is abandoned.
func (r *Rig) Unplug() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.plugged {
		return
	}
	r.key.Unplug()
	r.srv.Stop()
	r.plugged = false
}

// Plug inserts the key again (power-up: the reset window opens).
func (r *Rig) Plug() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.plugged {
		return
	}
	if err := r.key.Plug(); err != nil {
		r.t.Fatal(err)
	}
	if err := r.srv.Restart(); err != nil {
		r.t.Fatal(err)
	}
	r.plugged = true
}

// Replug is Unplug then Plug.
func (r *Rig) Replug() { r.Unplug(); r.Plug() }

// UseTouchPad makes the key wait for Touch (up to timeout) whenever it
// needs user presence, and returns the pad (see TouchPad.Requests to
// learn when the key asks).
func (r *Rig) UseTouchPad(timeout time.Duration) *virtualkey.TouchPad {
	p := virtualkey.NewTouchPad(timeout)
	r.key.SetPresence(p)
	return p
}

// Touch touches the key (with a TouchPad; otherwise touches are automatic).
func (r *Rig) Touch() { r.key.Touch() }
