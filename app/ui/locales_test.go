package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"

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
