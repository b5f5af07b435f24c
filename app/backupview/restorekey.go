package backupview

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"filippo.io/age"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/backup"
)

// KeyService is what making and opening a backup protected by a
// security key needs of the security-key service (*securitykey.Service).
type KeyService interface {
	Pick(path string) (string, error)
	backup.KeyService
}

// askLabel says what to type: the passphrase, or the security key's PIN
// (with when to touch the key: the service's touch callback belongs to
// the security-key screen, so the hint is shown up front).
func (r *Restore) askLabel() fyne.CanvasObject {
	if !r.keyFile {
		return jptext.NewLabel(r.opts.t("restore_passphrase", "File", r.name))
	}
	return container.NewVBox(jptext.NewLabel(r.opts.t("restore_key_pin", "File", r.name)), jptext.NewLabel(r.opts.t("restore_key_touch")))
}

// identity opens the file with what was typed: a passphrase, or the PIN
// of the only security key plugged in (it asks for a touch).
func (r *Restore) identity(typed string) (age.Identity, error) {
	if !r.keyFile {
		return backup.Identity(typed)
	}
	path, err := r.opts.Keys.Pick("")
	if err != nil {
		return nil, err
	}
	return backup.OpenWithKey(context.Background(), r.opts.Keys, path, typed), nil
}
