package accounts_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/omamori-app/omamori/internal/accounts"
)

// Names and issuers written into accounts.json by hand or by another
// program are shown as Add would have taken them: no escape sequence
// (ESC), no line break, no direction override (RLO), and bounded.
func TestNamesFromTheFileAreCleaned(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	mustAdd(t, s, "A", newEnrolment(t))
	path := filepath.Join(e.dir, "accounts.json")
	b, err := os.ReadFile(path)
	must(t, err)
	evil := `\u001b[2J\u001b[31mEVIL\n2\t3\u202eA` + strings.Repeat("x", 100000)
	b = []byte(strings.Replace(string(b), `"name": "A"`, `"name": "`+evil+`", "issuer": "\u001b]0;title\u0007B\u202e"`, 1))
	must(t, os.WriteFile(path, b, 0o600))
	l := mustList(t, e.open(t))
	if len(l) != 1 {
		t.Fatalf("list: %+v", l)
	}
	for _, s := range []string{l[0].Name, l[0].Issuer} {
		if strings.ContainsAny(s, "\x1b\n\t\u202e\a") {
			t.Errorf("not cleaned: %q", s[:min(len(s), 80)])
		}
	}
	if n := utf8.RuneCountInString(l[0].Name); n > accounts.MaxNameLen || !strings.HasPrefix(l[0].Name, "[2J[31mEVIL 2 3A") {
		t.Errorf("name %q (%d characters)", l[0].Name[:min(len(l[0].Name), 80)], n)
	}
}

// A clash suffix never makes a name too long: a 64-character name gets
// " (2)" in place of its last characters.
func TestWithSuffixStaysWithinMax(t *testing.T) {
	name := strings.Repeat("株", accounts.MaxNameLen)
	got := accounts.WithSuffix(name, " (2)")
	if _, err := accounts.CleanName(got); err != nil || !strings.HasSuffix(got, " (2)") {
		t.Errorf("WithSuffix = %q: %v", got, err)
	}
	if got := accounts.WithSuffix("A", " (2)"); got != "A (2)" {
		t.Errorf("WithSuffix(A) = %q", got)
	}
}
