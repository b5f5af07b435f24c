package screenqr

import (
	"image"

	"github.com/omamori-app/omamori/internal/i18n"
)

// mac: not yet. CGWindowListCreateImage (or ScreenCaptureKit on macOS 14
// and later, where the former is deprecated) needs cgo and the Screen
// Recording permission, neither of which can be built or tried here; until
// the macOS workflow can check an adapter, Capture says screen reading is
// not available and points to the QR image instead.
type mac struct{}

func system() Capturer { return mac{} }

const supported = false

func (mac) Capture() ([]image.Image, error) {
	return nil, i18n.NewError(cat.M("unsupported"), cat.M("hint_unsupported"), nil)
}
