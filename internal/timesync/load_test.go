package timesync

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/omamori-app/omamori/internal/config"
)

// Load lays each source over the one before: the user's servers replace
// the defaults, a company's policy beats the user, the flag beats the
// environment, and "off" asks no one. The cache sits in the folder.
func TestLoadLayers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	servers := func(servers string) []string {
		t.Helper()
		c, err := Load(dir, servers)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Config().CacheFile; got != filepath.Join(dir, config.ClockCache) {
			t.Errorf("cache file %q", got)
		}
		return append(c.Config().NTPServers, c.Config().HTTPSServers...)
	}
	t.Setenv(ServersEnv, "")
	policyDir := t.TempDir()
	t.Setenv(config.PolicyEnv, policyDir)
	def := DefaultConfig()
	if got, want := servers(""), append(def.NTPServers, def.HTTPSServers...); !slices.Equal(got, want) || len(def.HTTPSServers) == 0 {
		t.Errorf("defaults: %v, want %v with HTTPS sources", got, want)
	}
	// A policy that names only NTP servers keeps the default HTTPS
	// sources: without one, codes would never be corrected.
	write(config.TimePolicy, `{"ntp_servers": ["127.0.0.2:1123"]}`)
	if got, want := servers(""), append([]string{"127.0.0.2:1123"}, def.HTTPSServers...); !slices.Equal(got, want) {
		t.Errorf("NTP-only policy: %v, want %v", got, want)
	}
	// An empty NTP list alone still means "ask no one" (policies written
	// before HTTPS sources were on by default).
	write(config.TimePolicy, `{"ntp_servers": []}`)
	if got := servers(""); len(got) != 0 {
		t.Errorf("policy with an empty NTP list still asks %v", got)
	}
	os.Remove(filepath.Join(dir, config.TimePolicy))
	write(config.TimePrefs, `{"servers": ["127.0.0.1:1123"]}`)
	if got := servers(""); !slices.Equal(got, []string{"127.0.0.1:1123"}) {
		t.Errorf("user's servers: %v", got)
	}
	write(config.TimePolicy, `{"ntp_servers": ["127.0.0.2:1123"], "https_servers": ["https://example.co.jp/"]}`)
	if got := servers(""); !slices.Equal(got, []string{"127.0.0.2:1123", "https://example.co.jp/"}) {
		t.Errorf("policy over the user: %v", got)
	}
	// The administrator's policy folder beats the settings folder's.
	if err := os.WriteFile(filepath.Join(policyDir, config.TimePolicy), []byte(`{"ntp_servers": ["127.0.0.5:1123"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := servers(""); !slices.Equal(got, []string{"127.0.0.5:1123", "https://example.co.jp/"}) {
		t.Errorf("policy folder over the settings folder: %v", got)
	}
	t.Setenv(ServersEnv, "127.0.0.3:1123")
	if got := servers(""); !slices.Equal(got, []string{"127.0.0.3:1123"}) {
		t.Errorf("environment over the policy: %v", got)
	}
	if got := servers("127.0.0.4:1123"); !slices.Equal(got, []string{"127.0.0.4:1123"}) {
		t.Errorf("flag over the environment: %v", got)
	}
	if got := servers("off"); len(got) != 0 {
		t.Errorf("off still asks %v", got)
	}
	t.Setenv(ServersEnv, "off")
	if got := servers(""); len(got) != 0 {
		t.Errorf("%s=off still asks %v", ServersEnv, got)
	}
}

// A broken settings or policy file stops the check with its own message
// rather than silently asking other servers.
func TestLoadBrokenFiles(t *testing.T) {
	t.Setenv(config.PolicyEnv, t.TempDir())
	for _, name := range []string{config.TimePrefs, config.TimePolicy} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{not json"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(dir, ""); err == nil {
			t.Errorf("%s: broken file accepted", name)
		}
	}
}
