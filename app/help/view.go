// Package help is the サポート情報 screen: the facts a help desk needs and
// the support code the customer reads aloud over the phone, both from
// internal/support, which doctor uses too.
package help

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	omtheme "github.com/omamori-app/omamori/app/theme"
	"github.com/omamori-app/omamori/app/translations"
	"github.com/omamori-app/omamori/internal/support"
)

// Content is the サポート情報 screen's body (Show adds the buttons).
func Content(f support.Facts) fyne.CanvasObject {
	intro := jptext.NewLabel(translations.T("help_intro"))
	code := widget.NewLabelWithStyle(support.SupportCode(f), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	code.SizeName = theme.SizeNameHeadingText
	path := widget.NewLabel(f.Config)
	path.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm(
		widget.NewFormItem(translations.T("version"), widget.NewLabel(f.Version)),
		widget.NewFormItem(translations.T("os"), widget.NewLabel(f.OS+"/"+f.Arch)),
		widget.NewFormItem(translations.T("key_library"), widget.NewLabel(support.KeyLibText(f.KeyLib, translations.Lang()))),
		widget.NewFormItem(translations.T("keyring"), widget.NewLabel(support.KeyringText(f.Keyring, translations.Lang()))),
		widget.NewFormItem(translations.T("accounts_count"), widget.NewLabel(support.AccountsText(f, translations.Lang()))),
		widget.NewFormItem(translations.T("last_backup"), widget.NewLabel(support.LastBackupText(f, translations.Lang()))),
		widget.NewFormItem(translations.T("config_path"), path),
	)
	return container.NewVBox(intro,
		widget.NewLabelWithStyle(translations.T("support_code"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		code, widget.NewSeparator(), form)
}

// Show opens the screen as a dialog; copy copies the report. The copy
// button sits in the dialog's button row next to 閉じる, so every fact
// fits a 560-pixel window without scrolling.
func Show(w fyne.Window, f support.Facts, copy func(string)) dialog.Dialog {
	d := dialog.NewCustomWithoutButtons(translations.T("help_title"), Content(f), w)
	closeBtn := widget.NewButton(translations.T("close"), d.Hide)
	copyBtn := widget.NewButtonWithIcon(translations.T("copy_support"), theme.ContentCopyIcon(), func() { copy(support.Report(f, translations.Lang())) })
	copyBtn.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{closeBtn, copyBtn})
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 560), 0))
	d.Show()
	return d
}
