//go:build !windows && !darwin

package applock

import "context"

// Linux has no presence check of its own that Omamori uses.
const osKind, osName = "os", "Windows Hello / Touch ID"

// Available says that the OS check is not available, and what to use.
func (OSCheck) Available() error { return notAvailable("os_check_unavailable") }

// Verify never succeeds.
func (c OSCheck) Verify(context.Context, string) error { return c.Available() }
