package timesync

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

func TestDefaultServersPerOS(t *testing.T) {
	for goos, want := range map[string][2][]string{
		"windows": {{NICT, WindowsServer}, {NICTWeb, WindowsWeb}},
		"darwin":  {{NICT, AppleServer}, {NICTWeb, AppleWeb}},
		"linux":   {{NICT, GoogleServer}, {NICTWeb, GoogleWeb}},
	} {
		c := DefaultConfigFor(goos)
		if !reflect.DeepEqual(c.NTPServers, want[0]) || !reflect.DeepEqual(c.HTTPSServers, want[1]) {
			t.Errorf("%s: %v %v", goos, c.NTPServers, c.HTTPSServers)
		}
		if !c.Correct || c.MaxCorrection != 10*time.Minute || c.MinInterval != 5*time.Minute {
			t.Errorf("%s: %+v", goos, c)
		}
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", goos, err)
		}
	}
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "policy.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPolicyFile(t *testing.T) {
	p, err := LoadPolicy(writeFile(t, `{"ntp_servers": ["ntp.example.co.jp", "127.0.0.1:11123"],
		"https_servers": ["https://www.example.co.jp/"], "correct": false, "max_correction_seconds": 120}`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := DefaultConfigFor("windows").Apply(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.NTPServers, []string{"ntp.example.co.jp", "127.0.0.1:11123"}) ||
		!reflect.DeepEqual(c.HTTPSServers, []string{"https://www.example.co.jp/"}) ||
		c.Correct || c.MaxCorrection != 2*time.Minute || c.MinInterval != DefaultMinInterval {
		t.Errorf("applied: %+v", c)
	}
	// Fields left out keep the defaults.
	p, err = LoadPolicy(writeFile(t, `{"timeout_seconds": 1.5}`))
	if err != nil {
		t.Fatal(err)
	}
	c, _ = DefaultConfigFor("darwin").Apply(p)
	if c.Timeout != 1500*time.Millisecond || !c.Correct || c.NTPServers[1] != AppleServer {
		t.Errorf("partial policy: %+v", c)
	}
}

func TestPolicyFileErrors(t *testing.T) {
	if _, err := LoadPolicy(filepath.Join(t.TempDir(), "none.json")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	for name, body := range map[string]string{
		"not json":      `{"ntp_servers": [`,
		"unknown field": `{"ntp_server": ["x"]}`,
		"wrong type":    `{"correct": "yes"}`,
		"http":          `{"https_servers": ["http://example.jp/"]}`,
		"bad host":      `{"ntp_servers": ["ntp example jp"]}`,
		"bad port":      `{"ntp_servers": ["ntp.example.jp:99999"]}`,
		"huge bound":    `{"max_correction_seconds": 7200}`,
		"too often":     `{"min_interval_seconds": 10}`,
		"negative":      `{"timeout_seconds": -1}`,
	} {
		_, err := LoadPolicy(writeFile(t, body))
		var ie *i18n.Error
		if !errors.As(err, &ie) {
			t.Errorf("%s: err %v is not an *i18n.Error", name, err)
			continue
		}
		for _, l := range i18n.Langs {
			s := i18n.Localize(err, l)
			for _, k := range cat.Keys() {
				if s == "" || strings.Contains(k, "_") && strings.Contains(s, k) {
					t.Errorf("%s: %s text %q", name, l, s)
				}
			}
		}
	}
}

func TestServersFromFlag(t *testing.T) {
	c, err := DefaultConfigFor("linux").WithServers("127.0.0.1:11123, 127.0.0.2:11124 https://127.0.0.1:8443/")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.NTPServers, []string{"127.0.0.1:11123", "127.0.0.2:11124"}) ||
		!reflect.DeepEqual(c.HTTPSServers, []string{"https://127.0.0.1:8443/"}) {
		t.Errorf("%v %v", c.NTPServers, c.HTTPSServers)
	}
	same, err := c.WithServers("  ")
	if err != nil || !reflect.DeepEqual(same, c) {
		t.Errorf("empty flag changed the config: %v", err)
	}
	if _, err := c.WithServers("ftp://x"); err == nil {
		t.Error("ftp:// accepted")
	}
	for _, ok := range []string{"ntp.nict.jp", "NTP.NICT.JP.", "[::1]:123", "::1", "192.0.2.1"} {
		if _, err := ntpHost(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	if h, _ := ntpHost("NTP.NICT.JP.:123"); h != "ntp.nict.jp" {
		t.Errorf("host key %q", h)
	}
	for _, bad := range []string{"", "host:", "host:0", ":123", "[::1", "a b"} {
		if _, err := ntpHost(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	c := DefaultConfigFor("linux")
	c.HTTPSServers = []string{"http://example.jp"}
	if _, err := New(c); err == nil {
		t.Fatal("New accepted http://")
	}
}

func TestNoServersMeansUnchecked(t *testing.T) {
	c := newChecker(t, Config{Correct: true})
	if r := c.Check(t.Context()); r.Checked || r.Kind != Unknown {
		t.Errorf("%+v", r)
	}
}
