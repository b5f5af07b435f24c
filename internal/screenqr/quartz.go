package screenqr

// The parts of the macOS capturer (capture_darwin.go) that need no macOS:
// the pixel conversion and the permission message, in a file without a
// build tag so that they are tested on every OS.

import (
	"image"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Bitmap info bits (CGImage.h): the alpha kind in the low five bits, the
// byte order of a 32-bit pixel in bits 12 to 14.
const (
	cgAlphaMask          = 0x1f
	cgAlphaPremulFirst   = 2
	cgAlphaFirst         = 4
	cgAlphaNoneSkipFirst = 6
	cgOrderMask          = 0x7000
	cgOrderDefault       = 0
	cgOrder32Big         = 4 << 12
	cgOrder32Little      = 2 << 12
)

// quartzOrder is where red, green and blue sit in a 4-byte pixel.
type quartzOrder struct{ r, g, b int }

var (
	orderBGRA = quartzOrder{2, 1, 0} // 32-bit little-endian, alpha first: what displays give
	orderARGB = quartzOrder{1, 2, 3} // 32-bit big-endian, alpha first
)

// pixelOrder tells the byte order of a display image from its bits per
// pixel and bitmap info. Displays give 32-bit pixels with alpha (or
// padding) first; anything else is refused rather than read wrongly.
func pixelOrder(bitsPerPixel int, info uint32) (quartzOrder, error) {
	if bitsPerPixel != 32 {
		return quartzOrder{}, errf("display image has %d bits per pixel", bitsPerPixel)
	}
	switch info & cgAlphaMask {
	case cgAlphaPremulFirst, cgAlphaFirst, cgAlphaNoneSkipFirst:
	default:
		return quartzOrder{}, errf("display image bitmap info %#x: alpha not first", info)
	}
	switch info & cgOrderMask {
	case cgOrder32Little:
		return orderBGRA, nil
	case cgOrder32Big, cgOrderDefault:
		return orderARGB, nil
	}
	return quartzOrder{}, errf("display image bitmap info %#x: unknown byte order", info)
}

// fromQuartz copies a w×h picture of 4-byte pixels, stride bytes a row
// (rows may be padded), into an opaque RGBA image. The screen's alpha is
// dropped: a display is opaque, and QR finding reads luminance only.
func fromQuartz(pix []byte, w, h, stride int, o quartzOrder) (*image.RGBA, error) {
	if w <= 0 || h <= 0 || stride < w*4 || len(pix) < (h-1)*stride+w*4 {
		return nil, errf("display image of %d bytes does not hold %d×%d pixels at %d bytes a row", len(pix), w, h, stride)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		src := pix[y*stride : y*stride+w*4]
		dst := img.Pix[y*img.Stride : y*img.Stride+w*4]
		for i := 0; i < len(src); i += 4 {
			dst[i], dst[i+1], dst[i+2], dst[i+3] = src[i+o.r], src[i+o.g], src[i+o.b], 0xff
		}
	}
	return img, nil
}

// permissionError is the error when macOS has not allowed Omamori to
// record the screen: where to allow it, and the screenshot way round.
func permissionError() error {
	return i18n.NewError(cat.M("mac_permission"), cat.M("hint_mac_permission"), nil)
}
