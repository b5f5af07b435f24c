package securitykey

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// PIN limits from CTAP 2.1 (§6.5.1): a PIN is NFC-normalised UTF-8, at
// least 4 code points and at most 63 bytes. libfido2 checks only bytes,
// so we check code points ourselves before anything reaches the key.
const (
	MinPINChars = 4
	MaxPINBytes = 63
	// minOldPINBytes: a CTAP 2.0 key may hold a PIN of 4 bytes but fewer
	// code points (set by another tool), so a PIN the user types to
	// unlock the key is only refused locally below 4 bytes.
	minOldPINBytes = 4
)

// NormalizePIN is what the key receives for what the user typed: Unicode
// NFC, without the line ending a terminal or pipe leaves behind.
func NormalizePIN(pin string) string {
	pin = strings.TrimRight(pin, "\r\n")
	return norm.NFC.String(pin)
}

// CheckNewPIN checks a PIN the user wants to set (and its confirmation)
// and returns it normalised. Errors are *i18n.Error.
func CheckNewPIN(pin, confirm string) (string, error) {
	p := NormalizePIN(pin)
	if err := checkShape(p); err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(p); n < MinPINChars {
		return "", userError(ErrPINPolicy, "pin_too_short", "hint_pin_too_short", "Got", n, "Min", MinPINChars)
	}
	if NormalizePIN(confirm) != p {
		return "", userError(ErrPINPolicy, "pin_mismatch", "hint_pin_mismatch")
	}
	return p, nil
}

// CheckNewPINChange is CheckNewPIN that also refuses the old PIN again.
func CheckNewPINChange(oldPIN, newPIN, confirm string) (oldN, newN string, err error) {
	oldN, err = CheckCurrentPIN(oldPIN)
	if err != nil {
		return "", "", err
	}
	newN, err = CheckNewPIN(newPIN, confirm)
	if err != nil {
		return "", "", err
	}
	if oldN == newN {
		return "", "", userError(ErrPINPolicy, "pin_same", "hint_pin_same")
	}
	return oldN, newN, nil
}

// CheckCurrentPIN checks a PIN typed to unlock the key. A PIN the key
// could never hold is refused here, so it costs no retry.
func CheckCurrentPIN(pin string) (string, error) {
	p := NormalizePIN(pin)
	if p == "" {
		return "", userError(ErrPINRequired, "pin_empty", "hint_pin_required")
	}
	if err := checkShape(p); err != nil {
		return "", err
	}
	if len(p) < minOldPINBytes {
		return "", userError(ErrPINInvalid, "pin_cannot_be", "hint_pin_cannot_be", "Min", MinPINChars)
	}
	return p, nil
}

// checkShape refuses what no key accepts: empty, too long, invalid
// UTF-8, control characters (a stray tab or escape from a paste).
func checkShape(p string) error {
	switch {
	case p == "":
		return userError(ErrPINPolicy, "pin_empty", "hint_pin_too_short", "Got", 0, "Min", MinPINChars)
	case !utf8.ValidString(p):
		return userError(ErrPINPolicy, "pin_bad_chars", "hint_pin_bad_chars")
	case len(p) > MaxPINBytes:
		return userError(ErrPINPolicy, "pin_too_long", "hint_pin_too_long", "Got", len(p), "Max", MaxPINBytes)
	}
	for _, r := range p {
		if unicode.IsControl(r) {
			return userError(ErrPINPolicy, "pin_bad_chars", "hint_pin_bad_chars")
		}
	}
	return nil
}
