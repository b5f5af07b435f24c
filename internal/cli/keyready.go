package cli

import (
	"context"
	"slices"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/passkeyready"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// `omamori key ready [--profile NAME] [--device PATH] [--json]`: can the
// broker's passkey be registered on this PC, and where would it live —
// the passkey-readiness screen's answer (internal/passkeyready).

// readyJSON is one finding in `key ready --json`.
type readyJSON struct {
	Device  string `json:"device,omitempty"` // the key's path (place "key")
	Status  string `json:"status"`           // ready, blocked, unknown
	Message string `json:"message"`
	Next    string `json:"next,omitempty"`
	Place   string `json:"place"` // hello, key (Device), keys (none is plugged in)
}

func (k *keyCmd) ready(ctx context.Context) int {
	b, ok := k.broker()
	if !ok {
		return k.failWith(ExitUsage, "unknown_profile", cat.M("unknown_profile", "Name", k.profile))
	}
	keys, err := passkeyready.Keys(ctx, k.svc, b, k.readyPIN())
	if err != nil && err != securitykey.ErrNoLibrary {
		return k.fail(err)
	}
	if k.device != "" {
		keys = slices.DeleteFunc(keys, func(x passkeyready.Key) bool { return x.Info.Path != k.device })
	}
	found := passkeyready.Check(b, passkeyready.System().Platform(), keys)
	if k.json {
		out := make([]readyJSON, 0, len(found))
		for _, f := range found {
			out = append(out, readyJSON{Device: f.Key, Status: f.Status.String(), Message: k.t(f.Msg), Next: k.opt(f.Next), Place: f.Place.String()})
		}
		return k.e.writeJSON(out)
	}
	for _, f := range found {
		where := k.t(cat.M("key_ready_hello"))
		switch f.Place {
		case passkeyready.PlaceKey:
			where = f.Key
		case passkeyready.PlaceKeys:
			where = k.t(cat.M("key_ready_keys"))
		}
		k.e.println(k.e.Stdout, cat.M("key_ready_line", "Status", k.t(cat.M("key_ready_"+f.Status.String())), "Where", where, "Msg", k.t(f.Msg)))
		if !f.Next.IsZero() {
			k.e.println(k.e.Stdout, cat.M("key_ready_next", "Next", k.t(f.Next)))
		}
	}
	return ExitOK
}

func (k *keyCmd) opt(m i18n.Message) string {
	if m.IsZero() {
		return ""
	}
	return k.t(m)
}

// broker is --profile's broker; without --profile, an unnamed broker
// ("the broker"), as the answer does not depend on which one.
func (k *keyCmd) broker() (profile.Broker, bool) {
	if k.profile == "" {
		return profile.Broker{}, true
	}
	set, err := k.e.profiles()
	if err != nil {
		return profile.Broker{}, false
	}
	if _, ok := set.Get(k.profile); !ok {
		return profile.Broker{}, false
	}
	b, _ := set.Broker(k.profile)
	return b, true
}

// readyPIN asks the PIN of each key that can list its passkeys: with it
// the key tells how full it is and how many of the broker's passkeys it
// holds. A PIN not given (empty, or no input) skips the count; it never
// stops the answer.
func (k *keyCmd) readyPIN() passkeyready.PINFunc {
	return func(ki securitykey.KeyInfo) string {
		pin, err := k.pins.read(cat.M("key_ready_prompt_pin", "Key", ki.Name(k.e.Lang), "Device", ki.Path))
		if err != nil {
			return ""
		}
		return pin
	}
}
