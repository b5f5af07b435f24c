//go:build !cgo || nofido2

package libfido2

import "github.com/omamori-app/omamori/internal/securitykey"

// Driver stands in for libfido2 in a build without it: every call says
// that security keys cannot be used, so the screen and `omamori key`
// explain it while codes work as usual.
type Driver struct{}

// New returns the driver.
func New() *Driver { return &Driver{} }

// Version is empty: no libfido2 is linked.
func Version() string { return "" }

// Devices reports the missing library.
func (*Driver) Devices() ([]securitykey.Location, error) { return nil, securitykey.ErrNoLibrary }

// Open reports the missing library.
func (*Driver) Open(string) (securitykey.Device, error) { return nil, securitykey.ErrNoLibrary }
