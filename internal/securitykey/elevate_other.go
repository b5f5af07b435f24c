//go:build !windows

package securitykey

import "errors"

// AdminRequired reports whether this process may not talk to keys
// directly. Only Windows restricts it.
func AdminRequired() bool { return false }

// IsElevated is true where no elevation is needed to use keys.
func IsElevated() bool { return true }

// RelaunchElevated is only meaningful on Windows.
func RelaunchElevated(args ...string) error {
	return errors.New("relaunching as administrator is only needed on Windows")
}

// OpenSecurityKeySettings is only meaningful on Windows.
func OpenSecurityKeySettings() error {
	return errors.New("security key settings are a Windows feature")
}
