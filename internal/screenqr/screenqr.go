// Package screenqr reads the QR codes shown on the screen: a site that
// says "scan this with your authenticator app" shows one in the browser,
// and a customer without a smartphone has nothing else to scan it with.
//
// It captures every screen into memory through a Capturer (the OS
// adapter), finds every QR code in the pictures and keeps those that hold
// otpauth:// or otpauth-migration:// data. The pictures are never written
// anywhere and are overwritten as soon as they have been searched: they
// may show anything the customer had open.
package screenqr

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"io"
	"strings"

	"github.com/makiuchi-d/gozxing"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("screenqr", localesFS)

// Capturer takes a picture of every screen, one image per screen (or one
// for a desktop spanning several monitors). The images are the caller's
// to overwrite: Read clears the pixels of *image.RGBA and *image.NRGBA.
// Errors are *i18n.Error.
type Capturer interface {
	Capture() ([]image.Image, error)
}

// Code is one QR code on the screen that holds authenticator data. Text
// holds the secret: it goes into a form or an enrolment, never a log.
type Code struct {
	Text      string
	Migration bool // Google Authenticator's transfer code (otpauth-migration://)
}

// System returns the capturer for this OS; on one without screen reading
// its Capture returns an error saying so.
func System() Capturer { return system() }

// Supported reports whether this build can read the screen at all (a
// window leaves out the button where it cannot).
func Supported() bool { return supported }

// Read captures the screens and returns the authenticator QR codes on
// them, each once, in the order found. None is an error saying where to
// look. Errors are *i18n.Error.
func Read(c Capturer) ([]Code, error) {
	imgs, err := c.Capture()
	defer wipe(imgs)
	if err != nil {
		return nil, err
	}
	if codes := collect(imgs); len(codes) > 0 {
		return codes, nil
	}
	return nil, i18n.NewError(cat.M("none_found"), cat.M("hint_none_found"), nil)
}

// Image reads a PNG or JPEG (a screenshot, a dropped image) and returns
// the authenticator QR codes in it, as Read does the screen: a picture of
// Google Authenticator's transfer screen may hold several. Errors are
// *i18n.Error.
func Image(r io.Reader) ([]Code, error) {
	img, err := otpauth.DecodeImage(r)
	if err != nil {
		return nil, err
	}
	imgs := []image.Image{img}
	defer wipe(imgs)
	if codes := collect(imgs); len(codes) > 0 {
		return codes, nil
	}
	return nil, i18n.NewError(cat.M("none_in_image"), cat.M("hint_none_in_image"), nil)
}

// IsImage reports whether data starts as a PNG or a JPEG file does.
func IsImage(data []byte) bool {
	return bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff})
}

// collect finds the authenticator codes in imgs, each once, in the order found.
func collect(imgs []image.Image) []Code {
	var codes []Code
	seen := map[string]bool{}
	for _, img := range imgs {
		for _, text := range Find(img) {
			text = strings.TrimSpace(text)
			kind, ok := classify(text)
			if !ok || seen[text] {
				continue
			}
			seen[text] = true
			codes = append(codes, Code{Text: text, Migration: kind})
		}
	}
	return codes
}

// classify reports whether text is authenticator data, and whether it is
// a Google Authenticator transfer code. Other QR codes on the screen (a
// shop's link, a payment code) are none of our business.
func classify(text string) (migration, ok bool) {
	s := strings.ToLower(text)
	switch {
	case strings.HasPrefix(s, "otpauth-migration:"):
		return true, true
	case strings.HasPrefix(s, "otpauth:"):
		return false, true
	}
	return false, false
}

// Find returns the text of every QR code in img: as is, then with light
// and dark swapped (a dark-mode page). gozxing is a port of Java code
// that indexes arrays freely; an unforeseen picture must give nothing,
// not bring the app down, so a panic in it ends the search.
func Find(img image.Image) (texts []string) {
	defer func() {
		if p := recover(); p != nil {
			texts = nil
		}
	}()
	src := gozxing.NewLuminanceSourceFromImage(img)
	hints := map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_CHARACTER_SET: "UTF-8",
		gozxing.DecodeHintType_TRY_HARDER:    true,
	}
	seen := map[string]bool{}
	for _, s := range []gozxing.LuminanceSource{src, gozxing.NewInvertedLuminanceSource(src)} {
		bmp, err := gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(s))
		if err != nil {
			continue
		}
		res, _ := multiqr.NewQRCodeMultiReader().DecodeMultiple(bmp, hints)
		for _, r := range res {
			if t := r.GetText(); !seen[t] {
				seen[t] = true
				texts = append(texts, t)
			}
		}
	}
	return texts
}

// wipe overwrites the captured pixels so the picture of the screen does
// not linger in memory until the garbage collector reuses it.
func wipe(imgs []image.Image) {
	for _, img := range imgs {
		switch m := img.(type) {
		case *image.RGBA:
			clear(m.Pix)
		case *image.NRGBA:
			clear(m.Pix)
		}
	}
}

// captureError is the error of a capture that failed for a reason the
// customer cannot act on beyond trying again or using a QR image.
func captureError(cause error) error {
	return i18n.NewError(cat.M("capture_failed"), cat.M("hint_capture_failed"), cause)
}

// errf makes an internal cause for captureError.
func errf(format string, a ...any) error { return fmt.Errorf("screenqr: "+format, a...) }

// Split separates the authenticator links from Google Authenticator
// transfer codes, which go through the import (internal/importplan).
func Split(codes []Code) (uris, transfers []string) {
	for _, c := range codes {
		if c.Migration {
			transfers = append(transfers, c.Text)
		} else {
			uris = append(uris, c.Text)
		}
	}
	return uris, transfers
}

// TransferOnly is the error when only Google Authenticator transfer codes
// are on the screen where one account's link was wanted (`omamori add`):
// they hold several accounts and are imported instead.
func TransferOnly() error {
	return i18n.NewError(cat.M("transfer_only"), cat.M("hint_transfer_only"), nil)
}

// One is the one authenticator link among codes, for the window, which
// has no list to choose from: several is an error asking to show one.
func One(codes []Code) (string, error) {
	uris, _ := Split(codes)
	switch len(uris) {
	case 0:
		return "", TransferOnly()
	case 1:
		return uris[0], nil
	}
	return "", i18n.NewError(cat.M("several", "Count", len(uris)), cat.M("hint_several"), nil)
}
