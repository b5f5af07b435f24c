// Package keyringtest gives tests a real OS keyring under a throw-away
// service name, and ways to look at it without going through the
// adapter under test.
//
// Tests that need it skip when no Secret Service is reachable, and fail
// instead when OMAMORI_REQUIRE_ALL=1 (internal/testenv). Run them under
//
//	dbus-run-session -- sh -c 'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; go test ./...'
package keyringtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	dbus "github.com/godbus/dbus/v5"
	gokeyring "github.com/zalando/go-keyring"

	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/testenv"
)

// Real returns the real keyring under a service name of its own
// ("omamori-test-<random>"), so it never meets a user's accounts; the
// service's items are deleted when t ends.
func Real(t testing.TB) *keyring.Secrets {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	s := keyring.New("omamori-test-" + hex.EncodeToString(b))
	s.Timeout = 20 * time.Second
	if _, _, err := s.Get("probe"); err != nil {
		testenv.Missing(t, "no usable OS keyring (on Linux run under dbus-run-session with gnome-keyring-daemon --unlock): "+err.Error())
	}
	t.Cleanup(func() { _ = gokeyring.DeleteAll(s.Service) })
	return s
}

// IDs lists the user names (account ids) of every item filed under
// service in the Secret Service, locked or not, without reading any
// secret. Linux only.
func IDs(t testing.TB, service string) []string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("keyringtest.IDs needs the Secret Service")
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		t.Fatal(err)
	}
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var unlocked, locked []dbus.ObjectPath
	err = svc.Call("org.freedesktop.Secret.Service.SearchItems", 0, map[string]string{"service": service}).Store(&unlocked, &locked)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range append(unlocked, locked...) {
		v, err := conn.Object("org.freedesktop.secrets", p).GetProperty("org.freedesktop.Secret.Item.Attributes")
		if gone(err) {
			continue // deleted since the search (a fault test's late deletes land now)
		}
		if err != nil {
			t.Fatal(err)
		}
		attrs, _ := v.Value().(map[string]string)
		ids = append(ids, attrs["username"])
	}
	return ids
}

// gone: the item was deleted between the search and the read. GDBus
// answers "Object does not exist at path" as UnknownMethod (older GLib)
// or UnknownObject.
func gone(err error) bool {
	var de dbus.Error
	return errors.As(err, &de) && (de.Name == "org.freedesktop.DBus.Error.UnknownObject" ||
		de.Name == "org.freedesktop.DBus.Error.UnknownMethod")
}

// Clear deletes the item of id with secret-tool, a client independent of
// go-keyring, as a user or another program might.
func Clear(t testing.TB, service, id string) {
	t.Helper()
	if _, err := exec.LookPath("secret-tool"); err != nil {
		testenv.Missing(t, "secret-tool not found (Debian: libsecret-tools)")
	}
	if out, err := exec.Command("secret-tool", "clear", "service", service, "username", id).CombinedOutput(); err != nil {
		t.Fatalf("secret-tool clear: %v: %s", err, out)
	}
}

// Daemon is the pid of the process that owns the Secret Service on this
// test's private D-Bus session (gnome-keyring-daemon), for fault tests
// that pause or kill it.
func Daemon(t testing.TB) int {
	t.Helper()
	conn, err := dbus.SessionBus()
	if err != nil {
		testenv.Missing(t, "no D-Bus session: "+err.Error())
		return 0
	}
	var pid uint32
	err = conn.BusObject().Call("org.freedesktop.DBus.GetConnectionUnixProcessID", 0, "org.freedesktop.secrets").Store(&pid)
	if err != nil || pid == 0 {
		testenv.Missing(t, "no Secret Service owner on the session bus")
		return 0
	}
	return int(pid)
}

// CPU is the processor time (user and system) process pid has used, from
// /proc (Linux; 0 elsewhere or if it cannot be read): benchmarks report
// the keyring daemon's share and their own apart, since on a shared
// machine the wall time says more about the load than about either.
func CPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces: count from its ")".
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64) // fields 14 and 15, in clock ticks
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, which Linux fixes at 100 for /proc on every
// architecture Go supports.
const clockTicks = 100
