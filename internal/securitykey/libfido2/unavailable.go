//go:build !cgo || nofido2

package libfido2

import "github.com/omamori-app/omamori/internal/securitykey"

// Driver stands in for libfido2 in a build without it.
type Driver struct{ securitykey.NoLibrary }

// New returns the driver.
func New() *Driver { return &Driver{} }

// Version is empty: no libfido2 is linked.
func Version() string { return "" }
