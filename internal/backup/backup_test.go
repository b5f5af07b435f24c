package backup

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// testWork is a small scrypt work factor: the format is the same, the
// tests just do not spend a second and 256 MiB per file.
const testWork = 10

const testPass = "correct horse battery"

var hotp8 = profile.Profile{Name: "eight", Encoding: profile.Base32, Digits: 8, Period: 30, Algorithm: profile.SHA256}

func newStore(t *testing.T) (*accounts.Store, *accountstest.Secrets) {
	t.Helper()
	sec := accountstest.NewSecrets()
	s, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	return s, sec
}

func add(t *testing.T, s *accounts.Store, name string, key []byte, p profile.Profile) {
	t.Helper()
	if _, err := s.Add(name, newaccount.Details{Secret: key, Profile: p, Issuer: "Example", Account: "taro"}); err != nil {
		t.Fatal(err)
	}
}

func seal(t *testing.T, d Document, pass string) []byte {
	t.Helper()
	r, err := Recipient(pass, testWork)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Seal(d, r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(t *testing.T, data []byte, pass string) (Document, error) {
	t.Helper()
	id, err := Identity(pass)
	if err != nil {
		t.Fatal(err)
	}
	return Open(data, "test.omamori-backup.age", id)
}

func TestRoundTripKeepsEveryAccountAndOrder(t *testing.T) {
	src, _ := newStore(t)
	k1, k2 := accountstest.RandomKey(t, 20), accountstest.RandomKey(t, 32)
	add(t, src, "三菱 太郎", k1, profile.SmartOTP)
	add(t, src, "Example", k2, hotp8)
	d, err := Collect(src, time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), "test")
	if err != nil {
		t.Fatal(err)
	}
	file := seal(t, d, testPass)
	if bytes.Contains(file, []byte(d.Accounts[0].Secret)) || bytes.Contains(file, []byte("三菱")) {
		t.Fatal("the file holds plaintext")
	}
	got, err := open(t, file, testPass)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(d.Created) || strings.Join(got.Names(), ",") != "三菱 太郎,Example" {
		t.Fatalf("opened %v %v", got.Created, got.Names())
	}

	dst, sec := newStore(t)
	plan, err := MakePlan(dst, got)
	if err != nil {
		t.Fatal(err)
	}
	if r, s := plan.Count(); r != 2 || s != 0 {
		t.Fatalf("plan restore=%d skip=%d", r, s)
	}
	if len(sec.Items()) != 0 {
		t.Fatal("planning changed the keyring")
	}
	if _, err := Apply(dst, plan); err != nil {
		t.Fatal(err)
	}
	list, _ := dst.List()
	if len(list) != 2 || list[0].Name != "三菱 太郎" || list[1].Name != "Example" || list[1].Profile != hotp8 || list[0].Issuer != "Example" || list[0].Label != "taro" {
		t.Fatalf("restored %+v", list)
	}
	now := time.Now()
	for i := range list {
		gs, _ := src.Generator(mustFind(t, src, list[i].Name))
		gd, _ := dst.Generator(list[i].ID)
		if gs.At(now) != gd.At(now) {
			t.Errorf("%s: codes differ after restore", list[i].Name)
		}
	}
}

func mustFind(t *testing.T, s *accounts.Store, name string) string {
	t.Helper()
	a, err := s.Find(name)
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func TestRestoreSkipsDuplicatesAndRenamesClashes(t *testing.T) {
	src, _ := newStore(t)
	same, other := accountstest.RandomKey(t, 20), accountstest.RandomKey(t, 20)
	add(t, src, "A", same, profile.SmartOTP)
	add(t, src, "B", other, profile.SmartOTP)
	d, err := Collect(src, time.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	dst, _ := newStore(t)
	add(t, dst, "A here", same, profile.SmartOTP)                     // same secret, other name: skipped
	add(t, dst, "ｂ", accountstest.RandomKey(t, 20), profile.SmartOTP) // same name as "B" to Find
	plan, err := MakePlan(dst, d)
	if err != nil {
		t.Fatal(err)
	}
	if s := plan.Steps[0]; s.Action != SkipDuplicate || s.Existing != "A here" {
		t.Errorf("duplicate step %+v", s)
	}
	if s := plan.Steps[1]; s.Action != Restore || s.Name != "B (2)" || !s.Renamed() {
		t.Errorf("clash step %+v", s)
	}
	plan.Steps[1].Name = "B 新しいPC" // the user edits the suggestion
	added, err := Apply(dst, plan)
	if err != nil || len(added) != 1 || added[0].Name != "B 新しいPC" {
		t.Fatalf("apply %v %+v", err, added)
	}
}

func TestApplyIsAllOrNothing(t *testing.T) {
	src, _ := newStore(t)
	add(t, src, "A", accountstest.RandomKey(t, 20), profile.SmartOTP)
	add(t, src, "B", accountstest.RandomKey(t, 20), profile.SmartOTP)
	d, _ := Collect(src, time.Now(), "")
	dst, sec := newStore(t)
	plan, err := MakePlan(dst, d)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	sec.FailWith(func(op, id string) error {
		if op == "set" {
			if calls++; calls == 2 {
				return errors.New("keyring says no")
			}
		}
		return nil
	})
	if _, err := Apply(dst, plan); err == nil {
		t.Fatal("apply succeeded with a failing keyring")
	}
	sec.FailWith(nil)
	if list, _ := dst.List(); len(list) != 0 || len(sec.Items()) != 0 {
		t.Fatalf("a failed restore left %d accounts, %d secrets", len(list), len(sec.Items()))
	}
}

func TestCollectRefusesMissingSecret(t *testing.T) {
	s, sec := newStore(t)
	add(t, s, "A", accountstest.RandomKey(t, 20), profile.SmartOTP)
	for id := range sec.Items() {
		_ = sec.Delete(id)
	}
	if _, err := Collect(s, time.Now(), ""); !errors.Is(err, ErrCannotBackUp) {
		t.Fatalf("got %v", err)
	}
	empty, _ := newStore(t)
	if _, err := Collect(empty, time.Now(), ""); !errors.Is(err, ErrNothing) {
		t.Fatalf("empty store: %v", err)
	}
}

func validDoc(t *testing.T) Document {
	src, _ := newStore(t)
	add(t, src, "A", accountstest.RandomKey(t, 20), profile.SmartOTP)
	d, err := Collect(src, time.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Each bad file gets its own cause and its own message in both languages.
func TestBadFilesEachTheirOwnMessage(t *testing.T) {
	good := seal(t, validDoc(t), testPass)
	newer := validDoc(t)
	newer.Version = Version + 1
	flipped := bytes.Clone(good)
	flipped[len(flipped)-20] ^= 0x01
	notOurs := sealRaw(t, []byte(`{"hello": "world"}`))
	badAccount := validDoc(t)
	badAccount.Accounts[0].Secret = "not base32!"
	cases := []struct {
		name string
		data []byte
		pass string
		want error
	}{
		{"zero bytes", nil, testPass, ErrEmpty},
		{"text file", []byte("otpauth://totp/x?secret=ABC\n"), testPass, ErrNotBackup},
		{"truncated in header", good[:40], testPass, ErrDamaged},
		{"truncated in payload", good[:len(good)-10], testPass, ErrDamaged},
		{"bit flipped", flipped, testPass, ErrDamaged},
		{"wrong passphrase", good, "wrong passphrase!", ErrWrongPassphrase},
		{"newer version", seal(t, newer, testPass), testPass, ErrNewerVersion},
		{"age file, not a backup", notOurs, testPass, ErrNotBackup},
		{"unusable account", seal(t, badAccount, testPass), testPass, ErrBadAccount},
	}
	seen := map[string]string{}
	for _, c := range cases {
		_, err := open(t, c.data, c.pass)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
			continue
		}
		var ue *i18n.Error
		if !errors.As(err, &ue) {
			t.Errorf("%s: not a user error: %v", c.name, err)
			continue
		}
		ja, en := i18n.Localize(err, i18n.JA), i18n.Localize(err, i18n.EN)
		if ja == en || strings.Contains(en, testPass) {
			t.Errorf("%s: messages %q / %q", c.name, ja, en)
		}
		if prev, ok := seen[en]; ok && prev != c.want.Error() {
			t.Errorf("%s shares its message with another failure: %q", c.name, en)
		}
		seen[en] = c.want.Error()
	}
}

func sealRaw(t *testing.T, plain []byte) []byte {
	r, _ := Recipient(testPass, testWork)
	var out bytes.Buffer
	w, err := age.Encrypt(&out, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	w.Close()
	return out.Bytes()
}

func TestArmoredFileOpens(t *testing.T) {
	// age -a output: what a help desk may paste from an e-mail.
	plain, _ := validDoc(t).marshal()
	r, _ := Recipient(testPass, testWork)
	var out bytes.Buffer
	a := armor.NewWriter(&out)
	w, _ := age.Encrypt(a, r)
	w.Write(plain)
	w.Close()
	a.Close()
	d, err := open(t, out.Bytes(), testPass)
	if err != nil || len(d.Accounts) != 1 {
		t.Fatalf("armored: %v", err)
	}
}

func TestKeyEncryptedFileNeedsAKeyNotAPassphrase(t *testing.T) {
	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := validDoc(t).marshal()
	var out bytes.Buffer
	w, _ := age.Encrypt(&out, x.Recipient())
	w.Write(plain)
	w.Close()
	if _, err := open(t, out.Bytes(), testPass); !errors.Is(err, ErrNotBackup) {
		t.Errorf("X25519 file with a passphrase: %v", err)
	}
}

func TestPassphraseRules(t *testing.T) {
	for p, want := range map[string]error{
		"":             ErrWeakPassphrase,
		"short":        ErrWeakPassphrase,
		"1234567890":   ErrWeakPassphrase,
		"ＰＡＳＳＷＯＲＤ１２３":  ErrWeakPassphrase, // full-width is the same word
		"zzzzzzzzzzzz": ErrWeakPassphrase,
		"あおいそらとしろいくも":  nil,
		testPass:       nil,
	} {
		if err := CheckPassphrase(p); !errors.Is(err, want) && (want != nil || err != nil) {
			t.Errorf("%q: got %v, want %v", p, err, want)
		}
	}
	short := i18n.Localize(CheckPassphrase("あいうえお"), i18n.JA)
	if !strings.Contains(short, "5文字") || !strings.Contains(short, "10文字以上") {
		t.Errorf("short message: %q", short)
	}
	if err := CheckPassphrasePair(testPass, testPass+"x"); !strings.Contains(i18n.Localize(err, i18n.EN), "not the same") ||
		!errors.Is(err, ErrPassphrasesDiffer) || errors.Is(err, ErrWeakPassphrase) {
		t.Errorf("mismatch: %v", err)
	}
}

func TestGeneratedPassphrasesPassTheRules(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		for _, k := range []Kind{Digits, Kana} {
			p := GeneratePassphrase(k)
			if err := CheckPassphrase(p); err != nil {
				t.Fatalf("%q refused: %v", p, err)
			}
			if seen[p] {
				t.Fatalf("%q generated twice", p)
			}
			seen[p] = true
		}
	}
	if d := GeneratePassphrase(Digits); len(d) != 24 || strings.Count(d, "-") != 4 {
		t.Errorf("digits: %q", d)
	}
}

func TestReminder(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.ParseInLocation(time.DateOnly, s, time.Local); return t }
	now := day("2026-11-29")
	for _, c := range []struct {
		s        State
		accounts int
		want     bool
	}{
		{State{}, 0, false},
		{State{}, 1, true},                          // after the first enrolment
		{State{Dismissed: "2026-11-01"}, 1, false},  // put away: once
		{State{LastBackup: "2026-07-01"}, 1, false}, // 151 days ago
		{State{LastBackup: "2026-06-02"}, 1, true},  // 180 days ago
		{State{LastBackup: "2026-05-01", Dismissed: "2026-11-28"}, 1, false},
	} {
		if got := c.s.ShouldRemind(now, c.accounts); got != c.want {
			t.Errorf("%+v with %d accounts: %v", c.s, c.accounts, got)
		}
	}
	dir := t.TempDir()
	if err := RecordBackup(dir, now); err != nil {
		t.Fatal(err)
	}
	s, err := LoadState(dir)
	if last, ok := s.Last(); err != nil || !ok || !last.Equal(now) {
		t.Errorf("last backup %v %v %v", last, ok, err)
	}
}

// A generated passphrase must hold against offline guessing on its own:
// at least 64 bits, counted from what the generator really draws.
func TestGeneratedPassphraseEntropy(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range kanaWords {
		if seen[w] {
			t.Fatalf("%q twice in the word list", w)
		}
		seen[w] = true
		for _, o := range kanaWords {
			if o != w && strings.HasPrefix(o, w) {
				t.Fatalf("%q begins %q: joined words could be read two ways", w, o)
			}
		}
	}
	for _, k := range []Kind{Digits, Kana} {
		if b := k.Bits(); b < 64 {
			t.Errorf("kind %d: %.1f bits, want at least 64", k, b)
		}
	}
	// Bits must describe the generator: split a generated passphrase back
	// into words (unique, as the list is prefix-free) and count them.
	p, n := GeneratePassphrase(Kana), 0
	for p != "" {
		found := false
		for _, w := range kanaWords {
			if strings.HasPrefix(p, w) {
				p, n, found = p[len(w):], n+1, true
				break
			}
		}
		if !found {
			t.Fatalf("%q is not made of listed words", p)
		}
	}
	if want := Kana.Bits() / math.Log2(float64(len(kanaWords))); float64(n) != want {
		t.Errorf("generated %d words, Bits counts %.0f", n, want)
	}
	d := GeneratePassphrase(Digits)
	if digits := strings.Count(d, "") - 1 - strings.Count(d, "-"); float64(digits) != Digits.Bits()/math.Log2(10) {
		t.Errorf("%q has %d digits, Bits counts %.1f", d, digits, Digits.Bits()/math.Log2(10))
	}
}
