package importplan

import (
	"context"
	"encoding/base32"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

const uris = "otpauth://totp/Example:alice?secret=AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU&issuer=Example&period=60\n" +
	"otpauth://totp/Shop:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Shop\n" +
	"otpauth://hotp/Counter:c?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Counter&counter=3\n"

func store(t *testing.T) (*accounts.Store, *accountstest.Secrets) {
	t.Helper()
	sec := accountstest.NewSecrets()
	s, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	return s, sec
}

func names(t *testing.T, s *accounts.Store) []string {
	t.Helper()
	es, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range es {
		n = append(n, e.Name)
	}
	return n
}

// The preview says what happens to each entry before anything changes:
// a new one, a name clash renamed, a secret already here skipped, an
// unusable entry skipped with its reason; Apply then adds exactly those.
func TestPreviewThenApply(t *testing.T) {
	s, _ := store(t)
	shop, _ := base32.StdEncoding.DecodeString("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	if _, err := s.Add("楽天", newaccount.Details{Secret: shop, Profile: profile.SmartOTP}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add("Example alice", newaccount.Details{Secret: []byte("another secret 1234"), Profile: profile.SmartOTP}); err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(s, []byte(uris), importfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, s); len(got) != 2 {
		t.Fatalf("Prepare changed the store: %v", got)
	}
	if p.Format != importfile.URIList || p.Total() != 3 {
		t.Errorf("format %q, total %d", p.Format, p.Total())
	}
	if add, skip := p.Count(); add != 1 || skip != 2 {
		t.Errorf("count %d/%d, want 1 added, 2 skipped", add, skip)
	}
	st := p.Plan.Steps
	if len(st) != 2 || !st[0].Renamed() || st[0].Name != "Example alice (2)" || st[1].Action != backup.SkipDuplicate || st[1].Existing != "楽天" {
		t.Errorf("steps %+v", st)
	}
	if len(p.Skipped) != 1 || SkippedName(p.Skipped[0]) != "Counter c" || p.Skipped[0].Reason.In(i18n.JA) == "" {
		t.Errorf("skipped %+v", p.Skipped)
	}
	p.Plan.Steps[0].Name = "Example 仕事"
	added, err := Apply(context.Background(), s, p)
	if err != nil || len(added) != 1 || added[0].Name != "Example 仕事" || added[0].Profile.Period != 60 {
		t.Fatalf("Apply: %v %+v", err, added)
	}
}

// An encrypted file asks for its password through ErrNeedPassword; a
// wrong one is told apart; nothing changes until Apply.
func TestPasswordThenApply(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "importfile", "testdata", "aegis", "aegis_encrypted.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := store(t)
	if _, err := Prepare(s, data, importfile.Options{}); !errors.Is(err, importfile.ErrNeedPassword) {
		t.Fatalf("no password: %v", err)
	}
	if _, err := Prepare(s, data, importfile.Options{Password: []byte("nope")}); !errors.Is(err, importfile.ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	p, err := Prepare(s, data, importfile.Options{Password: []byte("test")})
	if err != nil {
		t.Fatal(err)
	}
	if add, skip := p.Count(); add != 2 || skip != 5 {
		t.Errorf("count %d/%d", add, skip)
	}
	if _, err := Apply(context.Background(), s, p); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(t, s), ","); got != "Deno Mason,Airbnb Elijah" {
		t.Errorf("accounts %q", got)
	}
}

// All or nothing: when the keyring refuses one write, no account is added.
func TestApplyAllOrNothing(t *testing.T) {
	s, sec := store(t)
	p, err := Prepare(s, []byte(uris), importfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	sec.FailWith(func(op, id string) error {
		if op == "set" {
			if n++; n == 2 {
				return errors.New("keyring refused")
			}
		}
		return nil
	})
	if _, err := Apply(context.Background(), s, p); err == nil {
		t.Fatal("Apply succeeded with a refused write")
	}
	sec.FailWith(nil)
	if got := names(t, s); len(got) != 0 {
		t.Errorf("after a failed apply: %v", got)
	}
}

func TestReadFile(t *testing.T) {
	_, err := ReadFile(filepath.Join(t.TempDir(), "missing.json"))
	if err == nil || i18n.Localize(err, i18n.JA) != "ファイルmissing.jsonを読み込めませんでした。ファイル名と、ファイルを読む権限があるかを確かめて、もう一度お試しください。" {
		t.Errorf("missing file: %v / %q", err, i18n.Localize(err, i18n.JA))
	}
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, make([]byte, importfile.MaxFile+100), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := ReadFile(big)
	if err != nil || len(b) != importfile.MaxFile+1 {
		t.Errorf("a large file is read up to the limit only: %d %v", len(b), err)
	}
	if _, err := Prepare(nil, b, importfile.Options{}); !errors.Is(err, importfile.ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
}

func TestName(t *testing.T) {
	for _, c := range [][3]string{{"みずほ証券", "三菱 太郎", "みずほ証券 三菱 太郎"}, {"", "bob", "bob"}, {"Shop", "", "Shop"}, {"GitHub", "github", "github"}} {
		if got := Name(c[0], c[1]); got != c[2] {
			t.Errorf("Name(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	if got := SkippedName(importfile.Skipped{Issuer: " ", Account: "\x07"}); got != "?" {
		t.Errorf("nameless skipped: %q", got)
	}
}
