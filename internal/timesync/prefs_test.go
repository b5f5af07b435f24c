package timesync

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
)

func TestPrefsRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", config.TimePrefs)
	p, err := LoadPrefs(path)
	if err != nil || len(p.Servers) != 0 || !p.CorrectOn() {
		t.Fatalf("missing file: %+v %v", p, err)
	}
	off := false
	want := Prefs{Servers: []string{"ntp.example.co.jp", "https://www.example.co.jp/"}, Correct: &off}
	if err := SavePrefs(path, want); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("prefs file mode: %v %v", fi.Mode(), err)
	}
	got, err := LoadPrefs(path)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("loaded %+v, %v; want %+v", got, err, want)
	}
	cfg, err := DefaultConfigFor("linux").WithPrefs(got)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Correct || !reflect.DeepEqual(cfg.NTPServers, []string{"ntp.example.co.jp"}) ||
		!reflect.DeepEqual(cfg.HTTPSServers, []string{"https://www.example.co.jp/"}) {
		t.Errorf("config from prefs: %+v", cfg)
	}
}

func TestPrefsRefuseBadServers(t *testing.T) {
	path := filepath.Join(t.TempDir(), config.TimePrefs)
	err := SavePrefs(path, Prefs{Servers: []string{"http://plain.example/"}})
	if err == nil {
		t.Fatal("an http:// server was saved")
	}
	if msg := i18n.Localize(err, i18n.JA); !strings.Contains(msg, "http://plain.example/") {
		t.Errorf("message does not name the server: %q", msg)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("a refused preference was written")
	}
}

func TestPrefsEmptyKeepsDefaults(t *testing.T) {
	def := DefaultConfigFor("windows")
	cfg, err := def.WithPrefs(Prefs{})
	if err != nil || !reflect.DeepEqual(cfg.NTPServers, def.NTPServers) || !cfg.Correct {
		t.Errorf("empty prefs changed the defaults: %+v %v", cfg, err)
	}
}

func TestPrefsCorruptFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), config.TimePrefs)
	os.WriteFile(path, []byte("{not json"), 0o600)
	if _, err := LoadPrefs(path); err == nil || !strings.Contains(i18n.Localize(err, i18n.EN), path) {
		t.Errorf("corrupt prefs: %v", err)
	}
}

// With no server configured (OMAMORI_TIME_SERVERS=off, or a policy with
// empty lists) the check says it is off, not that the servers failed.
func TestNoServersMeansOff(t *testing.T) {
	cfg := DefaultConfigFor("linux")
	cfg.NTPServers, cfg.HTTPSServers = nil, nil
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r := c.Check(t.Context())
	if r.Reason != ReasonDisabled || r.Checked || r.Severity != None {
		t.Fatalf("no servers: %+v", r)
	}
	if got := r.Summary().In(i18n.JA); !strings.Contains(got, "設定されていません") {
		t.Errorf("summary %q", got)
	}
	if c.Enabled() {
		t.Error("a checker with no servers says it is enabled")
	}
}
