//go:build !windows

package update_test

import (
	"errors"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

// Only Windows installers are run: elsewhere nothing passes the check.
func TestAuthenticodeOnlyOnWindows(t *testing.T) {
	err := update.VerifyAuthenticode("/bin/sh", update.Publisher)
	if !errors.Is(err, update.ErrAuthenticode) || i18n.MessageKey(err) != "authenticode_unavailable" {
		t.Errorf("%v", err)
	}
}
