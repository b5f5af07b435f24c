package policy

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

func TestFromRawKinds(t *testing.T) {
	v := FromRaw(`HKLM\Software\Policies\Omamori`, map[string]any{
		UpdateMode:         " off ",
		LockIdleMinutes:    uint64(5), // REG_DWORD
		TimeCorrect:        uint64(0),
		TimeNTPServers:     []string{"ntp.example.jp", "", "ntp2.example.jp:123"}, // REG_MULTI_SZ
		TimeHTTPSServers:   "https://a.example.jp/, https://b.example.jp/",        // REG_SZ
		BrokerProfiles:     []string{`{"version": 1,`, `"profiles": []}`},
		TimeTimeoutSeconds: float64(3), // plutil's JSON
		"SomethingElse":    "ignored",
	})
	if s, ok, err := v.String(UpdateMode); s != "off" || !ok || err != nil {
		t.Errorf("UpdateMode = %q %v %v", s, ok, err)
	}
	if n, ok, _ := v.Int(LockIdleMinutes); n != 5 || !ok {
		t.Errorf("LockIdleMinutes = %d %v", n, ok)
	}
	if b, ok, _ := v.Bool(TimeCorrect); b || !ok {
		t.Errorf("TimeCorrect = %v %v", b, ok)
	}
	if l, _, _ := v.List(TimeNTPServers); !slices.Equal(l, []string{"ntp.example.jp", "ntp2.example.jp:123"}) {
		t.Errorf("TimeNTPServers = %q", l)
	}
	if l, _, _ := v.List(TimeHTTPSServers); !slices.Equal(l, []string{"https://a.example.jp/", "https://b.example.jp/"}) {
		t.Errorf("TimeHTTPSServers = %q", l)
	}
	if s, _, _ := v.String(BrokerProfiles); s != "{\"version\": 1,\n\"profiles\": []}" {
		t.Errorf("BrokerProfiles = %q", s)
	}
	if n, ok, _ := v.Int(TimeTimeoutSeconds); n != 3 || !ok {
		t.Errorf("TimeTimeoutSeconds = %d %v", n, ok)
	}
	if _, ok, err := v.String(LockMode); ok || err != nil {
		t.Errorf("an unset key reads as set: %v %v", ok, err)
	}
}

func TestFromRawEmptyListIsSet(t *testing.T) {
	v := FromRaw("x", map[string]any{TimeNTPServers: ""})
	l, ok, err := v.List(TimeNTPServers)
	if !ok || err != nil || l == nil || len(l) != 0 {
		t.Errorf("an empty value = %q %v %v, want a set, empty list (ask no server)", l, ok, err)
	}
}

// A value of the wrong type is that key's error alone, in both languages.
func TestFromRawWrongType(t *testing.T) {
	v := FromRaw(`HKLM\Software\Policies\Omamori`, map[string]any{
		LockIdleMinutes: "five",
		TimeCorrect:     uint64(2),
		UpdateMode:      uint64(1),
		LockMode:        "lock",
	})
	for _, name := range []string{LockIdleMinutes, TimeCorrect, UpdateMode} {
		_, ok, err := v.get(name)
		var ie *i18n.Error
		if ok || !errors.As(err, &ie) {
			t.Fatalf("%s: ok %v, err %v; want an i18n error", name, ok, err)
		}
		for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
			msg := ie.Msg.In(lang)
			if !strings.Contains(msg, name) || !strings.Contains(msg, `HKLM\Software\Policies\Omamori`) {
				t.Errorf("%s: %q does not name the setting and where it is", lang, msg)
			}
		}
	}
	if s, ok, err := v.String(LockMode); s != "lock" || !ok || err != nil {
		t.Errorf("a good key next to bad ones: %q %v %v", s, ok, err)
	}
}
