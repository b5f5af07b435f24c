package importfile

import (
	"encoding/base32"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/testenv"
	"github.com/omamori-app/omamori/internal/totp"
)

// want is one imported entry: names, parameters and the base32 secret.
type want struct {
	Issuer, Account string
	Alg             profile.Algorithm
	Digits, Period  int
	Secret          string
}

// skip is one skipped entry and its reason's catalog key ("" = any:
// otpauth's own message).
type skip struct{ Issuer, Account, Key string }

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func got(e newaccount.Details) want {
	return want{e.Issuer, e.Account, e.Profile.Algorithm, e.Profile.Digits, e.Profile.Period,
		strings.TrimRight(base32.StdEncoding.EncodeToString(e.Secret), "=")}
}

// expect compares r with the expected entries and skips, and checks every
// entry's first code against oathtool.
func expect(t *testing.T, r Result, entries []want, skips []skip) {
	t.Helper()
	if len(r.Entries) != len(entries) {
		t.Errorf("%d entries, want %d: %v", len(r.Entries), len(entries), r.Entries)
	}
	for i := range min(len(r.Entries), len(entries)) {
		if g := got(r.Entries[i]); g != entries[i] {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, g, entries[i])
		}
		if err := r.Entries[i].Profile.Validate(); err != nil {
			t.Errorf("entry %d: profile not valid: %v", i, err)
		}
	}
	if len(r.Skipped) != len(skips) {
		t.Errorf("%d skipped, want %d: %v", len(r.Skipped), len(skips), r.Skipped)
	}
	for i := range min(len(r.Skipped), len(skips)) {
		s, w := r.Skipped[i], skips[i]
		if s.Issuer != w.Issuer || s.Account != w.Account || (w.Key != "" && s.Reason.Key != w.Key) {
			t.Errorf("skipped %d: got %q %q %q (%s), want %+v", i, s.Issuer, s.Account, s.Reason.Key, s.Reason, w)
		}
		for _, l := range []i18n.Lang{i18n.EN, i18n.JA} {
			if m := s.Reason.In(l); m == "" || m == s.Reason.Key {
				t.Errorf("skipped %d: no %s text for %q", i, l, s.Reason.Key)
			}
		}
	}
	againstOathtool(t, r.Entries)
}

// againstOathtool checks the code of every entry now and at a fixed time
// against OATH Toolkit's oathtool, the secret handed over on stdin.
func againstOathtool(t *testing.T, es []newaccount.Details) {
	t.Helper()
	oathtool := testenv.Tool(t, "oathtool", "oathtool")
	for _, e := range es {
		g, err := totp.New(e.Secret, e.Profile)
		if err != nil {
			t.Errorf("%s/%s: %v", e.Issuer, e.Account, err)
			continue
		}
		for _, ts := range []int64{1_234_567_890, time.Now().Unix()} {
			p := e.Profile
			cmd := exec.Command(oathtool, "--totp="+strings.ToLower(string(p.Algorithm)),
				"-s", strconv.Itoa(p.Period), "-d", strconv.Itoa(p.Digits),
				"-N", "@"+strconv.FormatInt(ts, 10), "--base32", "-")
			cmd.Stdin = strings.NewReader(base32.StdEncoding.EncodeToString(e.Secret) + "\n")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("oathtool: %v", err)
			}
			if c := g.At(time.Unix(ts, 0)).Code; c != strings.TrimSpace(string(out)) {
				t.Errorf("%s/%s at %d: code %s, oathtool %s", e.Issuer, e.Account, ts, c, out)
			}
		}
	}
}

func parse(t *testing.T, name string, opt Options, f Format) Result {
	t.Helper()
	data := read(t, name)
	if d := Detect(data); d != f {
		t.Errorf("Detect(%s) = %q, want %q", name, d, f)
	}
	r, err := Parse(data, opt)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if r.Format != f {
		t.Errorf("%s: format %q, want %q", name, r.Format, f)
	}
	return r
}

// Aegis's own test vectors: the same seven entries in most formats; three
// TOTP of which one has 7 digits, three HOTP and a Steam entry.
var (
	aegisDeno   = want{"Deno", "Mason", profile.SHA1, 6, 30, "4SJHB4GSD43FZBAI7C2HLRJGPQ"}
	aegisAirbnb = want{"Airbnb", "Elijah", profile.SHA512, 8, 50, "7ELGJSGXNCCTV3O6LKJWYFV2RA"}
	aegisSPDX   = skip{"SPDX", "James", "skip_digits"}
	aegisHOTP   = []skip{{"Issuu", "James", "skip_hotp"}, {"Air Canada", "Benjamin", "skip_hotp"}, {"WWE", "Mason", "skip_hotp"}}
	aegisSteam  = skip{"Boeing", "Sophia", "skip_type"}
)

func TestAegisVectors(t *testing.T) {
	skips := append([]skip{aegisSPDX}, append(aegisHOTP, aegisSteam)...)
	plain := parse(t, "aegis/aegis_plain.json", Options{}, Aegis)
	expect(t, plain, []want{aegisDeno, aegisAirbnb}, skips)

	enc := parse(t, "aegis/aegis_encrypted.json", Options{Password: []byte("test")}, Aegis)
	expect(t, enc, []want{aegisDeno, aegisAirbnb}, skips)
}

func TestAegisEncryptedNeedsRightPassword(t *testing.T) {
	data := read(t, "aegis/aegis_encrypted.json")
	for _, c := range []struct {
		pw   string
		want error
	}{{"", ErrNeedPassword}, {"Test", ErrWrongPassword}, {"test ", ErrWrongPassword}} {
		_, err := Parse(data, Options{Password: []byte(c.pw)})
		if !errors.Is(err, c.want) {
			t.Errorf("password %q: %v, want %v", c.pw, err, c.want)
		}
		noSecretsIn(t, err)
	}
}

func TestOwnAegis(t *testing.T) {
	r := parse(t, "own/aegis_plain.json", Options{}, Aegis)
	expect(t, r, []want{
		{"みずほ証券", "三菱 太郎", profile.SHA256, 6, 30, "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ"},
		{"Example", "alice@example.com", profile.SHA1, 8, 60, "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"},
	}, []skip{{"Typo Bank", "broken", "skip_secret"}, {"MOTP Inc", "m", "skip_type"}, {"MD5 Corp", "bob", "skip_algorithm"}})
}

func TestURIList(t *testing.T) {
	skips := append([]skip{aegisSPDX}, aegisHOTP...)
	skips = append(skips, aegisSteam)
	for i := range skips {
		skips[i].Key = "" // otpauth's own messages
	}
	expect(t, parse(t, "aegis/plain.txt", Options{}, URIList), []want{aegisDeno, aegisAirbnb}, skips)

	expect(t, parse(t, "own/uris.txt", Options{}, URIList), []want{
		{"Example", "alice", profile.SHA1, 6, 60, "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"},
		{"みずほ証券", "taro", profile.SHA256, 6, 30, "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ"},
	}, []skip{{"Counter", "c", "hotp"}, {"", "", "not_otpauth"}, {"", "", "not_otpauth"}})
}

func TestEnteAuth(t *testing.T) {
	r := parse(t, "aegis/ente_auth.txt", Options{}, URIList)
	// Ente's export is sorted by issuer and names the same seven entries.
	expect(t, r, []want{aegisAirbnb, aegisDeno}, []skip{{"Air Canada", "Benjamin", "hotp"}, {"Boeing", "Sophia", "unknown_type"},
		{"Issuu", "James", "hotp"}, {"SPDX", "James", "bad_digits"}, {"WWE", "Mason", "hotp"}})
}

func TestTwoFAS(t *testing.T) {
	hotp := []skip{{"Issuu", "James", "skip_hotp"}, {"Air Canada", "Benjamin", "skip_hotp"}, {"WWE", "Mason", "skip_hotp"}}
	skips := append(hotp, skip{"Boeing", "Sophia", "skip_type"})
	expect(t, parse(t, "aegis/2fas_authenticator_plain_v4.2fas", Options{}, TwoFAS), []want{aegisDeno}, skips)
	expect(t, parse(t, "aegis/2fas_authenticator_encrypted_v4.2fas", Options{Password: []byte("test")}, TwoFAS), []want{aegisDeno}, skips)

	_, err := Parse(read(t, "aegis/2fas_authenticator_encrypted_v4.2fas"), Options{Password: []byte("tset")})
	if !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v", err)
	}
	_, err = Parse(read(t, "aegis/2fas_authenticator_encrypted_v4.2fas"), Options{})
	if !errors.Is(err, ErrNeedPassword) {
		t.Errorf("no password: %v", err)
	}

	expect(t, parse(t, "own/2fas_plain.2fas", Options{}, TwoFAS), []want{
		{"SHA512 Co", "bob", profile.SHA512, 8, 30, "GIZTINJWG44DSOR3HQ6T4P2AIFBEGRCF"},
		{"Example", "alice", profile.SHA1, 6, 60, "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"},
	}, []skip{{"Steam", "gamer", "skip_type"}, {"Counter", "c", "skip_hotp"}})
}

func TestBitwarden(t *testing.T) {
	r := parse(t, "aegis/bitwarden.json", Options{}, Bitwarden)
	expect(t, r, []want{aegisDeno, aegisAirbnb}, []skip{{"SPDX", "James", "bad_digits"}, {"Test Steam", "", "skip_type"}})

	expect(t, parse(t, "own/bitwarden.json", Options{}, Bitwarden), []want{
		{"Example", "alice", profile.SHA1, 6, 30, "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"},
		{"みずほ証券", "taro", profile.SHA256, 6, 30, "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ"},
	}, []skip{{"Game", "gamer", "skip_type"}})

	_, err := Parse([]byte(`{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "x", "items": []}`), Options{})
	if !errors.Is(err, ErrMalformed) || !strings.Contains(i18n.Localize(err, i18n.EN), "JSON") {
		t.Errorf("encrypted Bitwarden export: %v", err)
	}
}

func TestProton(t *testing.T) {
	r := parse(t, "aegis/proton_authenticator.json", Options{}, Proton)
	expect(t, r, []want{aegisDeno, aegisAirbnb}, []skip{{"SPDX", "James", "bad_digits"}})

	expect(t, parse(t, "own/proton.json", Options{}, Proton), []want{
		{"SHA512 Co", "bob", profile.SHA512, 8, 30, "GIZTINJWG44DSOR3HQ6T4P2AIFBEGRCF"},
		{"Example", "alice", profile.SHA1, 6, 60, "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"},
	}, []skip{{"", "gamer", "skip_type"}})
}

func TestDetect(t *testing.T) {
	for in, f := range map[string]Format{
		"":                                  Unknown,
		"hello":                             Unknown,
		"\uFEFF  otpauth://totp/x?secret=A": URIList,
		"OTPAUTH-MIGRATION://offline?data=": Migration,
		`{"header":{},"db":{}}`:             Aegis,
		`{"servicesEncrypted":"a:b:c"}`:     TwoFAS,
		`{"encrypted":false,"items":[]}`:    Bitwarden,
		`{"version":1,"entries":[]}`:        Proton,
		`{"version":1}`:                     Unknown,
		`[1,2]`:                             Unknown,
		`{"header":`:                        Unknown,
	} {
		if g := Detect([]byte(in)); g != f {
			t.Errorf("Detect(%q) = %q, want %q", in, g, f)
		}
	}
	_, err := Parse([]byte("hello"), Options{})
	if !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown: %v", err)
	}
}

func TestSizeLimitBeforeParsing(t *testing.T) {
	big := make([]byte, MaxFile+1)
	copy(big, "otpauth://totp/x?secret=AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU\n")
	if Detect(big) != Unknown {
		t.Error("Detect looked at an oversized file")
	}
	_, err := Parse(big, Options{})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
	if _, err := Parse(big[:MaxFile], Options{}); err != nil {
		t.Errorf("a file of exactly MaxFile bytes: %v", err)
	}
}

// noSecretsIn fails when err's text, in any language, holds a test secret
// or a long run of base32 that could be one.
func noSecretsIn(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), i18n.Localize(err, i18n.JA), i18n.Localize(err, i18n.EN)} {
		for _, secret := range testSecrets {
			if strings.Contains(strings.ToUpper(s), secret[:min(12, len(secret))]) {
				t.Errorf("error text holds a secret: %s", s)
			}
		}
	}
}

var testSecrets = []string{"4SJHB4GSD43FZBAI7C2HLRJGPQ", "7ELGJSGXNCCTV3O6LKJWYFV2RA", "5OM4WOOGPLQEF6UGN3CPEOOLWU",
	"AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU", "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
	"GIZTINJWG44DSOR3HQ6T4P2AIFBEGRCF", "JRZCL47CMXVOQMNPZR2F7J4RGI", "NOT*BASE32!"}

// TestNoSecretInReasons damages every test file in many ways and checks
// that no error and no skip reason quotes a secret.
func TestNoSecretInReasons(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		for _, v := range damaged(data) {
			r, err := Parse(v, Options{Password: []byte("test")})
			noSecretsIn(t, err)
			for _, s := range r.Skipped {
				noSecretsIn(t, i18n.NewError(s.Reason, i18n.Message{}, nil))
				for _, secret := range testSecrets {
					if strings.Contains(strings.ToUpper(s.Issuer+s.Account), secret[:min(12, len(secret))]) {
						t.Errorf("%s: a skipped entry's name holds a secret", f)
					}
				}
			}
		}
	}
}

// damaged gives data cut short, with a secret's characters made invalid,
// and with a secret moved into the names.
func damaged(data []byte) [][]byte {
	s := string(data)
	out := [][]byte{data, data[:len(data)/2], data[:len(data)*9/10]}
	for _, secret := range testSecrets[:8] {
		out = append(out,
			[]byte(strings.ReplaceAll(s, secret, secret[:12]+"0189!"+secret[12:])),
			[]byte(strings.ReplaceAll(s, secret, secret[:12]+"\x00")),
			[]byte(strings.ReplaceAll(s, secret, "")))
	}
	return out
}

// TestAegisSlots: the password slot is found behind a slot Omamori cannot
// use; a vault with only such slots is explained; a slot asking scrypt for
// gigabytes is refused before any work.
func TestAegisSlots(t *testing.T) {
	plain := read(t, "own/aegis_plain.json")
	want, err := Parse(plain, Options{})
	if err != nil {
		t.Fatal(err)
	}
	vault := sealAegis(t, plain, "パスワード 1", 1<<10, true)
	if Detect(vault) != Aegis {
		t.Fatal("not detected")
	}
	r, err := Parse(vault, Options{Password: []byte("パスワード 1")})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entries) != len(want.Entries) || len(r.Skipped) != len(want.Skipped) {
		t.Errorf("encrypted: %d entries %d skipped, plain: %d %d", len(r.Entries), len(r.Skipped), len(want.Entries), len(want.Skipped))
	}
	if _, err := Parse(vault, Options{Password: []byte("パスワード 2")}); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: %v", err)
	}

	onlyBio := strings.Replace(string(vault), `"type":1`, `"type":2`, 1)
	_, err = Parse([]byte(onlyBio), Options{Password: []byte("パスワード 1")})
	if err == nil || i18n.Localize(err, i18n.JA) == "" || !strings.Contains(err.Error(), "phone") {
		t.Errorf("no password slot: %v", err)
	}

	greedy := strings.Replace(string(vault), `"n":1024`, `"n":1073741824`, 1)
	start := time.Now()
	if _, err := Parse([]byte(greedy), Options{Password: []byte("パスワード 1")}); !errors.Is(err, ErrMalformed) {
		t.Errorf("scrypt N=2^30: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing N=2^30 took %v", d)
	}
}

func TestKeePassXC(t *testing.T) {
	expect(t, parse(t, "own/keepassxc.csv", Options{}, KeePassCSV), []want{
		{"Example", "alice", profile.SHA1, 6, 60, "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"},
		{"みずほ証券", "", profile.SHA256, 8, 30, "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ"},
	}, []skip{{"Game", "gamer", "skip_type"}})

	expect(t, parse(t, "own/keepass.xml", Options{}, KeePassXML), []want{
		{"SHA512 Co", "bob", profile.SHA512, 8, 30, "GIZTINJWG44DSOR3HQ6T4P2AIFBEGRCF"},
		{"KeeOtp", "alice", profile.SHA1, 8, 60, "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"},
		{"みずほ証券", "taro", profile.SHA1, 6, 60, "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ"},
	}, []skip{{"Steam", "gamer", "skip_type"}, {"Odd settings", "o", "skip_unreadable"}})
}
