//go:build !windows && !darwin && !(linux && cgo)

package screenqr

import (
	"image"

	"github.com/omamori-app/omamori/internal/i18n"
)

// unsupported is the capturer where there is no screen reading (a build
// without cgo, another OS): it says so, and what to do instead.
type unsupported struct{}

func system() Capturer { return unsupported{} }

const supported = false

func (unsupported) Capture() ([]image.Image, error) {
	return nil, i18n.NewError(cat.M("unsupported"), cat.M("hint_unsupported"), nil)
}
