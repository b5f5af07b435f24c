package clipboard

import (
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// These run the real Win32 clipboard: under wine in scripts/windows-smoke.sh
// (a cross-built test binary) and on the Windows runner.

func TestSetMarksTextForNoHistory(t *testing.T) {
	if err := Set("123456"); err != nil {
		t.Fatal(err)
	}
	c, _ := System()
	if got := c.Content(); got != "123456" {
		t.Fatalf("Content() = %q, want 123456", got)
	}
	f, err := Formats()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f[FormatExclude]; !ok {
		t.Errorf("no %s format; have %v", FormatExclude, keys(f))
	}
	for _, name := range []string{FormatHistory, FormatCloud} {
		v, ok := DWORD(f[name])
		if !ok || v != 0 {
			t.Errorf("%s = %v (present %v), want DWORD 0", name, f[name], ok)
		}
	}
}

func TestEmptyStringClears(t *testing.T) {
	c, _ := System()
	if err := c.SetContent("654321"); err != nil {
		t.Fatal(err)
	}
	if err := c.SetContent(""); err != nil {
		t.Fatal(err)
	}
	if got := c.Content(); got != "" {
		t.Fatalf("after clearing Content() = %q", got)
	}
	f, err := Formats()
	if err != nil {
		t.Fatal(err)
	}
	if len(f) != 0 {
		t.Fatalf("formats left after clearing: %v", keys(f))
	}
}

func TestUnicodeRoundTrip(t *testing.T) {
	c, _ := System()
	if err := c.SetContent("三菱 太郎 123"); err != nil {
		t.Fatal(err)
	}
	if got := c.Content(); got != "三菱 太郎 123" {
		t.Fatalf("Content() = %q", got)
	}
}

// Another program may hold the clipboard open for a while: under wine, one
// whose GetClipboardData makes wine's X11 bridge fetch the X selection holds
// it for up to half a second per X target it tries. A copy must wait that
// out, not give up after 20 tries 10 ms apart while the window says the
// code was copied (issue 22).
func TestSetWaitsForAClipboardHeldASecond(t *testing.T) {
	done := holdClipboard(t, time.Second)
	if err := Set("246810"); err != nil {
		t.Fatalf("Set while another window held the clipboard for a second: %v", err)
	}
	<-done
	c, _ := System()
	if got := c.Content(); got != "246810" {
		t.Fatalf("Content() = %q, want 246810", got)
	}
}

// Held longer than we wait, the copy fails and SetContent says so: the
// window then says the copy did not work, not "copied" (issue 22).
func TestSetContentFailsWhenHeldLongerThanTheWait(t *testing.T) {
	c, _ := System()
	if err := c.SetContent("111111"); err != nil {
		t.Fatal(err)
	}
	done := holdClipboard(t, openWait+time.Second)
	err := c.SetContent("135790")
	<-done
	if err == nil {
		t.Fatal("SetContent reported no error while another window held the clipboard past the wait")
	}
	if got := c.Content(); got == "135790" {
		t.Fatalf("Content() = %q although SetContent failed", got)
	}
}

// holdClipboard has a window of another thread open the clipboard for d;
// it returns once the clipboard is held, and done closes when let go.
func holdClipboard(t *testing.T, d time.Duration) (done chan struct{}) {
	held := make(chan struct{})
	done = make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		// A window of its own, as another program's: one that opened the
		// clipboard with no window (as we do) would not keep us out.
		w, err := messageWindow()
		if err != nil {
			t.Error(err)
			close(held)
			return
		}
		defer procDestroyWindow.Call(w)
		if r, _, err := procOpenClipboard.Call(w); r == 0 {
			t.Errorf("the holder could not open the clipboard: %v", err)
			close(held)
			return
		}
		close(held)
		time.Sleep(d)
		procCloseClipboard.Call()
	}()
	<-held
	return done
}

var (
	procCreateWindowExW = user32.NewProc("CreateWindowExW")
	procDestroyWindow   = user32.NewProc("DestroyWindow")
)

// messageWindow makes a message-only window (parent HWND_MESSAGE) of the
// system class STATIC on this thread.
func messageWindow() (uintptr, error) {
	class, _ := windows.UTF16PtrFromString("STATIC")
	const hwndMessage = ^uintptr(2) // (HWND)-3
	w, _, err := procCreateWindowExW.Call(0, uintptr(unsafe.Pointer(class)), 0, 0, 0, 0, 0, 0, hwndMessage, 0, 0, 0)
	if w == 0 {
		return 0, err
	}
	return w, nil
}

func keys(m map[string][]byte) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}
