//go:build windows

package screenlock

import (
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/omamori-app/omamori/internal/applock"
)

var procFindWindowW = user32.NewProc("FindWindowW")

const (
	hwndBroadcast        = 0xFFFF
	wtsSessionUnlock     = 0x8
	pbtAPMResumeAutomatc = 0x12
)

func findWatchWindow() uintptr {
	name, _ := windows.UTF16PtrFromString(windowClass)
	h, _, _ := procFindWindowW.Call(uintptr(unsafe.Pointer(name)), 0)
	return h
}

func post(t *testing.T, hwnd, m, wParam uintptr) {
	t.Helper()
	if r, _, err := procPostMessageW.Call(hwnd, m, wParam, 0); r == 0 {
		t.Fatalf("PostMessage(%#x, %#x, %#x): %v", hwnd, m, wParam, err)
	}
}

// want waits for the next event: it must be e.
func want(t *testing.T, events <-chan applock.Event, e applock.Event, what string) {
	t.Helper()
	select {
	case got := <-events:
		if got != e {
			t.Fatalf("%s: heard %v, want %v (the message before it must be ignored)", what, got, e)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: nothing heard", what)
	}
}

// The hidden window of the watch, found by its class name as another
// program would: the session-lock message locks (the unlock before it
// does not), the suspend broadcast to every top-level window reaches it
// and means sleep (the resume before it does not), and stop destroys the
// window and ends its loop; a second watch after it works the same
// (the window class is registered once per process).
func TestWindowHearsSessionLockAndSuspend(t *testing.T) {
	for round := 1; round <= 2; round++ {
		events := make(chan applock.Event, 4)
		w, err := openWindow(func(e applock.Event) { events <- e })
		if err != nil {
			t.Fatal(err)
		}
		// Measured, not required: wine 8 answers success from a stub.
		t.Logf("round %d: WTSRegisterSessionNotification: %v", round, w.sessionErr)
		hwnd := findWatchWindow()
		if hwnd == 0 || hwnd != w.hwnd {
			t.Fatalf("FindWindow(%q) = %#x, the watch's window is %#x", windowClass, hwnd, w.hwnd)
		}
		post(t, hwnd, wmWTSSessionChange, wtsSessionUnlock)
		post(t, hwnd, wmWTSSessionChange, wtsSessionLock)
		want(t, events, applock.ScreenLocked, "WTS_SESSION_LOCK")
		post(t, hwndBroadcast, wmPowerBroadcast, pbtAPMResumeAutomatc)
		post(t, hwndBroadcast, wmPowerBroadcast, pbtAPMSuspend)
		want(t, events, applock.Sleeping, "PBT_APMSUSPEND broadcast")

		stopped := make(chan struct{})
		go func() { w.stop(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			t.Fatal("stop did not end the message loop")
		}
		if h := findWatchWindow(); h != 0 {
			t.Fatalf("the window %#x is still there after stop", h)
		}
		select {
		case e := <-events:
			t.Fatalf("heard %v after stop", e)
		default:
		}
	}
}

// WatchDesktop, as the app calls it, locks an enabled lock on the
// session-lock message and its stop leaves no window.
func TestWatchDesktopLocks(t *testing.T) {
	l := applock.New(applock.Config{Enabled: true}, nil, nil)
	l.SetConfig(applock.Config{}) // unlocked, then on again: the customer at the PC
	l.SetConfig(applock.Config{Enabled: true})
	heard := make(chan struct{}, 1)
	stop := WatchDesktop(func(e applock.Event) { l.Event(e); heard <- struct{}{} })
	hwnd := findWatchWindow()
	if hwnd == 0 {
		t.Fatal("WatchDesktop made no window")
	}
	if l.Locked() {
		t.Fatal("locked before any message")
	}
	post(t, hwnd, wmWTSSessionChange, wtsSessionLock)
	select {
	case <-heard:
	case <-time.After(5 * time.Second):
		t.Fatal("the session lock was not heard")
	}
	if !l.Locked() {
		t.Fatal("not locked after the session locked")
	}
	stop()
	if findWatchWindow() != 0 {
		t.Fatal("a window is left after stop")
	}
}
