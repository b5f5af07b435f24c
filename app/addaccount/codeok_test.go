package addaccount

import (
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
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
