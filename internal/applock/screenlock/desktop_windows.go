//go:build windows

package screenlock

import (
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/omamori-app/omamori/internal/applock"
)

// On Windows the watch is a hidden top-level window of its own, on a
// locked OS thread with its own message loop (Fyne's window is GLFW's:
// its loop is not ours to hook). The session is announced to it by
// WTSRegisterSessionNotification (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
// and sleep by the WM_POWERBROADCAST (PBT_APMSUSPEND) that Windows sends
// to every top-level window. A top-level window and not a message-only
// one (HWND_MESSAGE): message-only windows get no broadcasts, and the
// other way to them, RegisterSuspendResumeNotification, is one more call
// that can fail; a window that is never shown is never on screen or in
// the taskbar.

const (
	wmDestroy          = 0x0002
	wmClose            = 0x0010
	wmPowerBroadcast   = 0x0218
	wmWTSSessionChange = 0x02B1
	pbtAPMSuspend      = 0x0004
	wtsSessionLock     = 0x7
	notifyForThisSess  = 0 // NOTIFY_FOR_THIS_SESSION

	// windowClass names the hidden window (tests find it by the name).
	windowClass = "OmamoriScreenLockWatch"
)

var (
	user32                   = windows.NewLazySystemDLL("user32.dll")
	wtsapi32                 = windows.NewLazySystemDLL("wtsapi32.dll")
	procRegisterClassExW     = user32.NewProc("RegisterClassExW")
	procCreateWindowExW      = user32.NewProc("CreateWindowExW")
	procDefWindowProcW       = user32.NewProc("DefWindowProcW")
	procGetMessageW          = user32.NewProc("GetMessageW")
	procDispatchMessageW     = user32.NewProc("DispatchMessageW")
	procPostMessageW         = user32.NewProc("PostMessageW")
	procPostQuitMessage      = user32.NewProc("PostQuitMessage")
	procWTSRegisterSession   = wtsapi32.NewProc("WTSRegisterSessionNotification")
	procWTSUnRegisterSession = wtsapi32.NewProc("WTSUnRegisterSessionNotification")
)

type wndClassEx struct {
	size       uint32
	style      uint32
	wndProc    uintptr
	clsExtra   int32
	wndExtra   int32
	instance   windows.Handle
	icon       uintptr
	cursor     uintptr
	background uintptr
	menuName   *uint16
	className  *uint16
	iconSm     uintptr
}

type msg struct {
	hwnd    uintptr
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	pt      struct{ x, y int32 }
	private uint32
}

// watches maps a window to its watch, for the window procedure (one
// callback for the process: Windows callbacks are never freed).
var watches sync.Map // uintptr → *watch

type watch struct {
	hwnd uintptr
	f    func(applock.Event)
	// sessionErr is why WTSRegisterSessionNotification failed (nil when
	// the screen lock is heard); sleep is heard either way.
	sessionErr error
	done       chan struct{}
}

// registerClass registers the window class once per process.
var registerClass = sync.OnceValues(func() (windows.Handle, error) {
	var inst windows.Handle
	if err := windows.GetModuleHandleEx(0, nil, &inst); err != nil {
		return 0, err
	}
	name, _ := windows.UTF16PtrFromString(windowClass)
	wc := wndClassEx{
		wndProc:   windows.NewCallback(wndProc),
		instance:  inst,
		className: name,
	}
	wc.size = uint32(unsafe.Sizeof(wc))
	if r, _, err := procRegisterClassExW.Call(uintptr(unsafe.Pointer(&wc))); r == 0 {
		return 0, fmt.Errorf("RegisterClassEx: %w", err)
	}
	return inst, nil
})

func wndProc(hwnd, m, wParam, lParam uintptr) uintptr {
	v, _ := watches.Load(hwnd)
	w, _ := v.(*watch)
	switch {
	case w == nil:
	case m == wmWTSSessionChange:
		if wParam == wtsSessionLock { // unlock, logon, remote...: not ours
			w.f(applock.ScreenLocked)
		}
		return 0
	case m == wmPowerBroadcast:
		if wParam == pbtAPMSuspend { // resume does not unlock
			w.f(applock.Sleeping)
		}
		return 1
	case m == wmDestroy:
		if w.sessionErr == nil {
			_, _, _ = procWTSUnRegisterSession.Call(hwnd)
		}
		watches.Delete(hwnd)
		_, _, _ = procPostQuitMessage.Call(0)
		return 0
	}
	r, _, _ := procDefWindowProcW.Call(hwnd, m, wParam, lParam)
	return r
}

// openWindow starts the watch's window and its loop; f runs on the
// loop's thread.
func openWindow(f func(applock.Event)) (*watch, error) {
	w := &watch{f: f, done: make(chan struct{})}
	ready := make(chan error, 1)
	go func() {
		// The window belongs to this thread: its messages come only here.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(w.done)
		if err := w.create(); err != nil {
			ready <- err
			return
		}
		ready <- nil
		var m msg
		for {
			r, _, _ := procGetMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
			if int32(r) <= 0 { // WM_QUIT (0) or an error (-1)
				return
			}
			_, _, _ = procDispatchMessageW.Call(uintptr(unsafe.Pointer(&m)))
		}
	}()
	if err := <-ready; err != nil {
		return nil, err
	}
	return w, nil
}

func (w *watch) create() error {
	inst, err := registerClass()
	if err != nil {
		return err
	}
	name, _ := windows.UTF16PtrFromString(windowClass)
	// No WS_VISIBLE, no parent: a hidden top-level window.
	hwnd, _, err := procCreateWindowExW.Call(0, uintptr(unsafe.Pointer(name)), 0, 0,
		0, 0, 0, 0, 0, 0, uintptr(inst), 0)
	if hwnd == 0 {
		return fmt.Errorf("CreateWindowEx: %w", err)
	}
	w.hwnd = hwnd
	watches.Store(hwnd, w)
	w.sessionErr = procWTSRegisterSession.Find()
	if w.sessionErr == nil {
		if r, _, err := procWTSRegisterSession.Call(hwnd, notifyForThisSess); r == 0 {
			w.sessionErr = fmt.Errorf("WTSRegisterSessionNotification: %w", err)
		}
	}
	return nil
}

// stop closes the window (DefWindowProc destroys it on its own thread)
// and waits for the loop to end.
func (w *watch) stop() {
	if r, _, _ := procPostMessageW.Call(w.hwnd, wmClose, 0, 0); r == 0 {
		return // the window is gone already: so is its loop
	}
	<-w.done
}

// WatchDesktop hears the session lock and sleep through a hidden window
// (see above); when the window cannot be made, it hears nothing and the
// lock comes from idle time only. stop ends the watch.
func WatchDesktop(f func(applock.Event)) (stop func()) {
	w, err := openWindow(f)
	if err != nil {
		return func() {}
	}
	return w.stop
}
