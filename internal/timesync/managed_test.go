package timesync

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
)

const where = `HKLM\Software\Policies\Omamori`

// Managed clock settings (Group Policy, a configuration profile) are
// laid over the policy folder's time-policy.json, each set one winning;
// the flag and the environment still come last.
func TestLoadManaged(t *testing.T) {
	dir, policyDir := t.TempDir(), t.TempDir()
	t.Setenv(ServersEnv, "")
	t.Setenv(config.PolicyEnv, policyDir)
	if err := os.WriteFile(filepath.Join(policyDir, config.TimePolicy),
		[]byte(`{"ntp_servers": ["127.0.0.5:1123"], "https_servers": ["https://file.example.co.jp/"], "timeout_seconds": 5}`), 0o600); err != nil {
		t.Fatal(err)
	}
	load := func(servers string, raw map[string]any) Config {
		t.Helper()
		c, err := LoadManaged(dir, servers, policy.FromRaw(where, raw))
		if err != nil {
			t.Fatal(err)
		}
		return c.Config()
	}
	c := load("", map[string]any{
		policy.TimeNTPServers:           []string{"127.0.0.9:1123"},
		policy.TimeCorrect:              uint64(0),
		policy.TimeMaxCorrectionSeconds: uint64(120),
		policy.TimeMinIntervalSeconds:   uint64(600),
		policy.TimeRecheckSeconds:       uint64(900),
	})
	if !slices.Equal(c.NTPServers, []string{"127.0.0.9:1123"}) || !slices.Equal(c.HTTPSServers, []string{"https://file.example.co.jp/"}) {
		t.Errorf("managed NTP servers over the file's, the file's HTTPS kept: %v %v", c.NTPServers, c.HTTPSServers)
	}
	if c.Correct || c.MaxCorrection != 2*time.Minute || c.MinInterval != 10*time.Minute || c.Recheck != 15*time.Minute || c.Timeout != 5*time.Second {
		t.Errorf("managed settings not applied: %+v", c)
	}
	// Empty lists ask no server, as in the file.
	if c := load("", map[string]any{policy.TimeNTPServers: "", policy.TimeHTTPSServers: []string{}}); len(c.NTPServers)+len(c.HTTPSServers) != 0 {
		t.Errorf("empty managed lists still ask %v %v", c.NTPServers, c.HTTPSServers)
	}
	if c := load("127.0.0.4:1123", map[string]any{policy.TimeNTPServers: "127.0.0.9:1123"}); !slices.Equal(c.NTPServers, []string{"127.0.0.4:1123"}) {
		t.Errorf("the flag over managed servers: %v", c.NTPServers)
	}
}

// A bad managed value is an error that says where to fix it.
func TestLoadManagedBad(t *testing.T) {
	t.Setenv(ServersEnv, "")
	t.Setenv(config.PolicyEnv, t.TempDir())
	for _, raw := range []map[string]any{
		{policy.TimeHTTPSServers: "http://insecure.example.co.jp/"},
		{policy.TimeTimeoutSeconds: uint64(600)},
		{policy.TimeCorrect: "yes"},
	} {
		_, err := LoadManaged(t.TempDir(), "", policy.FromRaw(where, raw))
		if err == nil {
			t.Errorf("%v: no error", raw)
			continue
		}
		for _, l := range i18n.Langs {
			if msg := i18n.Localize(err, l); !strings.Contains(msg, where) {
				t.Errorf("%v, %s: %q does not say where to fix it", raw, l, msg)
			}
		}
	}
}
