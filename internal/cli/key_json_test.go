package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// --json failures in practice mode (runs on every OS; the same over the
// real libfido2 is TestKeyCLIPerVariant).
func TestKeyJSONFailuresInPractice(t *testing.T) {
	defer func(d time.Duration) { practiceTouchDelay = d }(practiceTouchDelay)
	practiceTouchDelay = 10 * time.Millisecond
	run := func(stdin string, args ...string) (map[string]any, string, int) {
		var out, errb bytes.Buffer
		e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Lang: i18n.JA, NewPractice: practice.New}
		code := Run(context.Background(), e, append([]string{"key"}, args...))
		var v map[string]any
		if err := json.Unmarshal(out.Bytes(), &v); err != nil {
			t.Fatalf("key %v: stdout is not one JSON object (%v): %q / %q", args, err, out.String(), errb.String())
		}
		return v, errb.String(), code
	}
	errCode := func(v map[string]any) (string, string) {
		e, _ := v["error"].(map[string]any)
		c, _ := e["code"].(string)
		m, _ := e["message"].(string)
		return c, m
	}
	for _, c := range []struct {
		stdin string
		args  []string
		exit  int
		code  string
		ja    string
	}{
		{"1234\n1243\n", []string{"set-pin"}, ExitFailure, "pin_mismatch", "一致しません"},
		{"1234\n5678\n5678\n", []string{"change-pin"}, ExitFailure, "pin_not_set", ""},
		{"", []string{"delete-passkey"}, ExitUsage, "id_required", "--id"},
		{"1234\n", []string{"delete-passkey", "--id", "AAAA"}, ExitFailure, "pin_not_set", ""},
		{"", []string{"reset"}, ExitUsage, "need_yes", "--yes"},
		{"", []string{"info", "--device", "/dev/nothere"}, ExitFailure, "removed", ""},
	} {
		args := append(append([]string{}, c.args...), "--practice", "--json")
		v, errOut, exit := run(c.stdin, args...)
		code, msg := errCode(v)
		if exit != c.exit || v["ok"] != false || code != c.code || msg == "" || !strings.Contains(msg, c.ja) {
			t.Errorf("key %v: exit %d, %v (stderr %q)", c.args, exit, v, errOut)
		}
		if !strings.Contains(errOut, msg) { // people still read it on stderr
			t.Errorf("key %v: stderr %q lacks %q", c.args, errOut, msg)
		}
	}
	v, _, exit := run("1234\n1234\n", "set-pin", "--practice", "--json")
	if exit != ExitOK || v["ok"] != true || !strings.Contains(v["message"].(string), "PIN") {
		t.Fatalf("set-pin: %d %v", exit, v)
	}
	v, _, exit = run("", "reset", "--practice", "--json", "--yes")
	if exit != ExitOK || v["ok"] != true {
		t.Fatalf("reset: %d %v", exit, v)
	}
}
