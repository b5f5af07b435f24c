//go:build windows

package glcheck

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32   = windows.NewLazySystemDLL("user32.dll")
	gdi32    = windows.NewLazySystemDLL("gdi32.dll")
	opengl32 = windows.NewLazySystemDLL("opengl32.dll")

	createWindowEx    = user32.NewProc("CreateWindowExW")
	destroyWindow     = user32.NewProc("DestroyWindow")
	getDC             = user32.NewProc("GetDC")
	releaseDC         = user32.NewProc("ReleaseDC")
	messageBox        = user32.NewProc("MessageBoxW")
	choosePixelFormat = gdi32.NewProc("ChoosePixelFormat")
	setPixelFormat    = gdi32.NewProc("SetPixelFormat")
	wglCreateContext  = opengl32.NewProc("wglCreateContext")
	wglMakeCurrent    = opengl32.NewProc("wglMakeCurrent")
	wglDeleteContext  = opengl32.NewProc("wglDeleteContext")
	glGetString       = opengl32.NewProc("glGetString")
)

// pixelFormatDescriptor is PIXELFORMATDESCRIPTOR (40 bytes).
type pixelFormatDescriptor struct {
	Size, Version                                            uint16
	Flags                                                    uint32
	PixelType, ColorBits, RedBits, RedShift                  uint8
	GreenBits, GreenShift, BlueBits, BlueShift               uint8
	AlphaBits, AlphaShift, AccumBits, AccumRedBits           uint8
	AccumGreenBits, AccumBlueBits, AccumAlphaBits, DepthBits uint8
	StencilBits, AuxBuffers, LayerType, Reserved             uint8
	LayerMask, VisibleMask, DamageMask                       uint32
}

const (
	pfdDrawToWindow  = 0x4
	pfdSupportOpenGL = 0x20
	pfdDoubleBuffer  = 0x1
	wsPopup          = 0x80000000
	glVersion        = 0x1F02
	glRenderer       = 0x1F01
	mbIconError      = 0x10
)

// Check makes a hidden window with a plain (legacy) OpenGL context, which
// gives the highest version the driver has, and compares GL_VERSION with
// 2.1, as GLFW will.
func Check() error {
	if err := opengl32.Load(); err != nil {
		return &Error{Step: "load opengl32.dll"}
	}
	cls, _ := windows.UTF16PtrFromString("STATIC")
	hwnd, _, _ := createWindowEx.Call(0, uintptr(unsafe.Pointer(cls)), 0, wsPopup, 0, 0, 1, 1, 0, 0, 0, 0)
	if hwnd == 0 {
		return nil // cannot even make a window: let GLFW report its own error
	}
	defer destroyWindow.Call(hwnd)
	hdc, _, _ := getDC.Call(hwnd)
	if hdc == 0 {
		return nil
	}
	defer releaseDC.Call(hwnd, hdc)
	pfd := pixelFormatDescriptor{Version: 1, Flags: pfdDrawToWindow | pfdSupportOpenGL | pfdDoubleBuffer, ColorBits: 32, DepthBits: 24, StencilBits: 8}
	pfd.Size = uint16(unsafe.Sizeof(pfd))
	pf, _, _ := choosePixelFormat.Call(hdc, uintptr(unsafe.Pointer(&pfd)))
	if pf == 0 {
		return &Error{Step: "ChoosePixelFormat"}
	}
	if ok, _, _ := setPixelFormat.Call(hdc, pf, uintptr(unsafe.Pointer(&pfd))); ok == 0 {
		return &Error{Step: "SetPixelFormat"}
	}
	ctx, _, _ := wglCreateContext.Call(hdc)
	if ctx == 0 {
		return &Error{Step: "wglCreateContext"}
	}
	defer wglDeleteContext.Call(ctx)
	if ok, _, _ := wglMakeCurrent.Call(hdc, ctx); ok == 0 {
		return &Error{Step: "wglMakeCurrent"}
	}
	defer wglMakeCurrent.Call(0, 0)
	pv, _, _ := glGetString.Call(glVersion)
	pr, _, _ := glGetString.Call(glRenderer)
	v, r := cString(pv), cString(pr)
	if !Enough(v) {
		return &Error{Version: v, Renderer: r}
	}
	return nil
}

func cString(p uintptr) string {
	if p == 0 {
		return ""
	}
	return windows.BytePtrToString((*byte)(unsafe.Add(unsafe.Pointer(nil), p))) // memory owned by opengl32
}

// MessageBox shows a native error box (no OpenGL needed).
func MessageBox(title, text string) {
	t, _ := windows.UTF16PtrFromString(title)
	m, _ := windows.UTF16PtrFromString(text)
	messageBox.Call(0, uintptr(unsafe.Pointer(m)), uintptr(unsafe.Pointer(t)), mbIconError)
}
