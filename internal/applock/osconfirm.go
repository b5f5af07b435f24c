//go:build windows || darwin

package applock

import "github.com/omamori-app/omamori/internal/i18n"

// notConfirmed: the check ran and said no (cancelled, too many tries).
func notConfirmed() error {
	return i18n.NewError(cat.M("os_check_failed", "Name", osName), cat.M("hint_os_check_failed"), ErrOSCheckFailed)
}
