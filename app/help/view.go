package help

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	omtheme "github.com/omamori-app/omamori/app/theme"
	"github.com/omamori-app/omamori/app/translations"
)

func keyringText(k KeyringStatus) string {
	switch k {
	case KeyringOK:
		return translations.T("keyring_ok")
	case KeyringError:
		return translations.T("keyring_error")
	}
	return translations.T("keyring_unknown")
}

func lastBackup(f Facts) string {
	if f.LastBackup == "" {
		return translations.T("no_backup_yet")
	}
	return f.LastBackup
}

// Report is the text "copy support info" puts on the clipboard: facts
// only, never a secret, an account name or a code.
func Report(f Facts) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Omamori %s\n", translations.T("help_title"))
	fmt.Fprintf(&b, "%s: %s\n", translations.T("support_code"), SupportCode(f))
	fmt.Fprintf(&b, "%s: %s\n", translations.T("version"), f.Version)
	fmt.Fprintf(&b, "%s: %s/%s\n", translations.T("os"), f.OS, f.Arch)
	fmt.Fprintf(&b, "%s: %s\n", translations.T("keyring"), keyringText(f.Keyring))
	fmt.Fprintf(&b, "%s: %s\n", translations.T("accounts_count"), translations.T("accounts_summary", "OK", f.Accounts, "Reenrol", f.Reenrol))
	fmt.Fprintf(&b, "%s: %s\n", translations.T("last_backup"), lastBackup(f))
	fmt.Fprintf(&b, "%s: %s\n", translations.T("config_path"), f.Config)
	return b.String()
}

// Content is the サポート情報 screen's body; copy copies the report.
func Content(f Facts, copy func(string)) fyne.CanvasObject {
	intro := jptext.NewLabel(translations.T("help_intro"))
	code := widget.NewLabelWithStyle(SupportCode(f), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	code.SizeName = theme.SizeNameHeadingText
	path := widget.NewLabel(f.Config)
	path.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm(
		widget.NewFormItem(translations.T("version"), widget.NewLabel(f.Version)),
		widget.NewFormItem(translations.T("os"), widget.NewLabel(f.OS+"/"+f.Arch)),
		widget.NewFormItem(translations.T("keyring"), widget.NewLabel(keyringText(f.Keyring))),
		widget.NewFormItem(translations.T("accounts_count"), widget.NewLabel(translations.T("accounts_summary", "OK", f.Accounts, "Reenrol", f.Reenrol))),
		widget.NewFormItem(translations.T("last_backup"), widget.NewLabel(lastBackup(f))),
		widget.NewFormItem(translations.T("config_path"), path),
	)
	btn := widget.NewButtonWithIcon(translations.T("copy_support"), theme.ContentCopyIcon(), func() { copy(Report(f)) })
	return container.NewVBox(intro,
		widget.NewLabelWithStyle(translations.T("support_code"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		code, widget.NewSeparator(), form, container.NewCenter(btn))
}

// Show opens the screen as a dialog.
func Show(w fyne.Window, f Facts, copy func(string)) dialog.Dialog {
	d := dialog.NewCustom(translations.T("help_title"), translations.T("close"), Content(f, copy), w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 560), 0))
	d.Show()
	return d
}
