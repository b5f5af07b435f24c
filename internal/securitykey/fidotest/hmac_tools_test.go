//go:build linux

package fidotest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// TestFido2HMACSecret checks the virtual key's hmac-secret against
// libfido2's client (fido2-cred -h, fido2-assert -h): the credential
// carries the extension, and the output libfido2 decrypts equals the one
// the in-process client gets for the same credential and salt.
func TestFido2HMACSecret(t *testing.T) {
	NeedTools(t, "fido2-token", "fido2-cred", "fido2-assert")
	r := Start(t, Options{})
	dir := t.TempDir()
	run(t, r, "1234\n1234\n", "fido2-token", "-S", r.Path())
	mustContain(t, run(t, r, "", "fido2-token", "-I", r.Path()), "hmac-secret")

	b64 := base64.StdEncoding.EncodeToString
	h := sha256.Sum256([]byte("register"))
	credIn := filepath.Join(dir, "cred_param")
	_ = os.WriteFile(credIn, []byte(strings.Join([]string{b64(h[:]), "backup.example", "taro", b64([]byte("user-1"))}, "\n")+"\n"), 0o600)
	result := stdout(t, r, "1234\n", "fido2-cred", "-M", "-h", "-i", credIn, r.Path())
	cmd := r.Command("fido2-cred", "-V", "-h", "-o", filepath.Join(dir, "cred"))
	cmd.Stdin = strings.NewReader(result)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fido2-cred -V -h (extension in authData): %v\n%s", err, out)
	}
	verified, _ := os.ReadFile(filepath.Join(dir, "cred"))
	credID := strings.SplitN(string(verified), "\n", 2)[0]

	salt := bytes.Repeat([]byte{7}, 32)
	h2 := sha256.Sum256([]byte("login"))
	assertIn := filepath.Join(dir, "assert_param")
	_ = os.WriteFile(assertIn, []byte(b64(h2[:])+"\nbackup.example\n"+credID+"\n"+b64(salt)+"\n"), 0o600)
	assertion := stdout(t, r, "1234\n", "fido2-assert", "-G", "-h", "-v", "-i", assertIn, r.Path())
	lines := strings.Split(strings.TrimSpace(assertion), "\n")
	got, err := base64.StdEncoding.DecodeString(lines[len(lines)-1])
	if err != nil || len(got) != 32 {
		t.Fatalf("no hmac-secret output from fido2-assert:\n%s", assertion)
	}

	id, _ := base64.StdEncoding.DecodeString(credID)
	_, want, err := r.Key().GetAssertionHMAC(context.Background(), "1234", "backup.example", h2[:], [][]byte{salt}, id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want[0]) {
		t.Fatalf("libfido2 got %x, in-process client %x", got, want[0])
	}
}

// A key without hmac-secret does not list it, and libfido2 refuses to
// make an hmac-secret credential on it (-V -h finds no extension).
func TestFido2NoHMACSecret(t *testing.T) {
	NeedTools(t, "fido2-token", "fido2-cred")
	r := Start(t, Options{Key: virtualkey.Options{Quirks: virtualkey.Quirks{NoHMACSecret: true}}})
	if strings.Contains(run(t, r, "", "fido2-token", "-I", r.Path()), "hmac-secret") {
		t.Fatal("key without hmac-secret lists it")
	}
	dir := t.TempDir()
	b64 := base64.StdEncoding.EncodeToString
	h := sha256.Sum256([]byte("register"))
	credIn := filepath.Join(dir, "cred_param")
	_ = os.WriteFile(credIn, []byte(strings.Join([]string{b64(h[:]), "backup.example", "taro", b64([]byte("user-1"))}, "\n")+"\n"), 0o600)
	result, _ := tryRun(r, "", "fido2-cred", "-M", "-h", "-i", credIn, r.Path())
	cmd := r.Command("fido2-cred", "-V", "-h")
	cmd.Stdin = strings.NewReader(result)
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("credential verified with hmac-secret on a key without it:\n%s", out)
	}
}

// TestPythonFido2HMACSecret checks hmac-secret with python-fido2's
// HmacSecretExtension (strict CBOR), an independent client: its outputs
// for two salts equal the in-process client's.
func TestPythonFido2HMACSecret(t *testing.T) {
	const python = "/usr/bin/python3" // Debian's, where python3-fido2 lives
	if err := exec.Command(python, "-c", "import fido2").Run(); err != nil {
		msg := "needs Debian python3-fido2: " + err.Error()
		if RequireAll() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	r := Start(t, Options{})
	out := run(t, r, "", python, filepath.Join("testdata", "hmaccheck.py"), r.Path())
	mustContain(t, out, "extensions hmac-secret\n", "created {'hmacCreateSecret': True}\n", "uv True\n")
	field := func(name string) []byte {
		for _, l := range strings.Split(out, "\n") {
			if v, ok := strings.CutPrefix(l, name+" "); ok {
				b, err := hex.DecodeString(v)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
		}
		t.Fatalf("no %s in:\n%s", name, out)
		return nil
	}
	h := sha256.Sum256([]byte("login"))
	_, want, err := r.Key().GetAssertionHMAC(context.Background(), "1234", "backup.example", h[:],
		[][]byte{bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 32)}, field("cred"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(field("out1"), want[0]) || !bytes.Equal(field("out2"), want[1]) {
		t.Fatalf("python-fido2 outputs differ from the in-process client's:\n%s", out)
	}
}
