// Package support is what a help desk is told: the facts about this
// installation (version, OS, keyring, accounts, clock, settings folder),
// the report "copy support info" and `omamori doctor` print, and the
// support code a customer reads aloud over the phone. The window's
// サポート情報 and doctor both build their facts here, by the same rules,
// so they never disagree.
package support

import (
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/timesync"
)

// Facts are the non-secret facts the support code and report carry.
type Facts struct {
	Version  string
	OS       string // runtime.GOOS
	Arch     string
	KeyLib   string // "libfido2 1.16.0"; "" when the build has none
	Keyring  KeyringStatus
	Accounts int // accounts that make codes
	Reenrol  int // accounts that do not: secret missing or unreadable, or the keyring could not be asked
	Config   string
	Clock    ClockStatus
	// LastBackup is the date of the last backup (YYYY-MM-DD), "" if none:
	// a date only, never where it went. Not part of the support code.
	LastBackup string
}

// KeyringStatus is how the OS keyring answered.
type KeyringStatus int

// Keyring states, as digits of the support code. Missing..TimedOut come
// from a real probe (doctor); the list alone tells only OK or Error.
const (
	KeyringUnknown KeyringStatus = iota
	KeyringOK
	KeyringError
	KeyringMissing
	KeyringLocked
	KeyringRefused
	KeyringTimedOut
)

// ClockStatus is the PC clock check's verdict.
type ClockStatus int

// Clock states, as digits of the support code.
const (
	ClockUnknown ClockStatus = iota
	ClockOK
	ClockWrong
)

// Count fills f's account facts from an account list and its error
// (accounts.Store.List). The one rule for both screens: an account counts
// as working only in state OK; NeedsSetupAgain and Unknown (the keyring could
// not be asked) both count as not working, and Unknown or a list error
// makes the keyring an Error. No accounts at all leave it Unknown.
func (f *Facts) Count(entries []accounts.Entry, listErr error) {
	f.Accounts, f.Reenrol = 0, 0
	unknown := 0
	for _, e := range entries {
		switch e.State {
		case accounts.OK:
			f.Accounts++
		case accounts.Unknown:
			unknown++
			f.Reenrol++
		default:
			f.Reenrol++
		}
	}
	switch {
	case unknown > 0 || listErr != nil:
		f.Keyring = KeyringError
	case len(entries) > 0:
		f.Keyring = KeyringOK
	default:
		f.Keyring = KeyringUnknown
	}
}

// ProbeStatus maps a keyring probe's status word (internal/keyring:
// "ok", "missing", "locked", "refused", "timed_out") to a KeyringStatus.
func ProbeStatus(word string) KeyringStatus {
	switch word {
	case "ok":
		return KeyringOK
	case "missing":
		return KeyringMissing
	case "locked":
		return KeyringLocked
	case "refused":
		return KeyringRefused
	case "timed_out":
		return KeyringTimedOut
	case "":
		return KeyringUnknown
	}
	return KeyringError
}

// ClockWrongFrom is the offset the support code reports as a wrong clock,
// the same threshold at which the window's banner asks for a fix.
const ClockWrongFrom = 15 * time.Second

// Clock is the clock check's verdict for the facts.
func Clock(r timesync.Result) ClockStatus {
	switch {
	case !r.Checked:
		return ClockUnknown
	case r.Offset.Abs() >= ClockWrongFrom:
		return ClockWrong
	}
	return ClockOK
}
