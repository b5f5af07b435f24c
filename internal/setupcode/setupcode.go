// Package setupcode cleans and checks a setup code (設定用番号) as a
// customer types or pastes it, and decodes it to a TOTP key.
//
// Clean-up is what a person would do without thinking: drop spaces,
// line breaks and hyphens of every width, read full-width letters as
// ordinary ones, ignore case. Nothing else is changed: a 0 where base32
// has only O is reported, with a hint, never silently corrected — a
// wrong guess would give codes that never work and nobody would know why.
package setupcode

import (
	"embed"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("setupcode", localesFS)

// Causes inside the *i18n.Error that Parse returns, for errors.Is.
var (
	ErrEmpty     = errors.New("setupcode: empty")
	ErrLength    = errors.New("setupcode: wrong length")
	ErrCharacter = errors.New("setupcode: character not allowed")
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Encode spells key as canonical RFC 4648 base32, upper case, no padding:
// the form secrets are stored in.
func Encode(key []byte) string { return b32.EncodeToString(key) }

// Clean returns the setup code as Parse checks it: NFKC-normalised (so
// full-width ＡＢＣ１２３ become ABC123), without white space, invisible
// format characters or dashes, ASCII letters upper-cased. Positions in
// Parse's errors count characters (runes) of this string, from 1.
func Clean(input string) string {
	s := norm.NFKC.String(input)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case ignored(r):
		case 'a' <= r && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ignored reports whether r is a separator people put in or paste along
// with a code. Only ASCII letters are upper-cased by Clean: Unicode case
// mapping would turn look-alikes such as the Turkish dotless ı into I.
func ignored(r rune) bool {
	if unicode.IsSpace(r) { // includes tab, newlines, U+3000 (NFKC makes it U+0020 anyway)
		return true
	}
	switch r {
	case '-', // also what NFKC makes of full-width U+FF0D and small U+FE63
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', // hyphen … horizontal bar, from IME conversion or word processors
		'\u2212',                                         // minus sign, the IME's "−" candidate
		'\u2500',                                         // box-drawing line, the IME's "─" candidate for ー
		'\u30FC',                                         // katakana ー: the hyphen key in kana input mode (half-width ｰ U+FF70 becomes this under NFKC)
		'\u00AD',                                         // soft hyphen, invisible in web pages
		'\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF': // zero-width characters and BOM from web copies
		return true
	}
	return false
}

// Parse cleans input, checks it against p's encoding and length, and
// returns the key. Errors are *i18n.Error saying how many characters were
// found and expected, or where the first character that cannot be used is
// and what it may have been meant to be. When p.Length is 0 any length
// that decodes to a whole key of profile.MinKeyBytes (80 bits) to
// profile.MaxKeyBytes bytes is accepted. Base32 padding ("=" at the end)
// is tolerated and not counted.
//
// For a screen that wants to point at the problem, the error's Msg.Data
// holds Pos (1-based, in Clean(input)) and Char with ErrCharacter, and
// Found and Want (or Min, Max) with ErrLength.
func Parse(input string, p profile.Profile) ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	code := Clean(input)
	if p.Encoding == profile.Base32 {
		code = strings.TrimRight(code, "=")
	}
	if code == "" {
		return nil, i18n.NewError(cat.M("empty"), cat.M("hint_paste"), ErrEmpty)
	}
	if err := checkChars(code, p.Encoding); err != nil {
		return nil, err
	}
	if err := checkLength(len(code), p); err != nil { // all ASCII now: bytes = characters
		return nil, err
	}
	var key []byte
	var err error
	if p.Encoding == profile.Hex {
		key, err = hex.DecodeString(code)
	} else {
		key, err = b32.DecodeString(code)
	}
	if err != nil { // checked above; a failure here is a bug, still no panic
		return nil, i18n.NewError(cat.M("undecodable"), cat.M("hint_retype"), err)
	}
	return key, nil
}

func allowed(r rune, e profile.Encoding) bool {
	if e == profile.Hex {
		return '0' <= r && r <= '9' || 'A' <= r && r <= 'F'
	}
	return 'A' <= r && r <= 'Z' || '2' <= r && r <= '7'
}

// checkChars reports the first character of code that e does not use.
func checkChars(code string, e profile.Encoding) error {
	pos, first, bad := 0, rune(0), 0
	n := 0
	for _, r := range code {
		n++
		if allowed(r, e) {
			continue
		}
		if bad == 0 {
			pos, first = n, r
		}
		bad++
	}
	if bad == 0 {
		return nil
	}
	msg := cat.M("bad_char", "Pos", pos, "Char", showRune(first))
	if bad > 1 {
		msg = cat.M("bad_chars", "Pos", pos, "Char", showRune(first), "More", bad-1)
	}
	return i18n.NewError(msg, lookAlikeHint(first, e), ErrCharacter)
}

// showRune prints a visible character as itself and anything invisible
// or odd as U+XXXX, so the message always shows something.
func showRune(r rune) string {
	if unicode.IsPrint(r) && r != '"' && r != '\u300C' && r != '\u300D' {
		return string(r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// lookAlikeHint names the character a customer most likely meant.
func lookAlikeHint(r rune, e profile.Encoding) i18n.Message {
	if e == profile.Hex {
		switch r {
		case 'O':
			return cat.M("hint_hex_O")
		case 'I', 'L':
			return cat.M("hint_hex_IL", "Char", string(r))
		}
		return cat.M("hint_hex_alphabet")
	}
	switch r {
	case '0':
		return cat.M("hint_b32_0")
	case '1':
		return cat.M("hint_b32_1")
	case '8':
		return cat.M("hint_b32_8")
	}
	return cat.M("hint_b32_alphabet")
}

func checkLength(n int, p profile.Profile) error {
	switch {
	case p.Length > 0 && n < p.Length:
		return lengthErr(cat.M("wrong_length", "Found", n, "Want", p.Length), "hint_too_short")
	case p.Length > 0 && n > p.Length:
		return lengthErr(cat.M("wrong_length", "Found", n, "Want", p.Length), "hint_too_long")
	case p.Length > 0:
		return nil
	}
	min, max := p.Encoding.LengthRange()
	switch {
	case n < min:
		return lengthErr(cat.M("too_short", "Found", n, "Min", min), "hint_too_short")
	case n > max:
		return lengthErr(cat.M("too_long", "Found", n, "Max", max), "hint_too_long")
	case !p.Encoding.ValidLength(n):
		return lengthErr(cat.M("incomplete", "Found", n), "hint_incomplete")
	}
	return nil
}

func lengthErr(m i18n.Message, hint string) error {
	return i18n.NewError(m, cat.M(hint), ErrLength)
}
