package profile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

func TestBuiltinsValid(t *testing.T) {
	s := Builtin()
	for _, p := range s.All() {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
	}
	if p, ok := s.Get(Default); !ok || p != SmartOTP {
		t.Errorf("default profile %q: got %+v, %v", Default, p, ok)
	}
	if _, ok := s.Get("totp-30"); !ok {
		t.Error("totp-30 missing")
	}
}

func TestValidate(t *testing.T) {
	ok := SmartOTP
	tests := []struct {
		name   string
		change func(*Profile)
		want   string // substring of the English message; "" = valid
	}{
		{"smart-otp", func(*Profile) {}, ""},
		{"hex 40", func(p *Profile) { p.Encoding, p.Length = Hex, 40 }, ""},
		{"any length", func(p *Profile) { p.Length = 0 }, ""},
		{"8 digits sha512 30s", func(p *Profile) { p.Digits, p.Algorithm, p.Period = 8, SHA512, 30 }, ""},
		{"no name", func(p *Profile) { p.Name = "  " }, "no name"},
		{"encoding", func(p *Profile) { p.Encoding = "base64" }, `"base64" is not supported`},
		{"7 digits", func(p *Profile) { p.Digits = 7 }, "7 digits"},
		{"0 digits", func(p *Profile) { p.Digits = 0 }, "0 digits"},
		{"period 0", func(p *Profile) { p.Period = 0 }, "step of 0 seconds"},
		{"period 3601", func(p *Profile) { p.Period = 3601 }, "step of 3601 seconds"},
		{"md5", func(p *Profile) { p.Algorithm = "MD5" }, `"MD5"`},
		{"lowercase sha1", func(p *Profile) { p.Algorithm = "sha1" }, `"sha1"`},
		{"base32 too short", func(p *Profile) { p.Length = 8 }, "8 characters"},
		{"base32 odd length", func(p *Profile) { p.Length = 33 }, "33 characters"},
		{"hex odd length", func(p *Profile) { p.Encoding, p.Length = Hex, 41 }, "41 characters"},
		{"negative length", func(p *Profile) { p.Length = -1 }, "-1 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.change(&p)
			err := p.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want *i18n.Error", err)
			}
			if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, tt.want) {
				t.Errorf("en %q does not contain %q", en, tt.want)
			}
			if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, "プロファイル") {
				t.Errorf("ja %q is not Japanese", ja)
			}
		})
	}
}

func TestLengthRange(t *testing.T) {
	for _, tt := range []struct {
		e  Encoding
		n  int
		ok bool
	}{
		{Base32, 16, true}, {Base32, 15, false}, {Base32, 32, true},
		{Base32, 26, true}, {Base32, 27, false}, {Base32, 205, true}, {Base32, 206, false},
		{Hex, 20, true}, {Hex, 18, false}, {Hex, 21, false}, {Hex, 256, true}, {Hex, 258, false}, {"b64", 32, false},
	} {
		if got := tt.e.ValidLength(tt.n); got != tt.ok {
			t.Errorf("%s %d: ValidLength %v, want %v", tt.e, tt.n, got, tt.ok)
		}
	}
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "profiles.json")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadMissingFileGivesBuiltins(t *testing.T) {
	s, err := Load(filepath.Join(t.TempDir(), "none.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Names(), Builtin().Names(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("names %v, want %v", got, want)
	}
}

func TestLoadMerges(t *testing.T) {
	path := writeFile(t, `{"version": 1, "profiles": [
	  {"name": "acme", "label": "ACME 証券", "issuer": "ACME", "encoding": "hex", "length": 40, "digits": 8, "period": 30, "algorithm": "SHA256"}
	]}`)
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	acme, ok := s.Get("acme")
	want := Profile{Name: "acme", Label: "ACME 証券", Issuer: "ACME", Encoding: Hex, Length: 40, Digits: 8, Period: 30, Algorithm: SHA256}
	if !ok || acme != want {
		t.Errorf("acme: %+v, %v", acme, ok)
	}
	if p, _ := s.Get("smart-otp"); p != SmartOTP {
		t.Errorf("smart-otp changed: %+v", p)
	}
	if _, ok := s.Get("totp-30"); !ok {
		t.Error("built-in totp-30 lost")
	}
	var names []string
	for _, p := range s.All() {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ","); got != "smart-otp,totp-30,ymsec,acme" {
		t.Errorf("order %s", got)
	}
	if p, _ := Builtin().Get("smart-otp"); p != SmartOTP {
		t.Error("Load changed the built-ins")
	}
}

func TestLoadErrors(t *testing.T) {
	good := `{"name": "x", "encoding": "base32", "digits": 6, "period": 30, "algorithm": "SHA1"}`
	tests := []struct {
		name, text string
		en, ja     []string
	}{
		{"syntax", "{\"version\": 1,\n\"profiles\": [\n{\"name\": \"x\",,}]}",
			[]string{"not valid JSON", "line 3"}, []string{"JSON", "3行目"}},
		{"truncated", "{\"version\": 1,\n\"profiles\": [",
			[]string{"not valid JSON", "line 2"}, []string{"2行目"}},
		{"type", "{\"version\": 1,\n\"profiles\": [{\"name\": \"x\", \"digits\": \"six\"}]}",
			[]string{"digits", "line 2", "wrong type"}, []string{"digits", "2行目"}},
		{"unknown field", `{"version": 1, "profiles": [{"name": "x", "digit": 8}]}`,
			[]string{`unknown setting "digit"`}, []string{"不明な設定「digit」"}},
		{"version", `{"version": 2, "profiles": []}`,
			[]string{"version 2", "reads version 1"}, []string{"バージョンは2"}},
		{"no version", `{"profiles": []}`,
			[]string{"version 0"}, []string{"バージョンは0"}},
		{"trailing", `{"version": 1, "profiles": []} {}`,
			[]string{"not valid JSON"}, []string{"JSON"}},
		{"duplicate", `{"version": 1, "profiles": [` + good + `,` + good + `]}`,
			[]string{`"x" more than once`}, []string{"「x」が複数"}},
		{"built-in name", `{"version": 1, "profiles": [` + good + `, {"name": "smart-otp", "encoding": "base32", "length": 32, "digits": 8, "period": 60, "algorithm": "SHA1"}]}`,
			[]string{`"smart-otp"`, "built-in", "profile number 2"}, []string{"「smart-otp」", "標準", "2番目"}},
		{"built-in name, other case", `{"version": 1, "profiles": [{"name": "Smart-OTP", "encoding": "base32", "digits": 6, "period": 30, "algorithm": "SHA1"}]}`,
			[]string{`"Smart-OTP"`, "built-in"}, []string{"標準"}},
		{"invalid profile", `{"version": 1, "profiles": [` + good + `, {"name": "y", "encoding": "base32", "digits": 7, "period": 30, "algorithm": "SHA1"}]}`,
			[]string{`Profile "y"`, "7 digits", "profile number 2"}, []string{"「y」", "7桁", "2番目"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.text)
			s, err := Load(path)
			if err == nil {
				t.Fatalf("no error; got %v", s.Names())
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("%v is not an *i18n.Error", err)
			}
			for l, wants := range map[i18n.Lang][]string{i18n.EN: tt.en, i18n.JA: tt.ja} {
				msg := i18n.Localize(err, l)
				for _, w := range append(wants, path) {
					if !strings.Contains(msg, w) {
						t.Errorf("%s %q does not contain %q", l, msg, w)
					}
				}
			}
		})
	}
}

func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir() // a directory is not readable as a file, even for root
	_, err := Load(dir)
	if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, "could not be read") || !strings.Contains(en, dir) {
		t.Errorf("got %q", en)
	}
}
