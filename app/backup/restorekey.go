package backup

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"filippo.io/age"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/backup"
)

// KeyService is what making and opening a backup protected by a
// security key needs of the security-key service (*securitykey.Service).
type KeyService interface {
	Pick(path string) (string, error)
	ProtectBackup(ctx context.Context, path, pin string, salt []byte) (credID, secret []byte, err error)
	BackupSecret(ctx context.Context, path, pin string, credID, salt []byte) ([]byte, error)
}

// askLabel says what to type: the passphrase, or the security key's PIN
// (with when to touch the key: the service's touch callback belongs to
// the security-key screen, so the hint is shown up front).
func (r *Restore) askLabel() fyne.CanvasObject {
	if !r.keyFile {
		return jptext.NewLabel(r.opts.t("restore_passphrase", "File", r.name))
	}
	touch := widget.NewLabel(r.opts.t("restore_key_touch"))
	touch.Wrapping = fyne.TextWrapWord
	return container.NewVBox(jptext.NewLabel(r.opts.t("restore_key_pin", "File", r.name)), touch)
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
	return &backup.KeyIdentity{Secret: func(credID, salt []byte) ([]byte, error) {
		return r.opts.Keys.BackupSecret(context.Background(), path, typed, credID, salt)
	}}, nil
}
