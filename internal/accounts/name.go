package accounts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/omamori-app/omamori/internal/profile"
)

// MaxNameLen is the longest display name, in characters. Long enough for
// "三菱UFJ eスマート証券 特定口座 三菱 太郎", short enough for a list row.
const MaxNameLen = 64

// CleanName checks a display name as typed and returns it trimmed and
// NFC-normalised. Any script is allowed; control characters, line breaks
// and bidirectional overrides (which can make a name read differently
// from what it is) are not. Invisible characters (zero-width spaces,
// direction marks, tag characters) are dropped, so a name made only of
// them is empty: it would show as a blank row. Errors are *i18n.Error.
func CleanName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", userErr(ErrBadName, cat.M("name_control"), cat.M("hint_name_retype"))
	}
	name = strings.TrimSpace(norm.NFC.String(name))
	if strings.IndexFunc(name, forbidden) >= 0 {
		return "", userErr(ErrBadName, cat.M("name_control"), cat.M("hint_name_retype"))
	}
	name = strings.TrimSpace(dropInvisible(name))
	if name == "" {
		return "", userErr(ErrBadName, cat.M("name_empty"), cat.M("hint_name"))
	}
	if n := utf8.RuneCountInString(name); n > MaxNameLen {
		return "", userErr(ErrBadName, cat.M("name_too_long", "Found", n, "Max", MaxNameLen), cat.M("hint_name_shorter", "Max", MaxNameLen))
	}
	return name, nil
}

// dropInvisible removes default-ignorable and format characters, which
// draw nothing. The zero-width joiner and variation selectors stay after
// a visible character, where they shape emoji (👨‍👩‍👧, ☺️).
func dropInvisible(s string) string {
	var b strings.Builder
	visible := false // the previous kept rune draws something
	for _, r := range s {
		switch {
		case (r == '\u200D' || unicode.Is(unicode.Variation_Selector, r)) && visible:
			b.WriteRune(r)
			continue
		case invisible(r):
			continue
		}
		b.WriteRune(r)
		visible = !unicode.IsSpace(r)
	}
	return b.String()
}

// invisible: Unicode's Default_Ignorable_Code_Point, near enough (format
// characters, the listed others such as Hangul fillers, variation
// selectors), which fonts draw as nothing.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}

// forbidden reports runes a display name must not hold.
func forbidden(r rune) bool {
	switch {
	case unicode.IsControl(r), r == utf8.RuneError:
		return true
	case r == '\u2028', r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069': // bidi embeddings, overrides, isolates
		return true
	}
	return false
}

// cleanText tidies text that came with an enrolment (issuer, account
// label from a URI): the user did not type it, so it is cleaned rather
// than refused.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if forbidden(r) {
			return -1
		}
		return r
	}, norm.NFC.String(s))
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 4*MaxNameLen {
		s = string(r[:4*MaxNameLen])
	}
	return s
}

// nameKey is what two names must differ in to be different accounts, and
// what Find matches: compatibility-normalised (full-width ＡＢＣ = ABC,
// the ideographic space = a space), case-folded, runs of spaces as one.
func nameKey(name string) string {
	s := cases.Fold().String(norm.NFKC.String(name)) // a Caser is not safe to share
	return strings.Join(strings.Fields(s), " ")
}

// nameIndex finds accounts by display name as Find does, each name's key
// worked out once: checking n new names against m accounts pairwise took
// n·m nameKey calls (NFKC and case folding), 1.4 s of a 1,000-account
// restore.
type nameIndex map[string]Account

func indexNames(accs []Account) nameIndex {
	ix := make(nameIndex, len(accs))
	for _, a := range accs {
		ix.add(a)
	}
	return ix
}

func (ix nameIndex) add(a Account) { ix[nameKey(a.Name)] = a }

func (ix nameIndex) find(name string) (Account, bool) {
	a, ok := ix[nameKey(name)]
	return a, ok
}

// NameKey is what Find compares display names by (see SameName).
func NameKey(name string) string { return nameKey(name) }

// SameName reports whether a and b would be the same display name to
// Find and Add (which refuse the second of two such names).
func SameName(a, b string) bool { return nameKey(a) == nameKey(b) }

// SanitizeName makes a display name read from a file or a keyring item
// (accounts.json, a backup, an orphan), which nobody typed here, safe to
// show: what CleanName refuses is dropped (escape sequences lose their
// ESC and cannot act; a line break cannot fake a row), and it is cut to
// MaxNameLen characters. A name left empty becomes "?".
func SanitizeName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if forbidden(r) {
			if unicode.IsSpace(r) {
				return ' '
			}
			return -1
		}
		return r
	}, norm.NFC.String(name))
	name = strings.TrimSpace(dropInvisible(name))
	if r := []rune(name); len(r) > MaxNameLen {
		name = strings.TrimSpace(string(r[:MaxNameLen]))
	}
	if name == "" {
		return "?"
	}
	return name
}

// SanitizeText is cleanText for other text read from a file or an item
// (issuer, label): no control or direction characters, bounded.
func SanitizeText(s string) string { return cleanText(s) }

// SanitizeProfile cleans the texts of a profile read from a file or an
// item as SanitizeText does.
func SanitizeProfile(p *profile.Profile) {
	p.Name, p.Label, p.Issuer = cleanText(p.Name), cleanText(p.Label), cleanText(p.Issuer)
}

// WithSuffix is name with suffix (" (2)"), name shortened first so the
// result stays within MaxNameLen characters.
func WithSuffix(name, suffix string) string {
	r := []rune(name)
	if keep := MaxNameLen - utf8.RuneCountInString(suffix); len(r) > keep {
		name = strings.TrimSpace(string(r[:max(keep, 0)]))
	}
	return name + suffix
}
