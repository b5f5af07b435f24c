package otpauth

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeQR reads JPEG
	_ "image/png"  // and PNG
	"io"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	goqrcode "github.com/skip2/go-qrcode"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Limits on a QR image. A screenshot of a whole 4K screen is 3840×2160; a
// bigger image is more likely a decompression bomb than a QR code.
const (
	MaxImageSide   = 8192
	MaxImagePixels = 32 << 20 // a 6K display's screenshot, with room to spare
	MaxImageBytes  = 32 << 20
)

// DecodeQR reads a PNG or JPEG image and returns the text of the QR code
// in it. Errors are *i18n.Error.
func DecodeQR(r io.Reader) (text string, err error) {
	img, err := DecodeImage(r)
	if err != nil {
		return "", err
	}
	text, err = scan(img)
	if err != nil {
		return "", i18n.NewError(cat.M("no_qr"), cat.M("hint_no_qr"), err)
	}
	return text, nil
}

// DecodeImage reads a PNG or JPEG image within the limits above (checked
// from its header, before decoding). Errors are *i18n.Error.
func DecodeImage(r io.Reader) (image.Image, error) {
	br := bufio.NewReader(io.LimitReader(r, MaxImageBytes))
	head, _ := br.Peek(64 << 10)
	cfg, _, err := image.DecodeConfig(bytes.NewReader(head))
	if err != nil {
		// DecodeConfig needs only the header; if 64 KiB is not enough
		// the file is no image we want either.
		return nil, i18n.NewError(cat.M("not_image"), cat.M("hint_image"), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide ||
		cfg.Width*cfg.Height > MaxImagePixels {
		return nil, i18n.NewError(cat.M("image_too_large", "Width", cfg.Width, "Height", cfg.Height, "Max", MaxImageSide, "MaxPixels", MaxImagePixels),
			cat.M("hint_image_smaller"), nil)
	}
	img, _, err := image.Decode(br)
	if err != nil {
		return nil, i18n.NewError(cat.M("not_image"), cat.M("hint_image"), err)
	}
	return img, nil
}

// scan finds a QR code in img: as is, then trying harder, then with light
// and dark swapped (a dark-mode screenshot). gozxing is a port of Java
// code that indexes arrays freely; an unforeseen image must give an error,
// not bring the app down, so a panic in it becomes one.
func scan(img image.Image) (text string, err error) {
	defer func() {
		if p := recover(); p != nil {
			text, err = "", fmt.Errorf("otpauth: QR decoder failed: %v", p)
		}
	}()
	src := gozxing.NewLuminanceSourceFromImage(img)
	plain := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8"}
	harder := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8", gozxing.DecodeHintType_TRY_HARDER: true}
	for _, try := range []struct {
		src   gozxing.LuminanceSource
		hints map[gozxing.DecodeHintType]any
	}{{src, plain}, {src, harder}, {gozxing.NewInvertedLuminanceSource(src), harder}} {
		var bmp *gozxing.BinaryBitmap
		if bmp, err = gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(try.src)); err != nil {
			return "", err
		}
		var res *gozxing.Result
		if res, err = qrcode.NewQRCodeReader().Decode(bmp, try.hints); err == nil {
			return res.GetText(), nil
		}
	}
	return "", err
}

// EncodeQR draws text as a PNG QR code of size×size pixels (at least 64;
// go-qrcode enlarges it if the code needs more), with medium error
// correction, which survives a slightly blurred photo or screen.
func EncodeQR(text string, size int) ([]byte, error) {
	size = min(max(size, 64), MaxImageSide)
	png, err := goqrcode.Encode(text, goqrcode.Medium, size)
	if err != nil {
		return nil, i18n.NewError(cat.M("qr_too_long"), cat.M("hint_qr_too_long"), err)
	}
	return png, nil
}
