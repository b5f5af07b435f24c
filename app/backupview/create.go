package backupview

import (
	"errors"
	"io/fs"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"filippo.io/age"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Create is the open 「バックアップを作成」 dialog.
type Create struct {
	opts      Options
	d         *dialog.CustomDialog
	pass      *a11y.Entry
	again     *a11y.Entry
	problem   *a11y.Message
	generated *a11y.Value
	genNote   *jptext.Label
	save      *widget.Button
	busy      *widget.ProgressBarInfinite
	passPart  *fyne.Container  // the passphrase fields
	choice    *a11y.RadioGroup // passphrase or security key; nil without Options.Keys
	key       *keyPart         // createkey.go
}

// ShowCreate opens the dialog. The passphrase is checked as it is typed;
// 保存 asks where to save, then encrypts (about a second) and writes.
func ShowCreate(opts Options) *Create {
	c := &Create{opts: opts}
	c.pass = a11y.NewPasswordEntry(opts.Lang, opts.t("passphrase"))
	c.pass.SetPlaceHolder(opts.t("passphrase_placeholder"))
	c.again = a11y.NewPasswordEntry(opts.Lang, opts.t("passphrase_again"))
	c.pass.OnChanged = func(string) { c.check() }
	c.again.OnChanged = func(string) { c.check() }
	c.problem = a11y.NewMessage()
	c.problem.Importance = widget.DangerImportance
	// Read aloud with its name: a screen-reader user must hear it to write it down.
	c.generated = a11y.NewValue(opts.Lang, opts.t("generated_name"), "")
	c.generated.Alignment, c.generated.TextStyle = fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true}
	c.generated.SizeName = theme.SizeNameHeadingText
	c.generated.Hide()
	c.genNote = jptext.NewLabel(opts.t("generated"))
	c.genNote.Hide()
	digits := widget.NewButton(opts.t("generate_digits"), func() { c.Generate(backup.Digits) })
	kana := widget.NewButton(opts.t("generate_kana"), func() { c.Generate(backup.Kana) })
	c.save = widget.NewButtonWithIcon(opts.t("save"), theme.DocumentSaveIcon(), c.chooseFile)
	c.save.Importance = widget.HighImportance
	c.save.Disable()
	c.busy = widget.NewProgressBarInfinite()
	c.busy.Stop()
	c.busy.Hide()
	cancel := widget.NewButton(opts.t("cancel"), func() { c.d.Hide() })
	form := widget.NewForm(
		widget.NewFormItem(opts.t("passphrase"), c.pass),
		widget.NewFormItem(opts.t("passphrase_again"), c.again),
	)
	c.passPart = container.NewVBox(
		jptext.NewLabel(opts.t("create_intro")),
		form, c.problem,
		container.NewHBox(digits, kana),
		c.generated, c.genNote,
	)
	c.key = newKeyPart(opts, c.check)
	body := container.NewVBox(c.passPart, c.key.box, c.busy,
		container.NewHBox(layout.NewSpacer(), cancel, c.save))
	if choice := c.protectChoice(); choice != nil {
		body.Objects = append([]fyne.CanvasObject{choice}, body.Objects...)
	}
	c.d = dialog.NewCustomWithoutButtons(opts.t("create_title"), body, opts.Window)
	c.d.Resize(fyne.NewSize(omtheme.DialogWidth(opts.Window, 560), 0))
	c.d.Show()
	opts.Window.Canvas().Focus(c.pass)
	return c
}

// check shows what is wrong with the passphrase so far, if anything.
func (c *Create) check() {
	if c.useKey() {
		c.problem.SetText("")
		if c.key.pin.Text != "" {
			c.save.Enable()
		} else {
			c.save.Disable()
		}
		return
	}
	err := backup.CheckPassphrase(c.pass.Text)
	if err == nil && c.again.Text != "" {
		err = backup.CheckPassphrasePair(c.pass.Text, c.again.Text)
	}
	switch {
	case c.pass.Text == "":
		c.problem.SetText("")
	case err != nil:
		c.problem.SetText(i18n.Localize(err, c.opts.Lang))
	default:
		c.problem.SetText("")
	}
	if err == nil && c.again.Text == c.pass.Text {
		c.save.Enable()
	} else {
		c.save.Disable()
	}
}

// Generate makes a passphrase, shows it once and puts it in the first
// field; the customer types it into the second after writing it down.
func (c *Create) Generate(k backup.Kind) {
	p := backup.GeneratePassphrase(k)
	c.pass.SetText(p)
	c.again.SetText("")
	c.generated.Digits = k == backup.Digits // digit by digit, not "five thousand…"
	c.generated.SetText(p)
	c.generated.Show()
	c.genNote.Show()
	// Focus stays on the button: moving it to the second field here would
	// let the Space that pressed the button type into that field.
	c.check()
}

// SetPassphrase fills both fields (tests and screenshots).
func (c *Create) SetPassphrase(p string) {
	c.pass.SetText(p)
	c.again.SetText(p)
}

// Problem is the passphrase message shown (tests).
func (c *Create) Problem() string { return c.problem.Content() }

// CanSave reports whether 保存 is enabled (tests).
func (c *Create) CanSave() bool { return !c.save.Disabled() }

// Hide closes the dialog.
func (c *Create) Hide() { c.d.Hide() }

// chooseFile asks where to save, suggesting a dated name in Documents.
// Cancelling the file dialog does nothing.
func (c *Create) chooseFile() {
	o := filepicker.Options{
		Title: c.opts.t("save_title"), Dir: documentsDir(), Filter: c.opts.backupFilter(),
		Name: "omamori-" + c.opts.now().Format("2006-01-02") + backup.FileExt, Lang: c.opts.Lang,
	}
	c.opts.files().Save(o, func(path string, err error) {
		switch {
		case err != nil:
			showErr(c.opts.Window, c.opts.Lang, err)
		case path != "":
			c.SaveTo(path, nil)
		}
	})
}

// SaveTo writes the backup to path in the background and calls done (if
// not nil) on Fyne's goroutine with the result.
// With a security key, the key asks for two touches meanwhile.
func (c *Create) SaveTo(path string, done func(error)) {
	recipient, err := c.recipient()
	if err != nil {
		c.finish(0, path, err, done)
		return
	}
	c.save.Disable()
	c.busy.Show()
	c.busy.Start()
	go func() {
		n, err := write(c.opts, recipient, path)
		fyne.Do(func() { c.finish(n, path, err, done) })
	}()
}

// recipient returns what protects the file, made later off Fyne's
// goroutine (scrypt takes a second; the key waits for touches).
func (c *Create) recipient() (func() (age.Recipient, error), error) {
	if c.useKey() {
		keys, pin := c.opts.Keys, c.key.pin.Text
		return func() (age.Recipient, error) { return keyRecipient(keys, pin) }, nil
	}
	pass, wf := c.pass.Text, c.opts.WorkFactor
	if err := backup.CheckPassphrasePair(pass, c.again.Text); err != nil {
		return nil, err
	}
	return func() (age.Recipient, error) { return backup.Recipient(pass, wf) }, nil
}

func (c *Create) finish(n int, path string, err error, done func(error)) {
	c.busy.Stop()
	c.busy.Hide()
	c.check()
	if err == nil {
		c.d.Hide()
		if c.opts.OnSaved != nil {
			c.opts.OnSaved()
		}
		saved := "saved"
		if c.useKey() {
			saved = "saved_key"
		}
		showInfo(c.opts.Window, c.opts.Lang, c.opts.t("saved_title"), c.opts.t(saved, "Count", n, "File", filepath.Base(path)))
	} else {
		showErr(c.opts.Window, c.opts.Lang, err)
	}
	if done != nil {
		done(err)
	}
}

// write makes the backup (backup.Create); it runs off Fyne's goroutine.
func write(o Options, recipient func() (age.Recipient, error), path string) (int, error) {
	n, err := backup.Create(o.Store, recipient, backup.NewFile{Path: path, ConfigDir: o.ConfigDir, Now: o.now(), AppVersion: o.Version})
	if errors.Is(err, fs.ErrExist) { // never overwritten, whatever the dialog asked
		err = i18n.NewError(cat.M("backup.exists", "File", filepath.Base(path)), i18n.Message{}, err)
	}
	return n, err
}

// PassEntry is the first passphrase field (tests).
func (c *Create) PassEntry() *widget.Entry { return &c.pass.Entry }
