//go:build linux

package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// readyFindings runs `key ready --json` and returns the rig key's finding
// and Windows Hello's.
func readyFindings(t *testing.T, r *fidotest.Rig, stdin string, args ...string) (hello, key readyJSON) {
	t.Helper()
	run := keyCLI(t, r, stdin, nil, append([]string{"ready", "--json"}, args...)...)
	var out []readyJSON
	if err := json.Unmarshal([]byte(run.out), &out); err != nil || run.code != ExitOK {
		t.Fatalf("ready --json: %v %+v", err, run)
	}
	for _, f := range out {
		switch f.Device {
		case "":
			hello = f
		case r.Path():
			key = f
		}
	}
	if key.Status == "" {
		t.Fatalf("no finding for the rig key: %+v", out)
	}
	return hello, key
}

// `omamori key ready` against the software key: no PIN blocks with the
// next step; with a PIN it is ready (and, given the PIN, says the room
// left); a full key blocks; a key that cannot list its passkeys is ready
// but says it cannot be checked afterwards. Here (no webauthn.dll) the
// Windows Hello question is "cannot tell", with a next step.
func TestKeyReady(t *testing.T) {
	r := fidotest.Start(t, fidotest.Options{Key: virtualkey.Options{MaxResident: 2}})
	dev := r.Path()

	hello, key := readyFindings(t, r, "", "--device", dev)
	if hello.Status != "unknown" || !strings.Contains(hello.Message, "webauthn.dll") || hello.Next == "" {
		t.Errorf("hello: %+v", hello)
	}
	if key.Status != "blocked" || !strings.Contains(key.Message, "no PIN yet") || !strings.Contains(key.Next, "Set a PIN") {
		t.Errorf("no PIN: %+v", key)
	}
	// The same in words, in Japanese.
	run := keyCLI(t, r, "", nil, "ready", "--device", dev, "--lang", "ja")
	if run.code != ExitOK || !strings.Contains(run.out, "［要対応］"+dev+"：") || !strings.Contains(run.out, "→ 先にセキュリティキーの画面で「PINを設定」") {
		t.Errorf("ja: %+v", run)
	}

	ctx := context.Background()
	if err := r.Key().SetPIN(ctx, "1234"); err != nil {
		t.Fatal(err)
	}
	if _, key = readyFindings(t, r, "", "--device", dev); key.Status != "ready" || !strings.HasSuffix(key.Message, "can keep the passkey.") || key.Next != "" {
		t.Errorf("PIN set, not counted: %+v", key)
	}
	if _, key = readyFindings(t, r, "1234\n", "--device", dev, "--profile", "ymsec"); key.Status != "ready" || !strings.Contains(key.Message, "room for 2 more") {
		t.Errorf("PIN set, counted: %+v", key)
	}

	for i := range 2 {
		u := virtualkey.User{ID: []byte{byte(i + 1)}, Name: "u"}
		if _, err := r.Key().MakeCredential(ctx, "1234", "example.com", "Example", u, make([]byte, 32), true); err != nil {
			t.Fatal(err)
		}
	}
	if _, key = readyFindings(t, r, "1234\n", "--device", dev); key.Status != "blocked" || !strings.Contains(key.Message, "is full") || key.Next == "" {
		t.Errorf("full: %+v", key)
	}
	run = keyCLI(t, r, "", nil, "ready", "--profile", "no-such-broker")
	if run.code != ExitUsage || !strings.Contains(run.err, "no-such-broker") {
		t.Errorf("unknown profile: %+v", run)
	}
}

// A key without credential management (and a FIDO_2_0-only key): ready,
// but Omamori cannot check afterwards, so it says what to check instead.
func TestKeyReadyCannotList(t *testing.T) {
	for _, v := range fidotest.Variants() {
		if !v.Quirks.NoCredMgmt && !v.Quirks.FIDO20Only {
			continue
		}
		t.Run(v.Name, func(t *testing.T) {
			r := fidotest.Start(t, v.Options(virtualkey.Options{}))
			if err := r.Key().SetPIN(context.Background(), "1234"); err != nil {
				t.Fatal(err)
			}
			_, key := readyFindings(t, r, "", "--device", r.Path())
			if key.Status != "ready" || !strings.Contains(key.Message, "cannot list the passkeys") || !strings.Contains(key.Next, "broker's own passkey list") {
				t.Errorf("%+v", key)
			}
		})
	}
}

// No key there: the line that says so is the security keys' line, not
// a second Windows Hello line; --json says which place each finding is about.
func TestKeyReadyNoKeyIsNotWindowsHello(t *testing.T) {
	r := fidotest.Start(t, fidotest.Options{})
	run := keyCLI(t, r, "", nil, "ready", "--device", "/dev/no-such-key")
	if run.code != ExitOK || strings.Count(run.out, "Windows Hello:") != 1 || !strings.Contains(run.out, "Security keys: No security key is plugged in") {
		t.Errorf("%+v", run)
	}
	run = keyCLI(t, r, "", nil, "ready", "--device", "/dev/no-such-key", "--json")
	var out []readyJSON
	if err := json.Unmarshal([]byte(run.out), &out); err != nil || len(out) != 2 || out[0].Place != "hello" || out[1].Place != "keys" || out[1].Device != "" {
		t.Errorf("%v %+v", err, out)
	}
}
