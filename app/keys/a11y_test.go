package keys

import (
	"strings"
	"testing"

	apptr "github.com/omamori-app/omamori/app/translations"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
)

// The security-key screen and its PIN forms, walked as a screen reader
// sees them (app/uitest), in both languages.
func TestScreenReaderLabels(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(l), func(t *testing.T) {
			apptr.SetLang(l)
			defer apptr.SetLang(i18n.EN)
			pd := practiceKey(t)
			h := newPracticeHarness(t, l, pd, Options{})
			h.until("key", func() bool { return h.shows(h.tr("nopin_title")) })
			check := func(screen string) {
				t.Helper()
				for _, p := range uitest.Check(h.win.Canvas(), uitest.Options{Lang: string(l),
					// the key's own name and protocol versions
					Data: []string{"Omamori practice key", "FIDO2.0, FIDO2.1 (preview)"}}) {
					t.Errorf("%s: %s", screen, p)
				}
			}
			check("key without a PIN")

			h.tap(h.tr("set_pin"))
			h.fill("12", "")
			check("set PIN form with an error")
			found := false
			for _, e := range uitest.Exposed(h.win.Canvas()) {
				if strings.HasPrefix(e.Label, h.tr("new_pin")) {
					found = true
					if strings.Contains(e.Label, "12") {
						t.Errorf("a PIN field reads its content: %q", e.Label)
					}
				}
			}
			if !found {
				t.Errorf("no field read as %q: %v", h.tr("new_pin"), uitest.Exposed(h.win.Canvas()))
			}
		})
	}
}
