package screenlock

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/omamori-app/omamori/internal/applock"
)

// privateBus starts a dbus-daemon of its own, so the test never talks to
// the desktop's bus.
func privateBus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("no dbus-daemon on this machine")
	}
	cmd := exec.Command(bin, "--session", "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(addr)
}

func connect(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	c, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// A fake org.freedesktop.ScreenSaver on a private bus: its ActiveChanged
// (true) locks, ActiveChanged(false) (the screen unlocked) does not
// unlock or lock, and after stop nothing is heard.
func TestScreenSaverSignalLocks(t *testing.T) {
	addr := privateBus(t)
	saver := connect(t, addr)
	if r, err := saver.RequestName("org.freedesktop.ScreenSaver", 0); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("fake screen saver: %v %v", r, err)
	}
	app := connect(t, addr)
	l := applock.New(applock.Config{Enabled: true}, nil, nil)
	l.SetConfig(applock.Config{}) // unlocked, then on again: the state of a customer at the PC
	l.SetConfig(applock.Config{Enabled: true})
	events := make(chan applock.Event, 4)
	stop, err := Watch(app, func(e applock.Event) { l.Event(e); events <- e })
	if err != nil {
		t.Fatal(err)
	}
	emit := func(iface, member string, v bool) {
		t.Helper()
		if err := saver.Emit("/org/freedesktop/ScreenSaver", iface+"."+member, v); err != nil {
			t.Fatal(err)
		}
	}
	emit(screenSaverIface, "ActiveChanged", false)
	emit(screenSaverIface, "ActiveChanged", true)
	select {
	case e := <-events:
		if e != applock.ScreenLocked {
			t.Fatalf("heard %v first, want ScreenLocked (the false signal must be ignored)", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the screen saver's ActiveChanged(true) was not heard")
	}
	if !l.Locked() {
		t.Fatal("not locked after the screen locked")
	}
	emit(logindIface, "PrepareForSleep", true)
	select {
	case e := <-events:
		if e != applock.Sleeping {
			t.Fatalf("heard %v, want Sleeping", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("PrepareForSleep(true) was not heard")
	}
	stop()
	emit(screenSaverIface, "ActiveChanged", true)
	select {
	case e := <-events:
		t.Fatalf("heard %v after stop", e)
	case <-time.After(300 * time.Millisecond):
	}
}
