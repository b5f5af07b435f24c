package importview

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/exportfile"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Export is 「ほかのアプリ用に書き出す」: the format, the Aegis vault's
// password typed twice, the place to save.
type Export struct {
	opts    Options
	d       *dialog.CustomDialog
	format  *a11y.RadioGroup
	pass    *a11y.Entry
	again   *a11y.Entry
	passBox *fyne.Container
	problem *a11y.Message
	save    *widget.Button
	warning dialog.Dialog
	done    func(path string, err error) // tests: after the file was written or failed
}

// ShowExport opens the dialog; Aegis (encrypted) is chosen first.
func ShowExport(opts Options) *Export {
	x := &Export{opts: opts}
	t := opts.t
	x.format = a11y.NewRadioGroup(opts.Lang, t("export_format"), []string{t("export_aegis"), t("export_otpauth")}, func(string) { x.check() })
	x.format.Selected = t("export_aegis")
	x.format.Required = true
	x.pass = a11y.NewPasswordEntry(opts.Lang, t("password"))
	x.again = a11y.NewPasswordEntry(opts.Lang, t("password_again"))
	x.pass.OnChanged = func(string) { x.check() }
	x.again.OnChanged = func(string) { x.check() }
	x.problem = a11y.NewMessage()
	x.problem.Importance = widget.DangerImportance
	x.passBox = container.NewVBox(jptext.NewLabel(t("export_aegis_intro")),
		widget.NewForm(widget.NewFormItem(t("password"), x.pass), widget.NewFormItem(t("password_again"), x.again)))
	x.save = widget.NewButtonWithIcon(t("export_save"), theme.DocumentSaveIcon(), x.Save)
	x.save.Importance = widget.HighImportance
	cancel := widget.NewButton(t("cancel"), nil)
	body := container.NewVBox(jptext.NewLabel(t("export_intro")), x.format, x.passBox, x.problem,
		container.NewHBox(layout.NewSpacer(), cancel, x.save))
	x.d = dialog.NewCustomWithoutButtons(t("export_title"), body, opts.Window)
	cancel.OnTapped = x.d.Hide
	x.d.Resize(fyne.NewSize(omtheme.DialogWidth(opts.Window, 560), 0))
	x.d.Show()
	x.check()
	return x
}

// OnDone sets a function run after the file was written or failed (tests).
func (x *Export) OnDone(f func(path string, err error)) { x.done = f }

func (x *Export) aegis() bool { return x.format.Selected == x.opts.t("export_aegis") }

// Choose picks the format: true for the Aegis vault (tests).
func (x *Export) Choose(aegis bool) {
	if aegis {
		x.format.SetSelected(x.opts.t("export_aegis"))
	} else {
		x.format.SetSelected(x.opts.t("export_otpauth"))
	}
}

// SetPasswords types the password twice (tests).
func (x *Export) SetPasswords(p, again string) {
	x.pass.SetText(p)
	x.again.SetText(again)
}

// Problem is the message under the form (tests).
func (x *Export) Problem() string { return x.problem.Content() }

// check shows the password only for the vault, and says what is wrong
// with it once both are typed.
func (x *Export) check() {
	if !x.aegis() {
		x.passBox.Hide()
		x.problem.SetText("")
		x.save.Enable()
		return
	}
	x.passBox.Show()
	if x.pass.Text == "" || x.again.Text == "" {
		x.problem.SetText("")
		x.save.Disable()
		return
	}
	if err := exportfile.CheckPassword(x.pass.Text, x.again.Text); err != nil {
		x.problem.SetText(i18n.Localize(err, x.opts.Lang))
		x.save.Disable()
		return
	}
	x.problem.SetText("")
	x.save.Enable()
}

// Save goes on to the place to save; links first pass the warning.
func (x *Export) Save() {
	if x.aegis() {
		x.chooseFile()
		return
	}
	t := x.opts.t
	body := jptext.NewLabel(t("export_warning"))
	d := dialog.NewCustomConfirm(t("export_title"), t("export_warning_ok"), t("cancel"), body, func(ok bool) {
		if ok {
			x.chooseFile()
		}
	}, x.opts.Window)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(x.opts.Window, 520), 0))
	d.Show()
	x.warning = d
}

// ConfirmWarning presses the warning's button (tests).
func (x *Export) ConfirmWarning() {
	x.warning.Hide()
	x.chooseFile()
}

// chooseFile asks where to save, then writes in the background (the
// vault's scrypt takes a moment).
func (x *Export) chooseFile() {
	name, ext := "omamori-accounts.json", "json"
	if !x.aegis() {
		name, ext = "omamori-accounts.txt", "txt"
	}
	o := filepicker.Options{Title: x.opts.t("export_save_title"), Dir: startDir(), Name: name, Lang: x.opts.Lang,
		Filter: filepicker.Filter{Label: x.opts.t("file_filter"), Exts: []string{ext}}}
	aegis, pass := x.aegis(), []byte(x.pass.Text)
	x.opts.files().Save(o, func(path string, err error) {
		if err == nil && path == "" {
			return // cancelled
		}
		x.save.Disable()
		go func() {
			var n int
			var missing []string
			if err == nil {
				n, missing, err = write(x.opts.Store, path, aegis, pass)
			}
			clear(pass)
			fyne.Do(func() { x.finish(path, n, missing, aegis, err) })
		}()
	})
}

// write collects the accounts and writes the file; secrets are wiped.
func write(s Store, path string, aegis bool, pass []byte) (int, []string, error) {
	a, err := exportfile.Collect(s)
	if err != nil {
		return 0, nil, err
	}
	defer a.Wipe()
	data := exportfile.URIList(a)
	if aegis {
		clear(data)
		if data, err = exportfile.AegisVault(a, pass); err != nil {
			return 0, nil, err
		}
	}
	return len(a.List), a.Missing, exportfile.Write(path, data)
}

func (x *Export) finish(path string, n int, missing []string, aegis bool, err error) {
	x.save.Enable()
	if err != nil {
		showErr(x.opts, err)
	} else {
		x.d.Hide()
		t := x.opts.t
		lines := []string{t("exported", "Count", n, "File", filepath.Base(path))}
		for _, m := range missing {
			lines = append(lines, t("export_missing", "Name", m))
		}
		if aegis {
			lines = append(lines, t("exported_aegis"))
		} else {
			lines = append(lines, t("exported_otpauth"))
		}
		d := dialog.NewCustom(t("exported_title"), t("close"), jptext.NewLabel(strings.Join(lines, "\n\n")), x.opts.Window)
		d.Resize(fyne.NewSize(omtheme.DialogWidth(x.opts.Window, 480), 0))
		d.Show()
	}
	if x.done != nil {
		x.done(path, err)
	}
}
