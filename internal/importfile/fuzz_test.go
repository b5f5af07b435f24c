package importfile

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/scrypt"

	"github.com/omamori-app/omamori/internal/i18n"
)

// seeds adds every test file to f's corpus.
func seeds(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && !strings.HasSuffix(p, "LICENSE") {
			f.Add(b)
		}
	}
}

// checkResult is what every parser promises, whatever the input.
func checkResult(t *testing.T, r Result, err error) {
	if err != nil {
		var ie *i18n.Error
		if !errors.As(err, &ie) {
			t.Fatalf("%T %v is not an *i18n.Error", err, err)
		}
		if len(r.Entries) > 0 {
			t.Fatalf("an error and %d entries", len(r.Entries))
		}
		return
	}
	for _, e := range r.Entries {
		if err := e.Profile.Validate(); err != nil {
			t.Fatalf("accepted an invalid profile: %v", err)
		}
		if len(e.Secret) < 10 {
			t.Fatalf("accepted a %d-byte secret", len(e.Secret))
		}
	}
	for _, s := range r.Skipped {
		if s.Reason.In(i18n.JA) == "" || s.Reason.In(i18n.EN) == "" {
			t.Fatalf("a skip without a reason: %+v", s)
		}
	}
}

// FuzzParse: any file, any format Detect picks; no panic, errors for the
// user, only valid entries. No password: the encrypted paths stop there
// (FuzzEncrypted opens them).
func FuzzParse(f *testing.F) {
	seeds(f)
	f.Add([]byte(`{"header":{"slots":null,"params":null},"db":{"entries":[{"type":"totp","info":{"secret":"AAAAAAAAAAAAAAAA","digits":-8}}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data, Options{Period: 60})
		checkResult(t, r, err)
	})
}

// FuzzMigration: transfer links, alone and as a batch.
func FuzzMigration(f *testing.F) {
	for _, p := range []string{"own/migration_single.txt", "own/migration_batch.txt", "own/migration_other_batch.txt"} {
		b, _ := os.ReadFile(filepath.Join("testdata", p))
		f.Add(string(b))
	}
	f.Add("otpauth-migration://offline?data=CgEB")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseMigration(strings.Fields(s), Options{})
		checkResult(t, r, err)
		var b Batches
		for _, l := range strings.Fields(s) {
			_ = b.Add(l)
		}
		for _, m := range b.Missing() {
			if m < 1 || m > 1000 {
				t.Fatalf("missing code %d", m)
			}
		}
	})
}

// FuzzEncrypted opens encrypted Aegis vaults (a cheap scrypt, so the fuzzer
// gets past the key) and 2FAS files with the password.
func FuzzEncrypted(f *testing.F) {
	scryptMaxNR = 1 << 8
	defer func() { scryptMaxNR = 1 << 21 }()
	own, err := os.ReadFile("testdata/own/aegis_plain.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealAegis(f, own, "test", 16, true))
	b, _ := os.ReadFile("testdata/aegis/2fas_authenticator_encrypted_v4.2fas")
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data, Options{Password: []byte("test")})
		checkResult(t, r, err)
	})
}

// sealAegis encrypts a plain Aegis vault as Aegis does (docs/vault.md):
// a random master key seals db; a password slot (scrypt N=n, r=8, p=1)
// seals the master key. withBiometric puts a slot Omamori cannot use first.
func sealAegis(t testing.TB, plain []byte, password string, n int, withBiometric bool) []byte {
	t.Helper()
	var v map[string]json.RawMessage
	if err := json.Unmarshal(plain, &v); err != nil {
		t.Fatal(err)
	}
	master := random(t, 32)
	ct, prm := seal(t, master, v["db"])
	salt := random(t, 32)
	kek, err := scrypt.Key([]byte(password), salt, n, 8, 1, 32)
	if err != nil {
		t.Fatal(err)
	}
	wrapped, kprm := seal(t, kek, master)
	slot := map[string]any{"type": 1, "uuid": "x", "key": hex.EncodeToString(wrapped), "key_params": kprm,
		"n": n, "r": 8, "p": 1, "salt": hex.EncodeToString(salt)}
	slots := []any{slot}
	if withBiometric {
		other, oprm := seal(t, random(t, 32), master)
		slots = []any{map[string]any{"type": 2, "uuid": "y", "key": hex.EncodeToString(other), "key_params": oprm}, slot}
	}
	out, err := json.Marshal(map[string]any{"version": 1,
		"header": map[string]any{"slots": slots, "params": prm},
		"db":     base64.StdEncoding.EncodeToString(ct)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func seal(t testing.TB, key, plain []byte) ([]byte, map[string]string) {
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := cipher.NewGCM(block)
	nonce := random(t, 12)
	out := g.Seal(nil, nonce, plain, nil)
	ct, tag := out[:len(out)-16], out[len(out)-16:]
	return ct, map[string]string{"nonce": hex.EncodeToString(nonce), "tag": hex.EncodeToString(tag)}
}

func random(t testing.TB, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
