package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A broken side file never stops the codes: they are shown with the clock
// check off, and the warning names the file; doctor still runs.
func TestBrokenSideFilesNeverBlockCodes(t *testing.T) {
	for _, c := range []struct{ file, body, want string }{
		{"time-policy.json", `{"ntp_servers": [`, "time-policy.json"},
		{"time-policy.json", `{"max_correction_seconds": 1e12}`, "1e+12"},
		{"time-settings.json", `{"servers": ["ntp.example.jp:99999"]}`, "time-settings.json"},
		{"time-settings.json", `{"servers": `, "time-settings.json"},
	} {
		t.Run(c.file+" "+c.body, func(t *testing.T) {
			r := newCLI(t)
			secret := randomSecret()
			if _, e, rc := r.run(secret, "add", "--name", "A"); rc != 0 {
				t.Fatal(e)
			}
			if err := os.WriteFile(filepath.Join(r.config, c.file), []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			out, e, rc := r.run("", "code", "A")
			if rc != 0 || len(strings.TrimSpace(out)) != 6 {
				t.Errorf("code: rc=%d out=%q err=%q", rc, out, e)
			}
			if !strings.Contains(e, c.want) || strings.Contains(e, "-9.2") {
				t.Errorf("code's warning does not name %q: %q", c.want, e)
			}
			out, e, rc = r.run("", "doctor", "--json")
			var d struct {
				Accounts int      `json:"accounts"`
				Warnings []string `json:"warnings"`
			}
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatalf("doctor did not report: rc=%d %q %q", rc, out, e)
			}
			if rc != 1 || d.Accounts != 1 || !strings.Contains(strings.Join(d.Warnings, "\n"), c.want) {
				t.Errorf("doctor: rc=%d %+v", rc, d)
			}
		})
	}
}

// A settings "folder" that cannot be read is blamed on the folder, not on
// the first file read from it.
func TestUnreadableSettingsFolder(t *testing.T) {
	r := newCLI(t)
	r.config = filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(r.config, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"add", "--name", "A"}, {"list"}, {"code"}} {
		_, e, rc := r.run(randomSecret(), args...)
		if rc != 1 || !strings.Contains(e, "settings folder "+r.config) || strings.Contains(e, ".json") {
			t.Errorf("%v: rc=%d %q", args, rc, e)
		}
	}
}
