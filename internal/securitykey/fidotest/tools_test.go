//go:build linux

package fidotest

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
	"github.com/omamori-app/omamori/internal/testenv"
)

// These tests check the virtual key and the shim against independent
// clients: fido2-token, fido2-cred and fido2-assert (Debian fido2-tools)
// over the real libfido2.

func run(t *testing.T, r *Rig, stdin string, name string, args ...string) string {
	t.Helper()
	out, err := tryRun(r, stdin, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

func tryRun(r *Rig, stdin string, name string, args ...string) (string, error) {
	cmd := r.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// stdout runs a command and returns only its standard output.
func stdout(t *testing.T, r *Rig, stdin string, name string, args ...string) string {
	t.Helper()
	cmd := r.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var errb strings.Builder
	cmd.Stderr = &errb
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return string(out)
}

func mustContain(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestFido2TokenListAndInfo(t *testing.T) {
	NeedTools(t, "fido2-token")
	r := Start(t, Options{})
	out := run(t, r, "", "fido2-token", "-L")
	mustContain(t, out, r.Path()+": vendor=0x1209, product=0x4f4d", "Omamori Virtual Security Key")

	out = run(t, r, "", "fido2-token", "-I", r.Path())
	mustContain(t, out, "FIDO_2_0", "caps: 0x0d (wink, cbor, nomsg)", "noclientPin", "credMgmt",
		"aaguid: 4f4d414d4f52492d564952544b455931", "pin protocols: 1", "pin retries: 8")

	r.Unplug()
	if out := run(t, r, "", "fido2-token", "-L"); strings.Contains(out, r.Path()) {
		t.Fatalf("unplugged key still listed:\n%s", out)
	}
	if out, err := tryRun(r, "", "fido2-token", "-I", r.Path()); err == nil {
		t.Fatalf("info on an unplugged key succeeded:\n%s", out)
	}
	r.Plug()
	mustContain(t, run(t, r, "", "fido2-token", "-L"), r.Path())
}

func TestFido2TokenPIN(t *testing.T) {
	NeedTools(t, "fido2-token")
	r := Start(t, Options{})
	k := r.Key()
	ctx := context.Background()

	run(t, r, "1234\n1234\n", "fido2-token", "-S", r.Path())
	mustContain(t, run(t, r, "", "fido2-token", "-I", r.Path()), "clientPin")
	if _, err := k.PINToken(ctx, "1234"); err != nil {
		t.Fatalf("PIN set by fido2-token not accepted in-process: %v", err)
	}

	out, err := tryRun(r, "0000\n5678\n5678\n", "fido2-token", "-C", r.Path())
	if err == nil {
		t.Fatalf("change with a wrong PIN succeeded:\n%s", out)
	}
	mustContain(t, out, "FIDO_ERR_PIN_INVALID")
	mustContain(t, run(t, r, "", "fido2-token", "-I", r.Path()), "pin retries: 7")

	run(t, r, "1234\n5678\n5678\n", "fido2-token", "-C", r.Path())
	if _, err := k.PINToken(ctx, "5678"); err != nil {
		t.Fatalf("PIN changed by fido2-token not accepted: %v", err)
	}
	mustContain(t, run(t, r, "", "fido2-token", "-I", r.Path()), "pin retries: 8")

	// Three wrong PINs block until replug.
	for i, want := range []string{"FIDO_ERR_PIN_INVALID", "FIDO_ERR_PIN_INVALID", "FIDO_ERR_PIN_AUTH_BLOCKED"} {
		out, err := tryRun(r, "0000\n", "fido2-token", "-L", "-r", r.Path())
		if err == nil {
			t.Fatalf("attempt %d with a wrong PIN succeeded", i)
		}
		mustContain(t, out, want)
	}
	out, _ = tryRun(r, "5678\n", "fido2-token", "-L", "-r", r.Path())
	mustContain(t, out, "FIDO_ERR_PIN_AUTH_BLOCKED")
	r.Replug()
	mustContain(t, run(t, r, "5678\n", "fido2-token", "-I", "-c", r.Path()), "existing rk(s): 0")

	// Eight wrong in all (replugging after every three) block it for good.
	for i := 1; i <= 8; i++ {
		out, _ := tryRun(r, "0000\n", "fido2-token", "-I", "-c", r.Path())
		switch {
		case i == 8:
			mustContain(t, out, "FIDO_ERR_PIN_BLOCKED")
		case i%3 == 0:
			mustContain(t, out, "FIDO_ERR_PIN_AUTH_BLOCKED")
			r.Replug()
		default:
			mustContain(t, out, "FIDO_ERR_PIN_INVALID")
		}
	}
	r.Replug()
	out, _ = tryRun(r, "5678\n", "fido2-token", "-I", "-c", r.Path())
	mustContain(t, out, "FIDO_ERR_PIN_BLOCKED")
	mustContain(t, run(t, r, "", "fido2-token", "-I", r.Path()), "pin retries: 0")
}

func TestFido2CredAssertManageReset(t *testing.T) {
	NeedTools(t, "fido2-token", "fido2-cred", "fido2-assert")
	r := Start(t, Options{})
	dir := t.TempDir()
	run(t, r, "1234\n1234\n", "fido2-token", "-S", r.Path())

	b64 := base64.StdEncoding.EncodeToString
	h := sha256.Sum256([]byte("register challenge"))
	param := strings.Join([]string{b64(h[:]), "omamori.example", "taro", b64([]byte("user-id-1"))}, "\n") + "\n"
	credIn := filepath.Join(dir, "cred_param")
	if err := os.WriteFile(credIn, []byte(param), 0o600); err != nil {
		t.Fatal(err)
	}
	result := stdout(t, r, "1234\n", "fido2-cred", "-M", "-r", "-i", credIn, r.Path())
	t.Logf("fido2-cred -M:\n%s", result)
	mustContain(t, result, "omamori.example\npacked\n")
	credOut := filepath.Join(dir, "cred")
	cmd := r.Command("fido2-cred", "-V", "-o", credOut)
	cmd.Stdin = strings.NewReader(result)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fido2-cred -V: %v\n%s", err, out)
	}
	verified, _ := os.ReadFile(credOut)
	vl := strings.SplitN(string(verified), "\n", 2)
	credID := vl[0]
	pubPEM := filepath.Join(dir, "pub.pem")
	if err := os.WriteFile(pubPEM, []byte(vl[1]), 0o600); err != nil {
		t.Fatal(err)
	}
	mustContain(t, vl[1], "BEGIN PUBLIC KEY")

	// Assertion with the credential id, verified with the public key.
	h2 := sha256.Sum256([]byte("login challenge"))
	assertIn := filepath.Join(dir, "assert_param")
	_ = os.WriteFile(assertIn, []byte(b64(h2[:])+"\nomamori.example\n"+credID+"\n"), 0o600)
	assertion := stdout(t, r, "1234\n", "fido2-assert", "-G", "-p", "-i", assertIn, r.Path())
	t.Logf("fido2-assert -G:\n%s", assertion)
	cmd = r.Command("fido2-assert", "-V", "-p", pubPEM, "es256")
	cmd.Stdin = strings.NewReader(assertion)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fido2-assert -V: %v\n%s\ninput:\n%s", err, out, assertion)
	}
	// A tampered signature must not verify.
	bad := strings.Split(assertion, "\n")
	bad[1] = "omamori.evil" // wrong rp id
	cmd = r.Command("fido2-assert", "-V", "-p", pubPEM, "es256")
	cmd.Stdin = strings.NewReader(strings.Join(bad, "\n"))
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("fido2-assert -V accepted a wrong rp id:\n%s", out)
	}

	// Credential management: list rps and credentials, delete.
	mustContain(t, run(t, r, "1234\n", "fido2-token", "-L", "-r", r.Path()), "omamori.example")
	mustContain(t, run(t, r, "1234\n", "fido2-token", "-L", "-k", "omamori.example", r.Path()),
		credID, b64([]byte("user-id-1")), "es256")
	if st := r.Key().State(); len(st.Resident) != 1 || st.Resident[0].UserName != "taro" {
		t.Fatalf("stored credential: %+v", st.Resident)
	}
	mustContain(t, run(t, r, "1234\n", "fido2-token", "-I", "-c", r.Path()), "existing rk(s): 1", "remaining rk(s): 24")
	run(t, r, "1234\n", "fido2-token", "-D", "-i", credID, r.Path())
	// With no credentials left the key answers CTAP2_ERR_NO_CREDENTIALS,
	// which fido2-token reports as an error.
	out, err := tryRun(r, "1234\n", "fido2-token", "-L", "-r", r.Path())
	if err == nil || strings.Contains(out, "omamori.example") {
		t.Fatalf("deleted credential still listed:\n%s", out)
	}
	mustContain(t, out, "FIDO_ERR_NO_CREDENTIALS")
	if len(r.Key().State().Resident) != 0 {
		t.Fatal("credential still stored after fido2-token -D")
	}

	// Reset: refused outside the power-up window, fine after a replug.
	r.Key().ExpireResetWindow()
	out, err = tryRun(r, "", "fido2-token", "-R", r.Path())
	if err == nil {
		t.Fatalf("reset outside the window succeeded:\n%s", out)
	}
	mustContain(t, out, "FIDO_ERR_NOT_ALLOWED")
	r.Replug()
	run(t, r, "", "fido2-token", "-R", r.Path())
	mustContain(t, run(t, r, "", "fido2-token", "-I", r.Path()), "noclientPin")
}

func TestFido2TokenResetNeedsTouch(t *testing.T) {
	NeedTools(t, "fido2-token")
	r := Start(t, Options{})
	run(t, r, "1234\n1234\n", "fido2-token", "-S", r.Path())

	// Nobody touches: the key gives up.
	r.UseTouchPad(300 * time.Millisecond)
	out, err := tryRun(r, "", "fido2-token", "-R", r.Path())
	if err == nil {
		t.Fatalf("untouched reset succeeded:\n%s", out)
	}
	mustContain(t, out, "FIDO_ERR_USER_ACTION_TIMEOUT")

	// Touched while fido2-token waits.
	pad := r.UseTouchPad(10 * time.Second)
	cmd := r.Command("fido2-token", "-R", r.Path())
	var outb strings.Builder
	cmd.Stdout, cmd.Stderr = &outb, &outb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case op := <-pad.Requests():
		if op != "reset" {
			t.Fatalf("touch asked for %q", op)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reset never asked for a touch")
	}
	r.Touch()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("touched reset: %v\n%s", err, outb.String())
	}
	mustContain(t, run(t, r, "", "fido2-token", "-I", r.Path()), "noclientPin")
}

func TestFido2CredUnpluggedWhileWaiting(t *testing.T) {
	NeedTools(t, "fido2-cred")
	r := Start(t, Options{})
	pad := r.UseTouchPad(30 * time.Second)
	h := sha256.Sum256([]byte("c"))
	in := filepath.Join(t.TempDir(), "param")
	_ = os.WriteFile(in, []byte(base64.StdEncoding.EncodeToString(h[:])+"\nomamori.example\nu\nAQ==\n"), 0o600)
	cmd := r.Command("fido2-cred", "-M", "-i", in, r.Path())
	var outb strings.Builder
	cmd.Stdout, cmd.Stderr = &outb, &outb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-pad.Requests()
	r.Unplug()
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatalf("fido2-cred succeeded on an unplugged key:\n%s", outb.String())
		}
		t.Logf("fido2-cred after unplug: %v: %s", err, outb.String())
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("fido2-cred hangs after unplug")
	}
}

func TestPythonFido2(t *testing.T) {
	const python = "/usr/bin/python3" // Debian's, where python3-fido2 lives
	if err := exec.Command(python, "-c", "import fido2").Run(); err != nil {
		testenv.Missing(t, "needs Debian python3-fido2: "+err.Error())
	}
	r := Start(t, Options{})
	out := run(t, r, "", python, filepath.Join("testdata", "fido2check.py"), r.Path())
	mustContain(t, out,
		"versions FIDO_2_0,FIDO_2_1_PRE\n",
		"aaguid 4f4d414d4f52492d564952544b455931\n",
		"retries 8\n",
		"wrong pin PIN_INVALID\n",
		"attestation packed SELF\n",
		"assertion verified True\n",
		"metadata 1 24\n",
		"rps python.example\n",
		"creds hanako\n",
		"metadata 0\n",
		"after reset clientPin False\n")

	// The hidraw name ioctl, which newer clients read.
	const rawName = `import array, fcntl, sys
f = open(sys.argv[1], "rb")
buf = array.array("B", [0] * 256)
n = fcntl.ioctl(f, 0x80000000 | (256 << 16) | (ord("H") << 8) | 0x04, buf, True)
print(bytes(buf[:n - 1]).decode())`
	mustContain(t, run(t, r, "", python, "-c", rawName, r.Path()), "Omamori Virtual Security Key\n")
}

func TestFido2CredKeyFull(t *testing.T) {
	NeedTools(t, "fido2-cred")
	r := Start(t, Options{Key: virtualkey.Options{MaxResident: 1}})
	h := sha256.Sum256([]byte("c"))
	b64 := base64.StdEncoding.EncodeToString
	dir := t.TempDir()
	for i, want := range []string{"", "FIDO_ERR_KEY_STORE_FULL"} {
		in := filepath.Join(dir, "param")
		_ = os.WriteFile(in, []byte(b64(h[:])+"\nomamori.example\nu\n"+b64([]byte{byte(i)})+"\n"), 0o600)
		out, err := tryRun(r, "", "fido2-cred", "-M", "-r", "-i", in, r.Path())
		if want == "" && err != nil {
			t.Fatalf("first credential: %v\n%s", err, out)
		}
		if want != "" {
			if err == nil {
				t.Fatalf("credential beyond the store's size accepted:\n%s", out)
			}
			mustContain(t, out, want)
		}
	}
}

// fido2-token -I, an independent client, sees what each variant reports.
func TestFido2TokenInfoPerVariant(t *testing.T) {
	NeedTools(t, "fido2-token")
	for _, v := range Variants() {
		t.Run(v.Name, func(t *testing.T) {
			r := Start(t, v.Options(virtualkey.Options{}))
			out := run(t, r, "", "fido2-token", "-I", r.Path())
			mustContain(t, out, "FIDO_2_0", "pin protocols: 1", "pin retries: 8")
			q := v.Quirks
			if got := strings.Contains(out, "credMgmt"); got == (q.NoCredMgmt || q.FIDO20Only) {
				t.Fatalf("credMgmt listed: %v, want %v:\n%s", got, !got, out)
			}
			if got := strings.Contains(out, "FIDO_2_1_PRE"); got == q.FIDO20Only {
				t.Fatalf("FIDO_2_1_PRE listed: %v:\n%s", got, out)
			}
			// fido2-token -I -c asks for the passkey count (credential
			// management): only keys that have it answer.
			run(t, r, "1234\n1234\n", "fido2-token", "-S", r.Path())
			out, err := tryRun(r, "1234\n", "fido2-token", "-I", "-c", r.Path())
			if q.NoCredMgmt || q.FIDO20Only {
				if err == nil || !strings.Contains(out, "FIDO_ERR_INVALID_COMMAND") {
					t.Fatalf("credential management answered (%v):\n%s", err, out)
				}
			} else if err != nil || !strings.Contains(out, "existing rk(s): 0") {
				t.Fatalf("credential metadata (%v):\n%s", err, out)
			}
		})
	}
}

// python-fido2 checks the CTAP 2.0 variant: x5c attestation it verifies
// itself, no credential management, retries down to 0 with no block.
func TestPythonFido2CTAP20Variant(t *testing.T) {
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import fido2").Run(); err != nil {
		testenv.Missing(t, "needs Debian python3-fido2: "+err.Error())
	}
	q, _ := virtualkey.ParseQuirks("fido20,nosoftblock")
	r := Start(t, Options{Key: virtualkey.Options{Quirks: q}})
	out := run(t, r, "", python, filepath.Join("testdata", "fido2check_ctap20.py"), r.Path())
	mustContain(t, out,
		"versions FIDO_2_0\n",
		"pin protocols 1\n",
		"credMgmt False\n",
		"attestation packed BASIC 1\n",
		"python-fido2 sees no credential management\n",
		"credential management 0x41 INVALID_COMMAND\n",
		"credential management 0xa INVALID_COMMAND\n",
		"wrong pins "+strings.Repeat("PIN_INVALID,", 7)+"PIN_BLOCKED\n",
		"retries 0\n")
}
