package screenqr

import (
	"image"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

// quartz captures every active display with CoreGraphics, called through
// purego rather than cgo so that the darwin cross-build (CGO_ENABLED=0)
// compiles and vets this file too. CGDisplayCreateImage is the per-display
// sibling of CGWindowListCreateImage (same pixels, same Screen Recording
// permission) and takes a display ID rather than a CGRect by value. Both
// are deprecated in favour of ScreenCaptureKit (macOS 14) but still in
// CoreGraphics; a symbol missing on some later macOS makes Capture say
// screen reading is not available, not crash.
type quartz struct{}

func system() Capturer { return quartz{} }

const supported = true

const maxDisplays = 16

// The CoreGraphics and CoreFoundation functions Capture calls, bound once.
var cg struct {
	once sync.Once
	err  error

	preflight    func() bool // CGPreflightScreenCaptureAccess (10.15+)
	request      func() bool // CGRequestScreenCaptureAccess (10.15+)
	displays     func(max uint32, ids *uint32, count *uint32) int32
	createImage  func(display uint32) uintptr
	width        func(img uintptr) uintptr
	height       func(img uintptr) uintptr
	bytesPerRow  func(img uintptr) uintptr
	bitsPerPixel func(img uintptr) uintptr
	bitmapInfo   func(img uintptr) uint32
	provider     func(img uintptr) uintptr
	copyData     func(provider uintptr) uintptr
	bytePtr      func(data uintptr) unsafe.Pointer
	length       func(data uintptr) int
	release      func(cf uintptr)
}

func bind() error {
	cg.once.Do(func() {
		const dir = "/System/Library/Frameworks/"
		graphics, err := purego.Dlopen(dir+"CoreGraphics.framework/CoreGraphics", purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			cg.err = err
			return
		}
		foundation, err := purego.Dlopen(dir+"CoreFoundation.framework/CoreFoundation", purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err != nil {
			cg.err = err
			return
		}
		for _, f := range []struct {
			lib  uintptr
			name string
			fn   any
		}{
			{graphics, "CGPreflightScreenCaptureAccess", &cg.preflight},
			{graphics, "CGRequestScreenCaptureAccess", &cg.request},
			{graphics, "CGGetActiveDisplayList", &cg.displays},
			{graphics, "CGDisplayCreateImage", &cg.createImage},
			{graphics, "CGImageGetWidth", &cg.width},
			{graphics, "CGImageGetHeight", &cg.height},
			{graphics, "CGImageGetBytesPerRow", &cg.bytesPerRow},
			{graphics, "CGImageGetBitsPerPixel", &cg.bitsPerPixel},
			{graphics, "CGImageGetBitmapInfo", &cg.bitmapInfo},
			{graphics, "CGImageGetDataProvider", &cg.provider},
			{graphics, "CGDataProviderCopyData", &cg.copyData},
			{foundation, "CFDataGetBytePtr", &cg.bytePtr},
			{foundation, "CFDataGetLength", &cg.length},
			{foundation, "CFRelease", &cg.release},
		} {
			sym, err := purego.Dlsym(f.lib, f.name)
			if err != nil {
				cg.err = err
				return
			}
			purego.RegisterFunc(f.fn, sym)
		}
	})
	return cg.err
}

func (quartz) Capture() ([]image.Image, error) {
	if err := bind(); err != nil {
		return nil, i18n.NewError(cat.M("unsupported"), cat.M("hint_unsupported"), err)
	}
	if !cg.preflight() {
		// The first request shows macOS's own prompt and puts Omamori in
		// the Screen Recording list; later ones do nothing. Either way
		// the customer has to switch it on and reopen Omamori.
		cg.request()
		return nil, permissionError()
	}
	var ids [maxDisplays]uint32
	var n uint32
	if e := cg.displays(maxDisplays, &ids[0], &n); e != 0 || n == 0 {
		return nil, captureError(errf("CGGetActiveDisplayList: error %d, %d displays", e, n))
	}
	var imgs []image.Image
	for _, id := range ids[:min(n, maxDisplays)] {
		img, err := display(id)
		if err != nil {
			wipe(imgs)
			return nil, captureError(err)
		}
		imgs = append(imgs, img)
	}
	return imgs, nil
}

// display copies one display's picture into an RGBA image and lets
// CoreGraphics free its own copy at once.
func display(id uint32) (*image.RGBA, error) {
	ref := cg.createImage(id)
	if ref == 0 {
		return nil, errf("CGDisplayCreateImage(%d) gave nothing", id)
	}
	defer cg.release(ref)
	w, h := int(cg.width(ref)), int(cg.height(ref))
	if w <= 0 || h <= 0 || w > otpauth.MaxImageSide*2 || h > otpauth.MaxImageSide*2 {
		return nil, errf("display %d is %d×%d", id, w, h)
	}
	order, err := pixelOrder(int(cg.bitsPerPixel(ref)), cg.bitmapInfo(ref))
	if err != nil {
		return nil, err
	}
	provider := cg.provider(ref) // owned by the image: not released here
	if provider == 0 {
		return nil, errf("CGImageGetDataProvider gave nothing")
	}
	data := cg.copyData(provider)
	if data == 0 {
		return nil, errf("CGDataProviderCopyData gave nothing")
	}
	defer cg.release(data)
	ptr, size := cg.bytePtr(data), cg.length(data)
	if ptr == nil || size <= 0 {
		return nil, errf("CFData is empty")
	}
	return fromQuartz(unsafe.Slice((*byte)(ptr), size), w, h, int(cg.bytesPerRow(ref)), order)
}
