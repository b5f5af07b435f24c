package applock

import "context"

const osKind, osName = "touchid", "Touch ID"

// Available: Touch ID is not wired yet (LocalAuthentication).
func (OSCheck) Available() error { return notAvailable("os_check_unavailable") }

// Verify never succeeds.
func (c OSCheck) Verify(context.Context, string) error { return c.Available() }

var _ = notConfirmed // used once Touch ID answers
