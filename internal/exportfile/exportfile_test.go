package exportfile

import (
	"bytes"
	"context"
	"encoding/base32"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/testenv"
	"github.com/omamori-app/omamori/internal/totp"
)

// account is one account of the test store, its secret in base32.
type account struct {
	name, issuer, label, secret string
	p                           profile.Profile
}

func prof(alg profile.Algorithm, digits, period int) profile.Profile {
	p := profile.SmartOTP
	p.Algorithm, p.Digits, p.Period = alg, digits, period
	return p
}

var testAccounts = []account{
	{"三菱 太郎", "", "", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", profile.SmartOTP}, // Smart OTP: SHA-1, 6 digits, 60 s
	{"Example alice", "Example", "alice", "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU", prof(profile.SHA1, 6, 30)},
	{"みずほ証券 taro", "みずほ証券", "taro", "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ", prof(profile.SHA256, 8, 60)},
	{"Shop: bob", "Shop", "bob:work", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYDCMRTGQ2TMNZYHEZTINJWG44DSMA", prof(profile.SHA512, 8, 30)},
}

func newStore(t *testing.T) (*accounts.Store, *accountstest.Secrets) {
	t.Helper()
	sec := accountstest.NewSecrets()
	s, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range testAccounts {
		key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(a.secret)
		if err != nil {
			t.Fatal(err)
		}
		p := a.p
		p.Issuer = a.issuer
		if _, err := s.Add(a.name, newaccount.Details{Issuer: a.issuer, Account: a.label, Secret: key, Profile: p}); err != nil {
			t.Fatal(err)
		}
	}
	return s, sec
}

// sameCodes checks that every imported entry is one of testAccounts and
// makes oathtool's codes, at a fixed time and now.
func sameCodes(t *testing.T, r importfile.Result) {
	t.Helper()
	oathtool := testenv.Tool(t, "oathtool", "oathtool")
	if len(r.Entries) != len(testAccounts) || len(r.Skipped) != 0 {
		t.Fatalf("%d entries, %d skipped; want %d", len(r.Entries), len(r.Skipped), len(testAccounts))
	}
	for i, e := range r.Entries {
		a := testAccounts[i]
		if got := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(e.Secret); got != a.secret {
			t.Errorf("%s: secret differs", a.name)
		}
		if e.Issuer != a.issuer || e.Profile.Algorithm != a.p.Algorithm || e.Profile.Digits != a.p.Digits || e.Profile.Period != a.p.Period {
			t.Errorf("%s: got %q %q %+v", a.name, e.Issuer, e.Account, e.Profile)
		}
		g, err := totp.New(e.Secret, e.Profile)
		if err != nil {
			t.Fatal(err)
		}
		for _, ts := range []int64{59, 1_234_567_890, time.Now().Unix()} {
			p := e.Profile
			cmd := exec.Command(oathtool, "--totp="+strings.ToLower(string(p.Algorithm)), "-s", strconv.Itoa(p.Period),
				"-d", strconv.Itoa(p.Digits), "-N", "@"+strconv.FormatInt(ts, 10), "--base32", "-")
			cmd.Stdin = strings.NewReader(a.secret + "\n") // never on the command line
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("oathtool: %v", err)
			}
			if c := g.At(time.Unix(ts, 0)).Code; c != strings.TrimSpace(string(out)) {
				t.Errorf("%s at %d: %s, oathtool %s", a.name, ts, c, out)
			}
		}
	}
}

// The otpauth list read back by our importer gives every account, with
// oathtool's codes (60-second ones included).
func TestOTPAuthRoundTrip(t *testing.T) {
	s, _ := newStore(t)
	a, err := Collect(s)
	if err != nil {
		t.Fatal(err)
	}
	data := URIList(a)
	a.Wipe()
	if importfile.Detect(data) != importfile.URIList {
		t.Fatalf("not detected as a link list:\n%s", data)
	}
	r, err := importfile.Parse(data, importfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameCodes(t, r)
	if r.Entries[0].Account != "三菱 太郎" || r.Entries[1].Account != "alice" || r.Entries[3].Account != "bob:work" {
		t.Errorf("names: %q %q %q", r.Entries[0].Account, r.Entries[1].Account, r.Entries[3].Account)
	}
}

// The Aegis vault opens with its password only, in our Aegis reader, and
// gives every account with oathtool's codes; no secret is in the file in
// clear.
func TestAegisRoundTrip(t *testing.T) {
	s, _ := newStore(t)
	a, err := Collect(s)
	if err != nil {
		t.Fatal(err)
	}
	data, err := AegisVault(a, []byte("あおいそらとしろいくも"))
	a.Wipe()
	if err != nil {
		t.Fatal(err)
	}
	for _, ac := range testAccounts {
		if bytes.Contains(data, []byte(ac.secret)) || bytes.Contains(data, []byte(ac.secret[:16])) {
			t.Errorf("%s's secret is in the vault in clear", ac.name)
		}
	}
	if importfile.Detect(data) != importfile.Aegis {
		t.Fatal("not detected as an Aegis vault")
	}
	if _, err := importfile.Parse(data, importfile.Options{}); !errors.Is(err, importfile.ErrNeedPassword) {
		t.Errorf("without the password: %v", err)
	}
	if _, err := importfile.Parse(data, importfile.Options{Password: []byte("あおいそらとしろいくむ")}); !errors.Is(err, importfile.ErrWrongPassword) {
		t.Errorf("a wrong password: %v", err)
	}
	r, err := importfile.Parse(data, importfile.Options{Password: []byte("あおいそらとしろいくも")})
	if err != nil {
		t.Fatal(err)
	}
	sameCodes(t, r)
	// Aegis's format as its docs/vault.md gives it: the fields Aegis reads.
	for _, want := range []string{`"version": 1`, `"type": 1`, `"n": 32768`, `"r": 8`, `"p": 1`, `"key_params"`, `"params"`, `"db": "`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("vault lacks %s", want)
		}
	}
}

// An account whose secret is lost here is named, not exported; a store
// with none that can be exported says so.
func TestCollectMissing(t *testing.T) {
	s, sec := newStore(t)
	es, _ := s.List()
	if err := sec.Delete(es[1].ID); err != nil {
		t.Fatal(err)
	}
	a, err := Collect(s)
	if err != nil || len(a.List) != 3 || len(a.Missing) != 1 || a.Missing[0] != "Example alice" {
		t.Fatalf("%v: %d exported, missing %v", err, len(a.List), a.Missing)
	}
	empty, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Collect(empty); !errors.Is(err, ErrNothing) {
		t.Errorf("empty store: %v", err)
	}
}

// An export reads every secret in one batch, not one account at a time
// (seven round trips each on the Secret Service): with 200 accounts the
// keyring is read a number of times that does not grow with them.
func TestCollectReadsTheKeyringOnce(t *testing.T) {
	s, sec := newStore(t)
	var news []accounts.NewAccount
	for i := range 200 {
		key := []byte(fmt.Sprintf("extra secret %08d", i))
		news = append(news, accounts.NewAccount{Name: fmt.Sprintf("extra %d", i), Enrolment: newaccount.Details{Secret: key, Profile: prof(profile.SHA1, 6, 30)}})
	}
	if _, err := s.AddAll(context.Background(), news); err != nil {
		t.Fatal(err)
	}
	before := sec.Gets()
	a, err := Collect(s)
	if err != nil || len(a.List) != len(testAccounts)+200 {
		t.Fatalf("%v: %d exported", err, len(a.List))
	}
	if got := sec.Gets() - before; got > 2*len(a.List) {
		t.Errorf("an export of %d accounts read the keyring %d times, want at most %d (List, then one batch)", len(a.List), got, 2*len(a.List))
	}
}

// Write never replaces a file and leaves the new one readable by the
// user only.
func TestWriteNewOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "accounts.txt")
	if err := os.WriteFile(path, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(path, []byte("otpauth://…"))
	if !errors.Is(err, ErrExists) {
		t.Fatalf("over a file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "mine" {
		t.Errorf("the file was changed: %q", b)
	}
	path = filepath.Join(dir, "new.txt")
	if err := Write(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if err := Write(filepath.Join(dir, "no", "such", "folder.txt"), []byte("x")); err == nil {
		t.Error("a missing folder did not fail")
	}
}

func TestCheckPassword(t *testing.T) {
	for _, c := range []struct {
		p, again string
		ok       bool
	}{{"あおいそらとしろいくも", "あおいそらとしろいくも", true}, {"short", "short", false}, {"          x", "          x", false},
		{"0123456789", "0123456789", true}, {"0123456789", "0123456788", false}} {
		err := CheckPassword(c.p, c.again)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrWeakPassword)) {
			t.Errorf("%q/%q: %v", c.p, c.again, err)
		}
	}
}
