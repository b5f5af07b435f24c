package support

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
)

// The one rule both screens use: only OK works; Unknown counts as not
// working and makes the keyring an error.
func TestCount(t *testing.T) {
	e := func(st accounts.State) accounts.Entry { return accounts.Entry{State: st} }
	for _, c := range []struct {
		name        string
		entries     []accounts.Entry
		err         error
		ok, reenrol int
		keyring     KeyringStatus
	}{
		{"none", nil, nil, 0, 0, KeyringUnknown},
		{"ok", []accounts.Entry{e(accounts.OK), e(accounts.OK)}, nil, 2, 0, KeyringOK},
		{"reenrol", []accounts.Entry{e(accounts.OK), e(accounts.NeedsSetupAgain)}, nil, 1, 1, KeyringOK},
		{"unknown", []accounts.Entry{e(accounts.Unknown), e(accounts.Unknown)}, errors.New("locked"), 0, 2, KeyringError},
		{"list error", nil, errors.New("locked"), 0, 0, KeyringError},
	} {
		var f Facts
		f.Count(c.entries, c.err)
		if f.Accounts != c.ok || f.Reenrol != c.reenrol || f.Keyring != c.keyring {
			t.Errorf("%s: %+v", c.name, f)
		}
	}
}

func TestClockAndProbe(t *testing.T) {
	if Clock(timesync.Result{}) != ClockUnknown || Clock(timesync.Result{Checked: true, Offset: 3 * time.Second}) != ClockOK ||
		Clock(timesync.Result{Checked: true, Offset: -20 * time.Second}) != ClockWrong {
		t.Error("clock verdicts")
	}
	for w, want := range map[string]KeyringStatus{"ok": KeyringOK, "missing": KeyringMissing, "locked": KeyringLocked,
		"refused": KeyringRefused, "timed_out": KeyringTimedOut, "error": KeyringError, "": KeyringUnknown} {
		if got := ProbeStatus(w); got != want {
			t.Errorf("ProbeStatus(%q) = %v", w, got)
		}
		if d, err := Decode(SupportCode(Facts{OS: "linux", Keyring: want})); err != nil || d.Keyring != want {
			t.Errorf("%q does not survive the support code: %+v %v", w, d, err)
		}
	}
}

func TestReport(t *testing.T) {
	f := Facts{Version: "1.0.0", OS: "windows", Arch: "amd64", Keyring: KeyringLocked, Accounts: 2, Reenrol: 1, Config: `C:\Users\a\AppData\Roaming\Omamori`}
	en, ja := Report(f, i18n.EN), Report(f, i18n.JA)
	for _, want := range []string{SupportCode(f), "1.0.0", "windows/amd64", "Locked", f.Config} {
		if !strings.Contains(en, want) {
			t.Errorf("English report lacks %q:\n%s", want, en)
		}
	}
	if !strings.Contains(ja, "ロック") || !strings.Contains(ja, "サポートコード") {
		t.Errorf("Japanese report:\n%s", ja)
	}
}

// The security-key library is named in the report, or said to be absent.
func TestReportKeyLibrary(t *testing.T) {
	with := Report(Facts{KeyLib: "libfido2 1.16.0"}, i18n.EN)
	if !strings.Contains(with, "Security-key library: libfido2 1.16.0") {
		t.Errorf("report without the library's version:\n%s", with)
	}
	if without := Report(Facts{}, i18n.JA); !strings.Contains(without, "セキュリティキー用ライブラリー: ありません") {
		t.Errorf("report of a build without libfido2:\n%s", without)
	}
}

// The last backup's date is in the report, and not in the support code:
// doctor and サポート情報 say it with the same words.
func TestReportLastBackup(t *testing.T) {
	f := Facts{OS: "linux", LastBackup: "2026-11-28"}
	if got := Report(f, i18n.EN); !strings.Contains(got, "Last backup: 2026-11-28") {
		t.Errorf("report without the date:\n%s", got)
	}
	if got := Report(Facts{}, i18n.JA); !strings.Contains(got, "最後のバックアップ: まだありません") {
		t.Errorf("report of a PC never backed up:\n%s", got)
	}
	if SupportCode(f) != SupportCode(Facts{OS: "linux"}) {
		t.Error("the date changed the support code")
	}
}
