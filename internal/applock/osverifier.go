package applock

import (
	"errors"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ErrNotAvailable: the OS's own check (Windows Hello, Touch ID) cannot be
// used from Omamori on this PC.
var ErrNotAvailable = errors.New("applock: not available on this PC")

// ErrOSCheckFailed: the OS's own check ran and did not confirm the
// customer (cancelled, too many tries).
var ErrOSCheckFailed = errors.New("applock: the OS check did not confirm you")

// OSCheck is the OS's own presence check: Windows Hello on Windows
// (os_windows.go, WinRT's UserConsentVerifier), Touch ID on macOS
// (os_darwin.go). Elsewhere it always answers "not available", so the
// lock screen offers the security key or the passphrase instead.
type OSCheck struct{}

// Kind is "hello" on Windows, "touchid" on macOS, "os" elsewhere.
func (OSCheck) Kind() string { return osKind }

// Name is the check's name on screen: "Windows Hello", "Touch ID".
func (OSCheck) Name() string { return osName }

// notAvailable is the clear "cannot be used here" error, with what to
// use instead; key picks the reason (os_check_unavailable by default).
func notAvailable(key string) error {
	return i18n.NewError(cat.M(key, "Name", osName), cat.M("hint_os_check"), ErrNotAvailable)
}
