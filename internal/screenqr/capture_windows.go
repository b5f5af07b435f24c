package screenqr

import (
	"image"
	"runtime"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/omamori-app/omamori/internal/otpauth"
)

var (
	user32 = windows.NewLazySystemDLL("user32.dll")
	gdi32  = windows.NewLazySystemDLL("gdi32.dll")

	procGetSystemMetrics             = user32.NewProc("GetSystemMetrics")
	procGetDC                        = user32.NewProc("GetDC")
	procReleaseDC                    = user32.NewProc("ReleaseDC")
	procSetThreadDpiAwarenessContext = user32.NewProc("SetThreadDpiAwarenessContext")
	procCreateCompatibleDC           = gdi32.NewProc("CreateCompatibleDC")
	procCreateCompatibleBitmap       = gdi32.NewProc("CreateCompatibleBitmap")
	procSelectObject                 = gdi32.NewProc("SelectObject")
	procBitBlt                       = gdi32.NewProc("BitBlt")
	procGetDIBits                    = gdi32.NewProc("GetDIBits")
	procDeleteObject                 = gdi32.NewProc("DeleteObject")
	procDeleteDC                     = gdi32.NewProc("DeleteDC")
)

const (
	smXVirtualScreen  = 76
	smYVirtualScreen  = 77
	smCXVirtualScreen = 78
	smCYVirtualScreen = 79
	srcCopy           = 0x00CC0020
	captureBlt        = 0x40000000 // include layered (translucent) windows
	dibRGBColors      = 0
	// DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2: the virtual screen in
	// real pixels on every monitor, not scaled to the primary's DPI.
	perMonitorAwareV2 = ^uintptr(3) // (HANDLE)-4
)

type bitmapInfoHeader struct {
	Size          uint32
	Width         int32
	Height        int32
	Planes        uint16
	BitCount      uint16
	Compression   uint32
	SizeImage     uint32
	XPelsPerMeter int32
	YPelsPerMeter int32
	ClrUsed       uint32
	ClrImportant  uint32
}

// gdi copies the whole virtual screen (every monitor, in one picture) with
// BitBlt from the screen's device context.
type gdi struct{}

func system() Capturer { return gdi{} }

const supported = true

func metric(i uintptr) int {
	r, _, _ := procGetSystemMetrics.Call(i)
	return int(int32(r))
}

func (gdi) Capture() ([]image.Image, error) {
	// The DPI awareness is per thread: this goroutine keeps its thread
	// while it is changed, and gives it back as it was.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if procSetThreadDpiAwarenessContext.Find() == nil { // Windows 10 1607 and later
		old, _, _ := procSetThreadDpiAwarenessContext.Call(perMonitorAwareV2)
		if old != 0 {
			defer procSetThreadDpiAwarenessContext.Call(old)
		}
	}
	x, y := metric(smXVirtualScreen), metric(smYVirtualScreen)
	w, h := metric(smCXVirtualScreen), metric(smCYVirtualScreen)
	if w <= 0 || h <= 0 || w > otpauth.MaxImageSide*2 || h > otpauth.MaxImageSide*2 {
		return nil, captureError(errf("virtual screen is %d×%d", w, h))
	}
	img, err := blit(x, y, w, h)
	if err != nil {
		return nil, captureError(err)
	}
	return []image.Image{img}, nil
}

// blit copies the w×h screen area at x,y into an RGBA image.
func blit(x, y, w, h int) (*image.RGBA, error) {
	screen, _, _ := procGetDC.Call(0)
	if screen == 0 {
		return nil, errf("GetDC failed")
	}
	defer procReleaseDC.Call(0, screen)
	mem, _, _ := procCreateCompatibleDC.Call(screen)
	if mem == 0 {
		return nil, errf("CreateCompatibleDC failed")
	}
	defer procDeleteDC.Call(mem)
	bmp, _, _ := procCreateCompatibleBitmap.Call(screen, uintptr(w), uintptr(h))
	if bmp == 0 {
		return nil, errf("CreateCompatibleBitmap failed")
	}
	defer procDeleteObject.Call(bmp)
	old, _, _ := procSelectObject.Call(mem, bmp)
	if ok, _, e := procBitBlt.Call(mem, 0, 0, uintptr(w), uintptr(h), screen, uintptr(x), uintptr(y), srcCopy|captureBlt); ok == 0 {
		procSelectObject.Call(mem, old)
		return nil, errf("BitBlt failed: %v", e)
	}
	procSelectObject.Call(mem, old) // GetDIBits wants the bitmap not selected
	// BITMAPINFO: the header and room for a colour table, which GetDIBits
	// may write though 32-bit BI_RGB needs none.
	var info struct {
		hdr    bitmapInfoHeader
		colors [4]uint32
	}
	info.hdr = bitmapInfoHeader{Width: int32(w), Height: -int32(h), Planes: 1, BitCount: 32} // top-down, BI_RGB
	info.hdr.Size = uint32(unsafe.Sizeof(info.hdr))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if n, _, e := procGetDIBits.Call(mem, bmp, 0, uintptr(h), uintptr(unsafe.Pointer(&img.Pix[0])),
		uintptr(unsafe.Pointer(&info)), dibRGBColors); int(n) != h {
		clear(img.Pix)
		return nil, errf("GetDIBits copied %d of %d lines: %v", n, h, e)
	}
	for i := 0; i < len(img.Pix); i += 4 { // BGRX → RGBA
		img.Pix[i], img.Pix[i+2], img.Pix[i+3] = img.Pix[i+2], img.Pix[i], 0xff
	}
	return img, nil
}
