//go:build linux

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
	"github.com/omamori-app/omamori/internal/testenv"
)

// runKeyInProcess runs `omamori key ...` with buffers.
func runKeyInProcess(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Lang: i18n.EN,
		Keys: libfido2.New(), NewPractice: practice.New}
	code := Run(context.Background(), e, append([]string{"key"}, args...))
	return out.String(), errb.String(), code
}

func TestKeyUsage(t *testing.T) {
	out, _, code := runKeyInProcess(t, "", "help")
	if code != ExitOK || !strings.Contains(out, "delete-passkey") {
		t.Fatalf("help: %d %q", code, out)
	}
	if _, errOut, code := runKeyInProcess(t, "", "frobnicate"); code != ExitUsage || !strings.Contains(errOut, "frobnicate") {
		t.Fatalf("unknown sub: %d %q", code, errOut)
	}
}

// A PIN put on the command line is refused and never echoed back.
func TestKeyPINNotFromArguments(t *testing.T) {
	out, errOut, code := runKeyInProcess(t, "", "set-pin", "--practice", "8642")
	if code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(out+errOut, "8642") {
		t.Fatalf("PIN echoed: %q %q", out, errOut)
	}
}

func TestKeyPracticeInProcess(t *testing.T) {
	defer func(d time.Duration) { practiceTouchDelay = d }(practiceTouchDelay)
	practiceTouchDelay = 10 * time.Millisecond
	out, _, code := runKeyInProcess(t, "", "list", "--practice", "--json")
	var keys []keyJSON
	if code != ExitOK || json.Unmarshal([]byte(out), &keys) != nil || len(keys) != 1 {
		t.Fatalf("list: %d %q", code, out)
	}
	if k := keys[0]; !k.Practice || k.PIN != "not_set" || k.Transport != "virtual" {
		t.Fatalf("practice key %+v", k)
	}
	out, errOut, code := runKeyInProcess(t, "", "test", "--practice")
	if code != ExitOK || !strings.Contains(out, "Your key works") || !strings.Contains(errOut, "(2 of 2)") {
		t.Fatalf("test: %d %q %q", code, out, errOut)
	}
	_, errOut, code = runKeyInProcess(t, "1234\n1243\n", "set-pin", "--practice")
	if code != ExitFailure || !strings.Contains(errOut, "not the same") {
		t.Fatalf("mismatch: %d %q", code, errOut)
	}
	out, _, code = runKeyInProcess(t, "", "reset", "--practice", "--yes")
	if code != ExitOK || !strings.Contains(out, "The key is reset") {
		t.Fatalf("reset: %d %q", code, out)
	}
	_, errOut, code = runKeyInProcess(t, "", "reset", "--practice")
	if code != ExitUsage || !strings.Contains(errOut, "--yes") {
		t.Fatalf("reset without a terminal or --yes: %d %q", code, errOut)
	}
}

// TestKeyHelperProcess is the `omamori key` command in a child process
// started by keyCLI under the hidshim, so the real libfido2 in it sees
// the rig's virtual key. It exits with 100+status: os.Exit(0) inside a
// test is reported as a failure.
func TestKeyHelperProcess(t *testing.T) {
	if os.Getenv("OMAMORI_KEY_HELPER") != "1" {
		t.Skip("runs only as the child of TestKeyCLIWithLibfido2")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	e := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Keys: libfido2.New(), NewPractice: practice.New}
	os.Exit(100 + Run(context.Background(), e, args))
}

type keyRun struct {
	out, err string
	code     int
}

// keyCLI runs `omamori key args...` in a child process against the rig.
// onLine, if set, sees each line of the child's stderr as it comes.
func keyCLI(t *testing.T, r *fidotest.Rig, stdin string, onLine func(string), args ...string) keyRun {
	t.Helper()
	cmd := keyHelper(r, args...)
	out, errOut, err := testenv.RunStreaming(cmd, stdin, onLine)
	code := cmd.ProcessState.ExitCode() - 100
	if err != nil && code < 0 {
		t.Fatalf("omamori key %v: %v\n%s", args, err, errOut)
	}
	return keyRun{out, errOut, code}
}

// keyHelper is `omamori key args...` run by this test binary as
// TestKeyHelperProcess, under the rig's shim; it exits with 100 + the code.
func keyHelper(r *fidotest.Rig, args ...string) *exec.Cmd {
	cmd := r.Command(os.Args[0], append([]string{"-test.run=^TestKeyHelperProcess$", "--", "key"}, args...)...)
	cmd.Env = append(cmd.Env, "OMAMORI_KEY_HELPER=1", "LANG=en_US.UTF-8", "LC_ALL=", "LC_MESSAGES=")
	return cmd
}

func TestKeyCLIWithLibfido2(t *testing.T) {
	r := fidotest.Start(t, fidotest.Options{})
	dev := r.Path()
	ctx := context.Background()

	run := keyCLI(t, r, "", nil, "list", "--json")
	var keys []keyJSON
	if err := json.Unmarshal([]byte(run.out), &keys); err != nil || run.code != ExitOK {
		t.Fatalf("list: %d %v %q %q", run.code, err, run.out, run.err)
	}
	var found *keyJSON
	for i := range keys {
		if keys[i].Path == dev {
			found = &keys[i]
		}
	}
	if found == nil || found.PIN != "not_set" || found.Transport != "usb" || !found.FIDO2 {
		t.Fatalf("rig key not listed right: %+v", keys)
	}

	if run = keyCLI(t, r, "1234\n1234\n", nil, "set-pin", "--device", dev); run.code != ExitOK || !strings.Contains(run.out, "The PIN is set") {
		t.Fatalf("set-pin: %+v", run)
	}
	if _, err := r.Key().PINToken(ctx, "1234"); err != nil {
		t.Fatalf("key does not have the PIN: %v", err)
	}

	run = keyCLI(t, r, "9999\n5678\n5678\n", nil, "change-pin", "--device", dev)
	if run.code != ExitFailure || !strings.Contains(run.err, "7 attempts are left") {
		t.Fatalf("wrong old PIN: %+v", run)
	}

	run = keyCLI(t, r, "", nil, "info", "--device", dev, "--json")
	var info keyJSON
	if err := json.Unmarshal([]byte(run.out), &info); err != nil || info.PIN != "set" || info.PINRetries == nil || *info.PINRetries != 7 {
		t.Fatalf("info: %+v %v", run, err)
	}

	run = keyCLI(t, r, "1234\n", nil, "test", "--device", dev)
	if run.code != ExitOK || !strings.Contains(run.out, "Your key works") || !strings.Contains(run.err, "Touch your security key now (1 of 2)") {
		t.Fatalf("test: %+v", run)
	}

	for _, u := range []string{"taro", "hanako"} {
		user := virtualkey.User{ID: []byte(u), Name: u}
		if _, err := r.Key().MakeCredential(ctx, "1234", "broker.example.jp", "Broker", user, make([]byte, 32), true); err != nil {
			t.Fatal(err)
		}
	}
	run = keyCLI(t, r, "1234\n", nil, "passkeys", "--device", dev, "--json")
	var pk passkeysJSON
	if err := json.Unmarshal([]byte(run.out), &pk); err != nil || pk.Used != 2 || pk.Total != 25 || len(pk.Passkeys) != 2 {
		t.Fatalf("passkeys: %+v %v", run, err)
	}
	victim := pk.Passkeys[1] // taro (sorted by user)
	if run = keyCLI(t, r, "1234\n", nil, "delete-passkey", "--device", dev, "--id", victim.ID); run.code != ExitUsage {
		t.Fatalf("delete without --yes from a pipe: %+v", run)
	}
	run = keyCLI(t, r, "1234\n", nil, "delete-passkey", "--device", dev, "--id", victim.ID, "--yes")
	if run.code != ExitOK || !strings.Contains(run.out, "Deleted the passkey of "+victim.UserName) || !strings.Contains(run.out, "own passkey list too") {
		t.Fatalf("delete: %+v", run)
	}
	creds, err := r.Key().Credentials(ctx, "1234")
	if err != nil || len(creds) != 1 || creds[0].UserName == victim.UserName {
		t.Fatalf("after delete the key holds %+v (%v)", creds, err)
	}

	// Reset: the command asks to unplug, waits, asks to plug back in,
	// then resets at once; this test plays the user's hands.
	run = keyCLI(t, r, "", func(line string) {
		switch {
		case strings.Contains(line, "Unplug the security key"):
			r.Unplug()
		case strings.Contains(line, "Plug the key back in"):
			time.Sleep(100 * time.Millisecond)
			r.Plug()
		}
	}, "reset", "--device", dev, "--yes")
	if run.code != ExitOK || !strings.Contains(run.out, "The key is reset") || !strings.Contains(run.out, "own passkey list") {
		t.Fatalf("reset: %+v", run)
	}
	st, err := r.Key().Info(ctx)
	if err != nil || st.PINSet {
		t.Fatalf("after reset: %+v %v", st, err)
	}
}
