package clipboard

import (
	"encoding/binary"
	"errors"
	"runtime"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32   = windows.NewLazySystemDLL("user32.dll")
	kernel32 = windows.NewLazySystemDLL("kernel32.dll")

	procOpenClipboard            = user32.NewProc("OpenClipboard")
	procCloseClipboard           = user32.NewProc("CloseClipboard")
	procEmptyClipboard           = user32.NewProc("EmptyClipboard")
	procSetClipboardData         = user32.NewProc("SetClipboardData")
	procGetClipboardData         = user32.NewProc("GetClipboardData")
	procEnumClipboardFormats     = user32.NewProc("EnumClipboardFormats")
	procGetClipboardFormatNameW  = user32.NewProc("GetClipboardFormatNameW")
	procRegisterClipboardFormatW = user32.NewProc("RegisterClipboardFormatW")
	procGlobalAlloc              = kernel32.NewProc("GlobalAlloc")
	procGlobalFree               = kernel32.NewProc("GlobalFree")
	procGlobalLock               = kernel32.NewProc("GlobalLock")
	procGlobalUnlock             = kernel32.NewProc("GlobalUnlock")
	procGlobalSize               = kernel32.NewProc("GlobalSize")
	procRtlMoveMemory            = kernel32.NewProc("RtlMoveMemory")
)

const (
	cfUnicodeText = 13
	gmemMoveable  = 0x0002
)

type win struct{}

func system() Clipboard { return win{} }

// Content returns the clipboard's text, "" when it holds none or is busy.
func (win) Content() string {
	var s string
	_ = withClipboard(func() error {
		b, ok := data(cfUnicodeText)
		if ok {
			s = utf16z(b)
		}
		return nil
	})
	return s
}

// SetContent replaces the clipboard with text and the three markers that
// keep it out of clipboard history and the cloud clipboard; "" empties it.
func (win) SetContent(text string) error { return Set(text) }

// Set is SetContent; it fails when the clipboard is held by another
// program for longer than we wait.
func Set(text string) error {
	return withClipboard(func() error {
		if r, _, err := procEmptyClipboard.Call(); r == 0 {
			return err
		}
		if text == "" {
			return nil
		}
		u, err := windows.UTF16FromString(text)
		if err != nil {
			return err
		}
		if err := setData(cfUnicodeText, unsafe.Slice((*byte)(unsafe.Pointer(&u[0])), len(u)*2)); err != nil {
			return err
		}
		zero := make([]byte, 4) // DWORD 0: "no" for the two Can... formats; any data for Exclude...
		for _, name := range []string{FormatExclude, FormatHistory, FormatCloud} {
			f, err := register(name)
			if err != nil {
				return err
			}
			if err := setData(f, zero); err != nil {
				return err
			}
		}
		return nil
	})
}

// Formats lists the formats on the clipboard by name (registered formats) or
// as "#n" (standard ones), with their data, for tests and diagnostics.
func Formats() (map[string][]byte, error) {
	out := map[string][]byte{}
	err := withClipboard(func() error {
		f := uintptr(0)
		for {
			r, _, err := procEnumClipboardFormats.Call(f)
			if r == 0 {
				if errors.Is(err, windows.ERROR_SUCCESS) {
					return nil
				}
				return err
			}
			f = r
			b, _ := data(uint32(f))
			out[formatName(uint32(f))] = b
		}
	})
	return out, err
}

// DWORD reads a 4-byte little-endian value, the data of the Can... formats.
func DWORD(b []byte) (uint32, bool) {
	if len(b) < 4 {
		return 0, false
	}
	return binary.LittleEndian.Uint32(b), true
}

func formatName(f uint32) string {
	buf := make([]uint16, 256)
	n, _, _ := procGetClipboardFormatNameW.Call(uintptr(f), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if n == 0 {
		return "#" + itoa(f)
	}
	return windows.UTF16ToString(buf[:n])
}

func itoa(n uint32) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// openWait is how long withClipboard waits for another program to close
// the clipboard. Under wine, a program reading a format the X11 bridge
// renders from the X selection holds it for up to half a second per X target
// tried; 200 ms was too short, and the copy was lost while the window said
// コピーしました (issue 22). Copies run on the UI goroutine, so not longer.
const openWait = 2500 * time.Millisecond

// withClipboard opens the clipboard for this thread (it is per thread,
// hence the lock), retrying every 10 ms for up to openWait while another
// program holds it.
func withClipboard(f func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	deadline := time.Now().Add(openWait)
	for {
		r, _, err := procOpenClipboard.Call(0)
		if r != 0 {
			defer procCloseClipboard.Call()
			return f()
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func register(name string) (uint32, error) {
	p, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return 0, err
	}
	r, _, err := procRegisterClipboardFormatW.Call(uintptr(unsafe.Pointer(p)))
	if r == 0 {
		return 0, err
	}
	return uint32(r), nil
}

// setData copies b into global memory the clipboard then owns.
func setData(format uint32, b []byte) error {
	h, _, err := procGlobalAlloc.Call(gmemMoveable, uintptr(len(b)))
	if h == 0 {
		return err
	}
	p, _, err := procGlobalLock.Call(h)
	if p == 0 {
		procGlobalFree.Call(h)
		return err
	}
	if len(b) > 0 {
		procRtlMoveMemory.Call(p, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
	}
	procGlobalUnlock.Call(h)
	if r, _, err := procSetClipboardData.Call(uintptr(format), h); r == 0 {
		procGlobalFree.Call(h)
		return err
	}
	return nil
}

// data copies the clipboard's data in format (the clipboard must be open).
func data(format uint32) ([]byte, bool) {
	h, _, _ := procGetClipboardData.Call(uintptr(format))
	if h == 0 {
		return nil, false
	}
	p, _, _ := procGlobalLock.Call(h)
	if p == 0 {
		return nil, false
	}
	defer procGlobalUnlock.Call(h)
	n, _, _ := procGlobalSize.Call(h)
	out := make([]byte, n)
	if n > 0 {
		procRtlMoveMemory.Call(uintptr(unsafe.Pointer(&out[0])), p, n)
	}
	return out, true
}

// utf16z decodes NUL-terminated UTF-16LE.
func utf16z(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return windows.UTF16ToString(u)
}
