package backupview

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"filippo.io/age"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/backup"
)

// The create dialog's other choice: protect the file with a security key
// (its PIN and two touches) instead of a passphrase. Offered only when
// the window has the security-key service (Options.Keys).

// keyPart is the security-key side of the create dialog.
type keyPart struct {
	pin *a11y.Entry
	box *fyne.Container
}

// newKeyPart builds the PIN field and what to do with the key. The touch
// hint is fixed: the service's touch callback belongs to the
// security-key screen (as in the restore dialog).
func newKeyPart(opts Options, onChange func()) *keyPart {
	k := &keyPart{pin: a11y.NewPasswordEntry(opts.Lang, opts.t("key_pin"))}
	k.pin.OnChanged = func(string) { onChange() }
	k.box = container.NewVBox(
		jptext.NewLabel(opts.t("create_key_intro")),
		widget.NewForm(widget.NewFormItem(opts.t("key_pin"), k.pin)),
		jptext.NewLabel(opts.t("create_key_touch")),
	)
	k.box.Hide()
	return k
}

// protectChoice is the 「パスフレーズで保護」/「セキュリティキーで保護」 choice;
// nil when there is no security-key service.
func (c *Create) protectChoice() fyne.CanvasObject {
	if c.opts.Keys == nil {
		return nil
	}
	c.choice = a11y.NewRadioGroup(c.opts.Lang, c.opts.t("protect_choice"), []string{c.opts.t("protect_passphrase"), c.opts.t("protect_key")}, func(string) { c.showChoice() })
	c.choice.Required = true
	c.choice.Horizontal = true
	c.choice.SetSelected(c.opts.t("protect_passphrase"))
	return c.choice
}

// UseKey switches the dialog to protection by a security key (tests).
func (c *Create) UseKey() { c.choice.SetSelected(c.opts.t("protect_key")) }

// SetPIN types the security key's PIN (tests and screenshots).
func (c *Create) SetPIN(pin string) { c.key.pin.SetText(pin) }

func (c *Create) useKey() bool {
	return c.choice != nil && c.choice.Selected == c.opts.t("protect_key")
}

// showChoice shows the fields of the chosen protection.
func (c *Create) showChoice() {
	if c.useKey() {
		c.passPart.Hide()
		c.key.box.Show()
		c.opts.Window.Canvas().Focus(c.key.pin)
	} else {
		c.key.box.Hide()
		c.passPart.Show()
	}
	c.check()
	if c.d != nil { // shrink or grow to the fields shown
		c.d.Resize(fyne.NewSize(omtheme.DialogWidth(c.opts.Window, 560), 0))
	}
}

// keyRecipient asks the only security key plugged in for a new backup
// credential and the file's secret (PIN, two touches); it runs off
// Fyne's goroutine.
func keyRecipient(keys KeyService, pin string) (age.Recipient, error) {
	path, err := keys.Pick("")
	if err != nil {
		return nil, err
	}
	return backup.ProtectWithKey(context.Background(), keys, path, pin)
}
