package profile

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
)

const where = `HKLM\Software\Policies\Omamori`

// Broker profiles set by device management are laid over the policy
// folder's, with the same power; a REG_MULTI_SZ (Group Policy's
// multi-line box) is the JSON's lines.
func TestLoadManaged(t *testing.T) {
	user := filepath.Join(t.TempDir(), "none.json")
	folder := writeNamed(t, t.TempDir(), "profiles.json", `{"version": 1, "profiles": [
	  {"name": "smart-otp", "broker": {"origins": ["folder.example.co.jp"], "login_url": "https://folder.example.co.jp/login"}}]}`)
	managed := policy.FromRaw(where, map[string]any{policy.BrokerProfiles: []string{
		`{"version": 1, "profiles": [`,
		`  {"name": "smart-otp", "broker": {"origins": ["gpo.example.co.jp"], "login_url": "https://gpo.example.co.jp/login"}},`,
		`  {"name": "corp", "encoding": "base32", "length": 32, "digits": 6, "period": 60, "algorithm": "SHA1"}]}`,
	}})
	s, err := LoadManaged(user, folder, managed)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := s.Broker(Default); b.LoginHost() != "gpo.example.co.jp" || b.OTPReset.Phone != "0120-17-3234 4#" {
		t.Errorf("smart-otp under the managed profiles: %+v", b)
	}
	if _, ok := s.Get("corp"); !ok {
		t.Error("the managed new profile is missing")
	}
	// Nothing managed: the folder decides, as before.
	s, err = LoadManaged(user, folder, policy.FromRaw(where, nil))
	if b, _ := s.Broker(Default); err != nil || b.LoginHost() != "folder.example.co.jp" {
		t.Errorf("no managed profiles: %+v, %v", b, err)
	}
}

func TestLoadManagedErrors(t *testing.T) {
	user := filepath.Join(t.TempDir(), "none.json")
	for name, text := range map[string]string{
		"json":     `{"version": 1, "profiles": [`,
		"bad page": `{"version": 1, "profiles": [{"name": "smart-otp", "broker": {"login_url": "http://x.example/"}}]}`,
		"version":  `{"version": 2, "profiles": []}`,
	} {
		_, err := LoadManaged(user, "", policy.FromRaw(where, map[string]any{policy.BrokerProfiles: text}))
		for _, l := range i18n.Langs {
			if msg := i18n.Localize(err, l); err == nil || !strings.Contains(msg, where+`\BrokerProfiles`) {
				t.Errorf("%s, %s: %q does not name the managed setting", name, l, msg)
			}
		}
	}
}
