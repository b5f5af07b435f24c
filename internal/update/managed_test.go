package update_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
	"github.com/omamori-app/omamori/internal/update"
)

func managed(raw map[string]any) func() (policy.Values, error) {
	return func() (policy.Values, error) { return policy.FromRaw(`HKLM\Software\Policies\Omamori`, raw), nil }
}

// A managed UpdateMode (Group Policy, a configuration profile) wins over
// the policy folder's policy.json, damaged or not; without it the file
// decides; a value that is not a mode is an error naming the setting.
func TestManagedUpdateMode(t *testing.T) {
	dir := t.TempDir()
	svc := &update.Service{Dir: dir, PolicyDir: dir}
	for _, c := range []struct {
		file string
		raw  map[string]any
		want update.Mode
		bad  string
	}{
		{`{"update": {"mode": "automatic"}}`, nil, update.ModeAutomatic, ""},
		{`{"update": {"mode": "automatic"}}`, map[string]any{policy.UpdateMode: "off"}, update.ModeOff, ""},
		{`{"update": {"mode": "off"}}`, map[string]any{policy.UpdateMode: "notify"}, update.ModeNotify, ""},
		{`{"update": `, map[string]any{policy.UpdateMode: "off"}, update.ModeOff, ""},
		{`{"update": {"mode": "off"}}`, map[string]any{policy.UpdateMode: "of"}, update.ModeNotify, "UpdateMode"},
		{`{"update": {"mode": "off"}}`, map[string]any{policy.UpdateMode: uint64(0)}, update.ModeNotify, "UpdateMode"},
	} {
		writePolicy(t, dir, c.file)
		svc.Managed = managed(c.raw)
		got, err := svc.Mode()
		if got != c.want || (err != nil) != (c.bad != "") {
			t.Errorf("%s %v: %q, %v; want %q, error %v", c.file, c.raw, got, err, c.want, c.bad != "")
		}
		if err != nil && !strings.Contains(i18n.Localize(err, i18n.JA), c.bad) {
			t.Errorf("%v: %q does not name the setting", c.raw, i18n.Localize(err, i18n.JA))
		}
	}
}

// Managed "off" makes no request, even with the file saying automatic;
// a source that cannot be read stops the check too.
func TestManagedOffMakesNoRequest(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	dir := t.TempDir()
	writePolicy(t, dir, `{"update": {"mode": "automatic"}}`)
	asked := false
	s.on("/feed.json", func(w http.ResponseWriter, r *http.Request) { asked = true })
	svc := &update.Service{Dir: dir, PolicyDir: dir, Checker: *s.checker(t, k, "1.3.2"), Managed: managed(map[string]any{policy.UpdateMode: "off"})}
	if _, err := svc.Check(context.Background()); !errors.Is(err, update.ErrOff) || asked {
		t.Fatalf("managed off: %v, asked %v", err, asked)
	}
	broken := errors.New("access denied")
	svc.Managed = func() (policy.Values, error) { return policy.Values{}, broken }
	if _, err := svc.Check(context.Background()); !errors.Is(err, broken) || asked {
		t.Fatalf("unreadable managed settings: %v, asked %v", err, asked)
	}
}

// ModeSet says whether an administrator set the mode: device management
// or the policy folder's file, even to the default; not without either.
func TestModeSetByAdministrator(t *testing.T) {
	dir := t.TempDir()
	svc := &update.Service{Dir: dir, PolicyDir: dir, Managed: managed(nil)}
	for _, c := range []struct {
		file string // "" = no file
		raw  map[string]any
		want update.Mode
		set  bool
	}{
		{"", nil, update.ModeNotify, false},
		{`{"lock": {"mode": "lock"}}`, nil, update.ModeNotify, false},
		{`{"update": {"mode": "notify"}}`, nil, update.ModeNotify, true},
		{`{"update": {"mode": "automatic"}}`, nil, update.ModeAutomatic, true},
		{"", map[string]any{policy.UpdateMode: "automatic"}, update.ModeAutomatic, true},
		{"", map[string]any{policy.UpdateMode: "of"}, update.ModeNotify, false},
	} {
		if c.file == "" {
			writePolicy(t, dir, "{}")
		} else {
			writePolicy(t, dir, c.file)
		}
		svc.Managed = managed(c.raw)
		m, set, _ := svc.ModeSet()
		if m != c.want || set != c.set {
			t.Errorf("%q %v: %q set %v; want %q set %v", c.file, c.raw, m, set, c.want, c.set)
		}
	}
}
