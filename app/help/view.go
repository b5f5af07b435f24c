// Package help is the サポート情報 screen: the facts a help desk needs and
// the support code the customer reads aloud over the phone, both from
// internal/support, which doctor uses too.
package help

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/support"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/help", locales)

// Content is the サポート情報 screen's body in language l (Show adds the
// buttons).
func Content(f support.Facts, l i18n.Lang) fyne.CanvasObject {
	t := func(key string) string { return cat.M(key).In(l) }
	intro := jptext.NewLabel(t("help_intro"))
	// The code is read digit by digit, with its name, for reading aloud.
	code := a11y.NewValue(l, t("support_code"), support.SupportCode(f))
	code.Digits = true
	code.Alignment = fyne.TextAlignCenter
	code.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	code.SizeName = theme.SizeNameHeadingText
	path := a11y.NewWrappedValue(l, t("config_path"), f.Config)
	value := func(key, text string) fyne.CanvasObject { return a11y.NewValue(l, t(key), text) }
	form := widget.NewForm(
		widget.NewFormItem(t("version"), value("version", f.Version)),
		widget.NewFormItem(t("os"), value("os", f.OS+"/"+f.Arch)),
		widget.NewFormItem(t("key_library"), value("key_library", support.KeyLibText(f.KeyLib, l))),
		widget.NewFormItem(t("keyring"), value("keyring", support.KeyringText(f.Keyring, l))),
		widget.NewFormItem(t("accounts_count"), value("accounts_count", support.AccountsText(f, l))),
		widget.NewFormItem(t("last_backup"), value("last_backup", support.LastBackupText(f, l))),
		widget.NewFormItem(t("config_path"), path),
	)
	return container.NewVBox(intro,
		widget.NewLabelWithStyle(t("support_code"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		code, widget.NewSeparator(), form)
}

// Show opens the screen as a dialog; copy copies the report. The copy
// button sits in the dialog's button row next to 閉じる, so every fact
// fits a 560-pixel window without scrolling.
func Show(w fyne.Window, f support.Facts, l i18n.Lang, copy func(string)) dialog.Dialog {
	t := func(key string) string { return cat.M(key).In(l) }
	d := dialog.NewCustomWithoutButtons(t("help_title"), Content(f, l), w)
	closeBtn := widget.NewButton(t("close"), d.Hide)
	copyBtn := widget.NewButtonWithIcon(t("copy_support"), theme.ContentCopyIcon(), func() { copy(support.Report(f, l)) })
	copyBtn.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{closeBtn, copyBtn})
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 560), 0))
	d.Show()
	return d
}
