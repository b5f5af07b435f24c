package screenqr

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

// toQuartz lays img out as CoreGraphics gives a display: 4-byte pixels in
// order o, alpha (or padding) in the remaining byte, each row padded to
// stride bytes with junk that must not be read.
func toQuartz(img image.Image, stride int, o quartzOrder) []byte {
	b := img.Bounds()
	pix := make([]byte, stride*b.Dy())
	for i := range pix {
		pix[i] = 0x5a
	}
	alpha := 6 - o.r - o.g - o.b // the one index of 0..3 not used
	for y := range b.Dy() {
		for x := range b.Dx() {
			c := color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
			p := pix[y*stride+x*4:]
			p[o.r], p[o.g], p[o.b], p[alpha] = c.R, c.G, c.B, 0x00
		}
	}
	return pix
}

func TestFromQuartzConvertsBothByteOrders(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	colours := []color.RGBA{{10, 20, 30, 255}, {200, 0, 7, 255}, {1, 2, 3, 255}, {255, 255, 255, 255}, {0, 0, 0, 255}, {99, 150, 201, 255}}
	for i, c := range colours {
		src.SetRGBA(i%3, i/3, c)
	}
	for name, o := range map[string]quartzOrder{"BGRA": orderBGRA, "ARGB": orderARGB} {
		got, err := fromQuartz(toQuartz(src, 16, o), 3, 2, 16, o) // 12 bytes of pixels, 4 of padding a row
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, want := range colours {
			if c := got.RGBAAt(i%3, i/3); c != want {
				t.Errorf("%s: pixel %d,%d = %v, want %v (opaque, whatever the alpha byte held)", name, i%3, i/3, c, want)
			}
		}
	}
}

func TestFromQuartzRefusesAShortBuffer(t *testing.T) {
	pix := make([]byte, 16*2)
	for _, c := range []struct{ w, h, stride, size int }{
		{3, 2, 16, 16 + 11}, // last row cut short
		{5, 2, 16, 32},      // rows narrower than the width says
		{0, 2, 16, 32},
		{3, -1, 16, 32},
	} {
		if img, err := fromQuartz(pix[:c.size], c.w, c.h, c.stride, orderBGRA); err == nil {
			t.Errorf("%+v: got a %v image, want an error", c, img.Bounds())
		}
	}
	// The last row needs no padding after it.
	if _, err := fromQuartz(pix[:16+12], 3, 2, 16, orderBGRA); err != nil {
		t.Errorf("unpadded last row: %v", err)
	}
}

// A display picture laid out as macOS gives it, QR code and all, reads
// the code once converted.
func TestQuartzPictureReadsTheQR(t *testing.T) {
	desk := screen(t, map[image.Point]image.Image{{40, 30}: qrImage(t, uriA, 240)})
	w, h := desk.Bounds().Dx(), desk.Bounds().Dy()
	stride := w*4 + 64
	img, err := fromQuartz(toQuartz(desk, stride, orderBGRA), w, h, stride, orderBGRA)
	if err != nil {
		t.Fatal(err)
	}
	if got := collect([]image.Image{img}); len(got) != 1 || got[0].Text != uriA {
		t.Fatalf("got %+v, want %q", got, uriA)
	}
}

func TestPixelOrder(t *testing.T) {
	for _, c := range []struct {
		bits int
		info uint32
		want quartzOrder
		ok   bool
	}{
		{32, cgOrder32Little | cgAlphaPremulFirst, orderBGRA, true}, // what displays give
		{32, cgOrder32Little | cgAlphaNoneSkipFirst, orderBGRA, true},
		{32, cgOrder32Big | cgAlphaFirst, orderARGB, true},
		{32, cgOrderDefault | cgAlphaNoneSkipFirst, orderARGB, true},
		{32, cgOrder32Little | 1, quartzOrder{}, false}, // premultiplied last: RGBA or ABGR, not expected
		{32, 1 << 12, quartzOrder{}, false},             // 16-bit byte order
		{24, cgOrder32Little | cgAlphaNoneSkipFirst, quartzOrder{}, false},
		{64, cgOrder32Little | cgAlphaPremulFirst, quartzOrder{}, false},
	} {
		got, err := pixelOrder(c.bits, c.info)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("pixelOrder(%d, %#x) = %v, %v; want %v, ok %v", c.bits, c.info, got, err, c.want, c.ok)
		}
	}
}

// Without the Screen Recording permission the customer is told where to
// switch it on, in both languages, and that a screenshot works instead.
func TestPermissionErrorSaysWhereToAllow(t *testing.T) {
	err := permissionError()
	if i18n.MessageKey(err) != "mac_permission" {
		t.Fatalf("key %q", i18n.MessageKey(err))
	}
	for l, want := range map[i18n.Lang][]string{
		i18n.EN: {"System Settings", "Privacy & Security", "Screen Recording", "reopen", "--qr"},
		i18n.JA: {"システム設定", "プライバシーとセキュリティ", "画面収録", "スクリーンショット", "--qr"},
	} {
		s := i18n.Localize(err, l)
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: %q lacks %q", l, s, w)
			}
		}
	}
}
