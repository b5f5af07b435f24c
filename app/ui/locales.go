package ui

import (
	"embed"

	"fyne.io/fyne/v2/lang"

	"github.com/omamori-app/omamori/internal/i18n"
)

// locales holds the window's own texts and, under Fyne's own keys ("Cut",
// "Copy", "Paste", "Cancel", …), Fyne's built-in strings in our words.
//
//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/ui", locales)

// t renders one of the window's texts in the window's language.
func (s *Shell) t(key string, kv ...any) string { return cat.M(key, kv...).In(s.Language()) }

// fyneSpeaks makes Fyne's built-in strings (a text field's Cut/Copy/Paste
// menu, file dialogs) follow the window's language. Fyne's lang package
// follows the OS locale only, and the user may choose another language
// while the window runs, so each switch registers the chosen language's
// file under the OS locale. Fyne keeps that registration globally: it is
// the one piece of language state outside the window.
func fyneSpeaks(l i18n.Lang) {
	if b, err := locales.ReadFile("locales/" + string(l) + ".json"); err == nil {
		_ = lang.AddTranslationsForLocale(b, lang.SystemLocale())
	}
}
