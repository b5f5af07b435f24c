package applock

import (
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
)

// LockMode and LockIdleMinutes set by device management win over the
// policy folder's "lock" section, each on its own; a bad one is reported
// by name and leaves the file's value.
func TestWithManaged(t *testing.T) {
	file := Policy{Mode: ModeOff, IdleMinutes: 10}
	for _, c := range []struct {
		raw  map[string]any
		want Policy
		bad  string
	}{
		{nil, file, ""},
		{map[string]any{policy.LockMode: "lock"}, Policy{ModeLock, 10}, ""},
		{map[string]any{policy.LockMode: "lock", policy.LockIdleMinutes: uint64(3)}, Policy{ModeLock, 3}, ""},
		{map[string]any{policy.LockIdleMinutes: uint64(0)}, file, "LockIdleMinutes"},
		{map[string]any{policy.LockIdleMinutes: uint64(1441)}, file, "LockIdleMinutes"},
		{map[string]any{policy.LockMode: "always", policy.LockIdleMinutes: uint64(2)}, Policy{ModeOff, 2}, "LockMode"},
		{map[string]any{policy.LockMode: uint64(1)}, file, "LockMode"},
	} {
		got, err := WithManaged(file, policy.FromRaw(`HKLM\Software\Policies\Omamori`, c.raw))
		if got != c.want || (err != nil) != (c.bad != "") {
			t.Errorf("%v: %+v, %v; want %+v, error %v", c.raw, got, err, c.want, c.bad != "")
		}
		if err != nil {
			for _, l := range i18n.Langs {
				if msg := i18n.Localize(err, l); !strings.Contains(msg, c.bad) {
					t.Errorf("%v, %s: %q does not name %s", c.raw, l, msg, c.bad)
				}
			}
		}
	}
	// What it means: the managed lock beats the customer's "off".
	p, _ := WithManaged(Policy{}, policy.FromRaw("x", map[string]any{policy.LockMode: "lock", policy.LockIdleMinutes: uint64(7)}))
	if c := Effective(p, Setting{Enabled: false}); !c.Enabled || c.Idle != 7*time.Minute || !p.Forced() {
		t.Errorf("managed lock with the setting off: %+v", c)
	}
}
