package applock

import (
	"context"
	"errors"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ErrNotAvailable: the OS's own check (Windows Hello, Touch ID) cannot be
// used from Omamori on this PC.
var ErrNotAvailable = errors.New("applock: not available on this PC")

// OSCheck is the OS's own presence check: Windows Hello on Windows,
// Touch ID on macOS. Neither is implemented yet (Windows Hello through
// WinRT's UserConsentVerifier and Touch ID through LocalAuthentication
// are a follow-up of issue 25): it always answers "not available here",
// so the lock screen offers the security key or the passphrase instead.
type OSCheck struct{}

// Kind is "hello" on Windows, "touchid" on macOS, "os" elsewhere.
func (OSCheck) Kind() string { return osKind }

// Available says that the OS check is not available, and what to use.
func (OSCheck) Available() error {
	return i18n.NewError(cat.M("os_check_unavailable", "Name", osName), cat.M("hint_os_check"), ErrNotAvailable)
}

// Verify never succeeds.
func (c OSCheck) Verify(context.Context, string) error { return c.Available() }
