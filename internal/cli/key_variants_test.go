//go:build linux

package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// keyResult is any `omamori key ... --json` object output: a result
// ({"ok":true,...}) or an error ({"ok":false,"error":{...}}).
type keyResult struct {
	OK    *bool  `json:"ok"`
	Path  string `json:"path"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Message string       `json:"message"`
	Deleted *passkeyJSON `json:"deleted"`
}

// jsonRun runs a key command with --json and parses its one JSON value.
func jsonRun(t *testing.T, r *fidotest.Rig, stdin string, onLine func(string), args ...string) (keyResult, keyRun) {
	t.Helper()
	run := keyCLI(t, r, stdin, onLine, append(args, "--json")...)
	var res keyResult
	if err := json.Unmarshal([]byte(run.out), &res); err != nil || res.OK == nil {
		t.Fatalf("key %v --json: not one JSON result (%v): %+v", args, err, run)
	}
	return res, run
}

func wantJSONError(t *testing.T, res keyResult, run keyRun, exit int, code, text string) {
	t.Helper()
	if run.code != exit || *res.OK || res.Error == nil || res.Error.Code != code || !strings.Contains(res.Error.Message, text) {
		t.Fatalf("want exit %d, error %s (%q): %+v %+v", exit, code, text, res, run)
	}
}

func wantJSONOK(t *testing.T, res keyResult, run keyRun, text string) {
	t.Helper()
	if run.code != ExitOK || !*res.OK || res.Error != nil || !strings.Contains(res.Message, text) {
		t.Fatalf("want success %q: %+v %+v", text, res, run)
	}
}

// Every key command that documents --json prints JSON, on success and
// on failure, and each variant of key gets the right words.
func TestKeyCLIPerVariant(t *testing.T) {
	for _, v := range fidotest.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			q := v.Quirks
			canList := !q.NoCredMgmt && !q.FIDO20Only
			r := fidotest.Start(t, v.Options(virtualkey.Options{}))
			dev := r.Path()

			run := keyCLI(t, r, "", nil, "info", "--device", dev, "--json")
			var info keyJSON
			if err := json.Unmarshal([]byte(run.out), &info); err != nil || info.CredMgmt != canList {
				t.Fatalf("info --json: %+v %v", run, err)
			}
			run = keyCLI(t, r, "", nil, "info", "--device", dev)
			if got := strings.Contains(run.out, "this key cannot list its passkeys"); got == canList || strings.Contains(run.out, "enter the PIN to see") == !canList {
				t.Fatalf("info says the key can list: %v:\n%s", canList, run.out)
			}

			r.Key().FailNextPINExchange()
			res, run := jsonRun(t, r, "1234\n1234\n", nil, "set-pin", "--device", dev)
			wantJSONError(t, res, run, ExitFailure, "pin_auth_invalid", "Try again")
			res, run = jsonRun(t, r, "1234\n1243\n", nil, "set-pin", "--device", dev)
			wantJSONError(t, res, run, ExitFailure, "pin_mismatch", "not the same")
			res, run = jsonRun(t, r, "1234\n1234\n", nil, "set-pin", "--device", dev)
			wantJSONOK(t, res, run, "The PIN is set")

			res, run = jsonRun(t, r, "9999\n5678\n5678\n", nil, "change-pin", "--device", dev)
			wantJSONError(t, res, run, ExitFailure, "pin_wrong", "7 attempts are left")
			res, run = jsonRun(t, r, "1234\n5678\n5678\n", nil, "change-pin", "--device", dev)
			wantJSONOK(t, res, run, "The PIN is changed")

			user := virtualkey.User{ID: []byte("taro"), Name: "taro"}
			if _, err := r.Key().MakeCredential(t.Context(), "5678", "broker.example.jp", "", user, make([]byte, 32), true); err != nil {
				t.Fatal(err)
			}
			before := len(r.Key().State().Resident)
			run = keyCLI(t, r, "5678\n", nil, "test", "--device", dev, "--json")
			if run.code != ExitOK || !strings.Contains(run.out, `"ok": true`) {
				t.Fatalf("test: %+v", run)
			}
			if got := len(r.Key().State().Resident); got != before && !(q.AllResident && !canList) {
				t.Fatalf("the self-test left a credential: %d, was %d", got, before)
			}

			// No PIN on stdin at all: a key that cannot list says so
			// instead of asking for one.
			if !canList {
				run = keyCLI(t, r, "", nil, "passkeys", "--device", dev)
				if run.code != ExitFailure || !strings.Contains(run.err, "cannot show the passkeys") || strings.Contains(run.err, "No PIN was given") {
					t.Fatalf("passkeys: %+v", run)
				}
				res, run = jsonRun(t, r, "", nil, "passkeys", "--device", dev)
				wantJSONError(t, res, run, ExitFailure, "no_cred_mgmt", "cannot show the passkeys")
				res, run = jsonRun(t, r, "", nil, "delete-passkey", "--device", dev, "--id", "AAAA", "--yes")
				wantJSONError(t, res, run, ExitFailure, "no_cred_mgmt", "cannot show the passkeys")
			} else {
				run = keyCLI(t, r, "5678\n", nil, "passkeys", "--device", dev, "--json")
				var pk passkeysJSON
				if err := json.Unmarshal([]byte(run.out), &pk); err != nil || len(pk.Passkeys) != 1 {
					t.Fatalf("passkeys: %+v %v", run, err)
				}
				id := pk.Passkeys[0].ID
				res, run = jsonRun(t, r, "5678\n", nil, "delete-passkey", "--device", dev, "--id", id)
				wantJSONError(t, res, run, ExitUsage, "need_yes", "--yes")
				res, run = jsonRun(t, r, "5678\n", nil, "delete-passkey", "--device", dev, "--id", "AAAA", "--yes")
				wantJSONError(t, res, run, ExitFailure, "id_unknown", "AAAA")
				res, run = jsonRun(t, r, "5678\n", nil, "delete-passkey", "--device", dev, "--id", id, "--yes")
				wantJSONOK(t, res, run, "Deleted the passkey of taro")
				if res.Deleted == nil || res.Deleted.ID != id || res.Deleted.Site != "broker.example.jp" {
					t.Fatalf("deleted: %+v", res.Deleted)
				}
			}
			res, run = jsonRun(t, r, "", nil, "delete-passkey", "--device", dev)
			wantJSONError(t, res, run, ExitUsage, "id_required", "--id")

			res, run = jsonRun(t, r, "", nil, "reset", "--device", dev)
			wantJSONError(t, res, run, ExitUsage, "need_yes", "--yes")
			res, run = jsonRun(t, r, "", func(line string) {
				switch {
				case strings.Contains(line, "Unplug the security key"):
					r.Unplug()
				case strings.Contains(line, "Plug the key back in"):
					time.Sleep(100 * time.Millisecond)
					r.Plug()
				}
			}, "reset", "--device", dev, "--yes")
			wantJSONOK(t, res, run, "The key is reset")
			if st, err := r.Key().Info(t.Context()); err != nil || st.PINSet {
				t.Fatalf("after reset: %+v %v", st, err)
			}
			res, run = jsonRun(t, r, "", nil, "info", "--device", "/dev/hidraw-nothere")
			wantJSONError(t, res, run, ExitFailure, "removed", "cannot be found")
		})
	}
}

// With a PIN left to try once: "1 attempt is left", singular.
func TestKeyCLISingularAttempt(t *testing.T) {
	q, _ := virtualkey.ParseQuirks("nosoftblock")
	r := fidotest.Start(t, fidotest.Options{Key: virtualkey.Options{Quirks: q}})
	dev := r.Path()
	if run := keyCLI(t, r, "1234\n1234\n", nil, "set-pin", "--device", dev); run.code != ExitOK {
		t.Fatalf("set-pin: %+v", run)
	}
	for range 6 {
		if _, err := r.Key().PINToken(t.Context(), "0000"); err == nil {
			t.Fatal("wrong PIN taken")
		}
	}
	run := keyCLI(t, r, "", nil, "info", "--device", dev)
	if !strings.Contains(run.out, "(2 attempts left)") {
		t.Fatalf("info: %+v", run)
	}
	run = keyCLI(t, r, "9999\n5678\n5678\n", nil, "change-pin", "--device", dev)
	if !strings.Contains(run.err, "1 attempt is left.") {
		t.Fatalf("change-pin: %+v", run)
	}
	run = keyCLI(t, r, "", nil, "info", "--device", dev)
	if !strings.Contains(run.out, "(1 attempt left)") || !strings.Contains(run.out, "only 1 PIN attempt is left") {
		t.Fatalf("info: %+v", run)
	}
	run = keyCLI(t, r, "9999\n5678\n5678\n", nil, "change-pin", "--device", dev)
	if run.code != ExitFailure || !strings.Contains(run.err, "The PIN is locked") || !strings.Contains(run.err, "Only a reset") {
		t.Fatalf("locked: %+v", run)
	}
}
