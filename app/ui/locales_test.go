package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Fyne's own strings (a text field's right-click menu: 右クリック→貼り付け
// is how the Smart OTP guide tells customers to paste) follow the chosen
// language, not only the OS's.
func TestFyneBuiltinsFollowChoice(t *testing.T) {
	defer fyneSpeaks(i18n.EN)
	fyneSpeaks(i18n.JA)
	if got := lang.L("Paste"); got != "貼り付け" {
		t.Errorf("ja: Fyne's Paste = %q", got)
	}
	fyneSpeaks(i18n.EN)
	if got := lang.L("Paste"); got != "Paste" {
		t.Errorf("en: Fyne's Paste = %q", got)
	}
}

// A language Omamori does not speak (a setting or an OS in French) gives
// the English window.
func TestUnsupportedLanguageIsEnglish(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "fr_FR.UTF-8")
	s, _, _, _ := newShell(t, "")
	s.Apply(settings.Settings{Language: "fr"})
	if s.Language() != i18n.EN || !strings.Contains(markup(s), "Add account") {
		t.Errorf("language %q:\n%s", s.Language(), markup(s))
	}
}
