//go:build linux && cgo

package screenqr

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdlib.h>
#include <string.h>

static Display *omOpen(void) { return XOpenDisplay(NULL); }

// omShift returns how far right a colour mask's lowest bit sits, and its
// width, so any TrueColor layout becomes 8-bit channels.
static void omShift(unsigned long mask, int *shift, int *bits) {
	*shift = 0; *bits = 0;
	if (mask == 0) return;
	while (!(mask & 1)) { mask >>= 1; (*shift)++; }
	while (mask & 1) { mask >>= 1; (*bits)++; }
}

static unsigned char omChannel(unsigned long px, int shift, int bits) {
	unsigned long v = (px >> shift) & ((1UL << bits) - 1);
	if (bits >= 8) return (unsigned char)(v >> (bits - 8));
	return (unsigned char)(v * 255 / ((1UL << bits) - 1));
}

// omGrab copies screen n's root window into out (w*h*4 bytes, RGBA) and
// clears Xlib's copy before freeing it. 0 on success.
static int omGrab(Display *d, int n, unsigned char *out, int w, int h) {
	XImage *im = XGetImage(d, RootWindow(d, n), 0, 0, (unsigned)w, (unsigned)h, AllPlanes, ZPixmap);
	if (im == NULL) return 1;
	int rs, rb, gs, gb, bs, bb;
	omShift(im->red_mask, &rs, &rb);
	omShift(im->green_mask, &gs, &gb);
	omShift(im->blue_mask, &bs, &bb);
	int ok = rb > 0 && gb > 0 && bb > 0;
	for (int y = 0; ok && y < h; y++) {
		unsigned char *o = out + (size_t)y * w * 4;
		for (int x = 0; x < w; x++, o += 4) {
			unsigned long px = XGetPixel(im, x, y);
			o[0] = omChannel(px, rs, rb);
			o[1] = omChannel(px, gs, gb);
			o[2] = omChannel(px, bs, bb);
			o[3] = 255;
		}
	}
	memset(im->data, 0, (size_t)im->bytes_per_line * im->height);
	XDestroyImage(im);
	return ok ? 0 : 2;
}
*/
import "C"

import (
	"image"
	"os"
	"unsafe"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

// x11 reads every X screen's root window (XGetImage), which on one X
// screen spanning several monitors (Xinerama/RandR) is all of them. On
// Wayland the X server (Xwayland) sees only X programs' windows, so a
// browser running natively on Wayland is not in the picture.
type x11 struct{}

func system() Capturer { return x11{} }

const supported = true

// Capture opens a connection for this capture only and closes it: Xlib
// ends the process when a server it holds a connection to goes away.
func (x11) Capture() ([]image.Image, error) {
	if os.Getenv("DISPLAY") == "" {
		return nil, i18n.NewError(cat.M("no_display"), cat.M("hint_no_display"), nil)
	}
	d := C.omOpen()
	if d == nil {
		return nil, captureError(errf("cannot open X display %q", os.Getenv("DISPLAY")))
	}
	defer C.XCloseDisplay(d)
	var imgs []image.Image
	for n := range int(C.XScreenCount(d)) {
		w, h := int(C.XDisplayWidth(d, C.int(n))), int(C.XDisplayHeight(d, C.int(n)))
		if w <= 0 || h <= 0 || w > otpauth.MaxImageSide*2 || h > otpauth.MaxImageSide*2 {
			continue
		}
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		if rc := C.omGrab(d, C.int(n), (*C.uchar)(unsafe.Pointer(&img.Pix[0])), C.int(w), C.int(h)); rc != 0 {
			wipe(imgs)
			return nil, captureError(errf("XGetImage on screen %d failed (%d)", n, int(rc)))
		}
		imgs = append(imgs, img)
	}
	if len(imgs) == 0 {
		return nil, captureError(errf("no X screen to read"))
	}
	return imgs, nil
}
