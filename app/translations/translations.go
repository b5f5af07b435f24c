// Package translations holds the strings of the main window and its
// screens, in English and Japanese (en.json, ja.json: the flat
// {"key": "text {{.Var}}"} format that fyne's lang package reads). Two
// screens keep catalogs of their own (app/clockview/translations,
// app/keys/translations), and messages from internal/ packages come with
// their own catalogs.
//
// The UI looks strings up with T in the language the user chose, which may
// differ from the OS language and may change while the app runs. Fyne's lang
// package only follows the OS locale, so SetLang also re-registers the chosen
// language's file under the OS locale: Fyne's own built-in strings that the
// files override (Cut/Copy/Paste in a text field's menu, file dialogs) then
// follow the choice too.
package translations

import (
	"embed"
	"sync"

	"fyne.io/fyne/v2/lang"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed en.json ja.json
var files embed.FS

// Cat is the catalog of both files. Loading fails (and the package's tests
// with it) when a key is in one file and not the other.
var Cat = i18n.MustCatalogIn("app", files, ".")

var (
	mu  sync.RWMutex
	cur = i18n.EN
)

// Lang is the language the window currently speaks.
func Lang() i18n.Lang {
	mu.RLock()
	defer mu.RUnlock()
	return cur
}

// SetLang switches the language of T and of Fyne's built-in strings. The
// caller rebuilds the window content so that labels made earlier change too.
func SetLang(l i18n.Lang) {
	if l != i18n.JA {
		l = i18n.EN
	}
	mu.Lock()
	cur = l
	mu.Unlock()
	if b, err := files.ReadFile(string(l) + ".json"); err == nil {
		_ = lang.AddTranslationsForLocale(b, lang.SystemLocale())
	}
}

// T renders key in the current language with name, value pairs for its
// template: T("copied_name", "Name", "Bank").
func T(key string, kv ...any) string {
	return Cat.M(key, kv...).In(Lang())
}

// Err renders a core error (an *i18n.Error: what is wrong and what to do)
// in the current language.
func Err(err error) string { return i18n.Localize(err, Lang()) }
