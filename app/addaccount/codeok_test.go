package addaccount

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// A 32-character setup code pasted with the separators setupcode.Clean
// drops (ー, U+2010 hyphen, zero-width space) is counted as 32, the
// number the parser checked.
func TestCodeOKCountsWhatTheParserCounts(t *testing.T) {
	const code = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" // 32 characters
	for name, sep := range map[string]string{"chouon": "ー", "hyphen": "\u2010", "zero width": "\u200b", "space": " "} {
		t.Run(name, func(t *testing.T) {
			d := showWith(t, i18n.EN, nil)
			d.Code.SetText(strings.Join([]string{code[:8], code[8:16], code[16:24], code[24:]}, sep))
			if d.parsed == nil {
				t.Fatalf("not accepted: %q", d.Status.Text)
			}
			if !strings.Contains(d.Status.Text, "All 32 characters") {
				t.Errorf("status %q, want 32 characters", d.Status.Text)
			}
		})
	}
}

// countParses counts the dialog's parses of a setup code or link.
func countParses(t *testing.T) *int {
	n := new(int)
	orig := parseInput
	parseInput = func(s string, p profile.Profile) (newaccount.Details, error) { *n++; return orig(s, p) }
	t.Cleanup(func() { parseInput = orig })
	return n
}

// The first run parses the clipboard once (not again for the offer or the
// field), and typing a name parses nothing.
func TestFirstRunParsesTheClipboardOnce(t *testing.T) {
	n := countParses(t)
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	t.Cleanup(w.Close)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	const code = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	a.Clipboard().SetContent(code)
	d := ShowFilled(Options{Window: w, Store: store, Clipboard: a.Clipboard(), Lang: i18n.EN})
	if d == nil || d.Code.Text != code || d.parsed == nil {
		t.Fatalf("not filled: %+v", d)
	}
	test.Type(d.Name, "Taro")
	if *n != 1 {
		t.Errorf("parsed %d times", *n)
	}
	if d.Register.Disabled() {
		t.Error("登録 disabled")
	}
}
