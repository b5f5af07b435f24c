//go:build linux

package nfctest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
	"github.com/omamori-app/omamori/internal/testenv"
)

// libfido2's own tool, from the PC/SC build, sees the card: SELECT and
// getInfo over NFCCTAP_MSG through pcscd and vpcd.
func TestFido2TokenSeesTheNFCCard(t *testing.T) {
	r := Start(t, Options{})
	tok := filepath.Join(r.Prefix(), "bin", "fido2-token")
	out, err := r.Command(tok, "-L").CombinedOutput()
	if err != nil || !strings.Contains(string(out), Path) {
		t.Fatalf("fido2-token -L: %v %q", err, out)
	}
	out, err = r.Command(tok, "-I", Path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "FIDO_2_0") || !strings.Contains(string(out), "4f4d414d4f52492d") || !strings.Contains(string(out), "transport strings: nfc") {
		t.Fatalf("fido2-token -I: %v %q", err, out)
	}
	// A request over 240 bytes (long user and site names) goes in
	// chained APDUs.
	in := strings.Join([]string{
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // client data hash
		strings.Repeat("long-broker-name.", 5) + "example.jp",
		strings.Repeat("y", 60),
		"dXNlci1pZC0wMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=",
	}, "\n") + "\n"
	chained0, _ := r.Card().Applet.Counts()
	cred := r.Command(filepath.Join(r.Prefix(), "bin", "fido2-cred"), "-M", "-r", Path)
	cred.Stdin = strings.NewReader(in)
	if out, err := cred.CombinedOutput(); err != nil {
		t.Fatalf("fido2-cred -M: %v %q", err, out)
	}
	if chained, _ := r.Card().Applet.Counts(); chained == chained0 {
		t.Error("a long makeCredential went unchained")
	}
	if rk := r.Key().State().Resident; len(rk) != 1 || rk[0].RPID != strings.Repeat("long-broker-name.", 5)+"example.jp" {
		t.Fatalf("the key holds %d passkeys after fido2-cred -M -r", len(rk))
	}
	// Debian's fido2-token (libfido2 without PC/SC) cannot see NFC readers.
	if deb, err := exec.LookPath("fido2-token"); err == nil && deb != tok {
		cmd := r.Command(deb, "-L")
		cmd.Env = append(cmd.Env, "LD_LIBRARY_PATH=") // Debian's own libfido2
		if out, _ := cmd.CombinedOutput(); strings.Contains(string(out), "pcsc:") {
			t.Fatalf("Debian's fido2-token lists the NFC card: %q", out)
		}
	}
}

// buildOmamori builds cmd/omamori with the PC/SC libfido2 first on its
// run path (ELF RUNPATH): the same binary as scripts/run.sh builds, with
// the pinned libfido2 instead of Debian's at run time. Both are
// libfido2.so.1 (one ABI); compiling against Debian's headers keeps the
// cgo build cache of every other package (Fyne) valid.
func buildOmamori(t *testing.T, prefix string) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..", "..")
	bin := filepath.Join(t.TempDir(), "omamori")
	cmd := exec.Command("go", "build", "-ldflags", "-r "+filepath.Join(prefix, "lib"), "-o", bin, "./cmd/omamori")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/omamori: %v\n%s", err, out)
	}
	return bin
}

// tableRow reports whether some line of a table holds cells, in order,
// each apart from the next by two spaces or more.
func tableRow(out string, cells ...string) bool {
	for _, line := range strings.Split(out, "\n") {
		fields := regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1)
		if len(fields) >= len(cells) && slices.Equal(fields[:len(cells)], cells) {
			return true
		}
	}
	return false
}

type run struct {
	out, err string
	code     int
}

// omamori runs the binary against the rig in English; onLine sees each
// line of stderr as it comes.
func omamori(t *testing.T, r *Rig, bin, stdin string, onLine func(string), args ...string) run {
	t.Helper()
	cmd := r.Command(bin, args...)
	cmd.Env = append(cmd.Env, "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=", "OMAMORI_LANG=en")
	out, errOut, err := testenv.RunStreaming(cmd, stdin, onLine)
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("omamori %v: %v", args, err)
	}
	return run{out, errOut, cmd.ProcessState.ExitCode()}
}

type keyJSON struct {
	Path       string   `json:"path"`
	Name       string   `json:"name"`
	Product    string   `json:"product"`
	Reader     string   `json:"reader"`
	Transport  string   `json:"transport"`
	PIN        string   `json:"pin"`
	PINRetries *int     `json:"pin_retries"`
	FIDO2      bool     `json:"fido2"`
	Versions   []string `json:"versions"`
}

// TestOmamoriKeyOverNFC: every `omamori key` command works on a key
// that lies on an NFC reader, through the pinned libfido2's PC/SC
// support, and the key is shown as NFC.
func TestOmamoriKeyOverNFC(t *testing.T) {
	r := Start(t, Options{})
	bin := buildOmamori(t, r.Prefix())
	ctx := context.Background()
	home := t.TempDir() // settings and data away from the user's
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))

	res := omamori(t, r, bin, "", nil, "key", "list", "--json")
	var keys []keyJSON
	if err := json.Unmarshal([]byte(res.out), &keys); err != nil || res.code != 0 {
		t.Fatalf("key list --json: %+v %v", res, err)
	}
	var nfc *keyJSON
	for i := range keys {
		if keys[i].Path == Path {
			nfc = &keys[i]
		}
	}
	if nfc == nil || nfc.Transport != "nfc" || !nfc.FIDO2 || nfc.PIN != "not_set" ||
		nfc.Name != "NFC security key" || nfc.Reader != Reader || nfc.Product != "" {
		t.Fatalf("the NFC key is not listed right: %+v", keys)
	}
	// The table names the key as a key and says NFC in its own column,
	// with the reader apart: the reader's name says nothing of NFC.
	res = omamori(t, r, bin, "", nil, "key", "list")
	if res.code != 0 || !tableRow(res.out, Path, "NFC security key", "NFC (reader: "+Reader+")", "Not set") {
		t.Fatalf("key list does not show the NFC key right: %+v", res)
	}
	res = omamori(t, r, bin, "", nil, "key", "info", "--device", Path)
	if res.code != 0 || !tableRow(res.out, "Connection:", "NFC") || !tableRow(res.out, "Reader:", Reader) ||
		!tableRow(res.out, "Key:", "NFC security key") || !strings.Contains(res.out, "FIDO2.0") {
		t.Fatalf("key info: %+v", res)
	}

	if res = omamori(t, r, bin, "1234\n1234\n", nil, "key", "set-pin", "--device", Path); res.code != 0 || !strings.Contains(res.out, "The PIN is set") {
		t.Fatalf("set-pin: %+v", res)
	}
	if _, err := r.Key().PINToken(ctx, "1234"); err != nil {
		t.Fatalf("the key does not have the PIN: %v", err)
	}
	res = omamori(t, r, bin, "9999\n5678\n5678\n", nil, "key", "change-pin", "--device", Path)
	if res.code == 0 || !strings.Contains(res.err, "7 attempts are left") {
		t.Fatalf("change-pin with a wrong PIN: %+v", res)
	}
	if res = omamori(t, r, bin, "1234\n5678\n5678\n", nil, "key", "change-pin", "--device", Path); res.code != 0 {
		t.Fatalf("change-pin: %+v", res)
	}
	if _, err := r.Key().PINToken(ctx, "5678"); err != nil {
		t.Fatalf("the key does not have the new PIN: %v", err)
	}
	res = omamori(t, r, bin, "", nil, "key", "info", "--device", Path, "--json")
	var info keyJSON
	if err := json.Unmarshal([]byte(res.out), &info); err != nil || info.PIN != "set" || info.PINRetries == nil || *info.PINRetries != 8 || info.Transport != "nfc" {
		t.Fatalf("info --json: %+v %v", res, err)
	}

	// makeCredential's answer (attestation) is over 256 bytes: it comes
	// back in pieces fetched with GET RESPONSE.
	_, fetched0 := r.Card().Applet.Counts()
	res = omamori(t, r, bin, "5678\n", nil, "key", "test", "--device", Path)
	if res.code != 0 || !strings.Contains(res.out, "Your key works") {
		t.Fatalf("test: %+v", res)
	}
	if _, fetched := r.Card().Applet.Counts(); fetched == fetched0 {
		t.Error("key test fetched no answer with GET RESPONSE")
	}

	for _, u := range []string{"taro", "hanako"} {
		user := virtualkey.User{ID: []byte(u), Name: u}
		if _, err := r.Key().MakeCredential(ctx, "5678", "broker.example.jp", "Broker", user, make([]byte, 32), true); err != nil {
			t.Fatal(err)
		}
	}
	res = omamori(t, r, bin, "5678\n", nil, "key", "passkeys", "--device", Path, "--json")
	var pk struct {
		Used     int `json:"used"`
		Passkeys []struct {
			UserName string `json:"user_name"`
		} `json:"passkeys"`
	}
	if err := json.Unmarshal([]byte(res.out), &pk); err != nil || pk.Used != 2 || len(pk.Passkeys) != 2 {
		t.Fatalf("passkeys: %+v %v", res, err)
	}
	// Passkey readiness with the PIN: the key's line names it as a key
	// (not by the reader) and counts its room over NFC.
	res = omamori(t, r, bin, "5678\n", nil, "key", "ready", "--device", Path, "--json")
	var ready []struct{ Device, Status, Message, Place string }
	if err := json.Unmarshal([]byte(res.out), &ready); err != nil || res.code != 0 || len(ready) != 2 {
		t.Fatalf("key ready: %+v %v", res, err)
	}
	if k := ready[1]; k.Place != "key" || k.Device != Path || k.Status != "ready" ||
		k.Message != "NFC security key can keep the passkey: room for 23 more." {
		t.Fatalf("key ready over NFC: %+v", k)
	}

	// Reset: take the card off the reader and put it back, as asked; the
	// reset must come within the key's window after power-up.
	res = omamori(t, r, bin, "", func(line string) {
		switch {
		case strings.Contains(line, "Unplug"), strings.Contains(line, "Plug"):
			t.Errorf("USB words for an NFC key: %q", line)
		case strings.Contains(line, "Take the security key off the reader"):
			r.Remove()
		case strings.Contains(line, "Hold the key to the reader again"):
			r.Insert()
		}
	}, "key", "reset", "--device", Path, "--yes")
	if res.code != 0 || !strings.Contains(res.out, "The key is reset") {
		t.Fatalf("reset: %+v", res)
	}
	st, err := r.Key().Info(ctx)
	if err != nil || st.PINSet {
		t.Fatalf("after reset: %+v %v", st, err)
	}
	if os.Getenv("OMAMORI_NFCRIG_KEEP") != "" {
		t.Logf("binary %s", bin)
	}
}
