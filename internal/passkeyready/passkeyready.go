// Package passkeyready answers, for one broker, "can I register the
// broker's passkey on this PC, and where will it live?" from facts the
// callers gather: what the OS's WebAuthn API says about Windows Hello, and
// what each security key says (PIN, room, passkeys already on it). It
// decides and words the answer; it asks no device itself, so the window
// and the command line can share it and tests need no hardware.
//
// Where a question cannot be answered (no webauthn.dll, as under wine or
// on old Windows; a key without credential management) it says so and
// gives the next step, never a guess.
package passkeyready

import (
	"embed"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("passkeyready", localesFS)

// Platform is what the OS's WebAuthn API answered (Windows: webauthn.dll).
type Platform struct {
	// Known: the API could be asked. False where there is none (no
	// webauthn.dll, macOS without the API): the answer is "cannot tell".
	Known bool
	// APIVersion is WebAuthNGetApiVersionNumber's answer; 0 unknown.
	APIVersion int
	// HelloAvailable is IsUserVerifyingPlatformAuthenticatorAvailable:
	// Windows Hello (a PIN, face or fingerprint) can hold a passkey.
	HelloAvailable bool
}

// Key is one security key as the check sees it.
type Key struct {
	Info securitykey.KeyInfo
	// BrokerPasskeys is how many of the broker's passkeys the key holds
	// (see CountBroker); -1 when the key could not be asked.
	BrokerPasskeys int
}

// Status is the verdict of one finding.
type Status int

// Verdicts.
const (
	Ready   Status = iota // the broker's passkey can be registered here
	Blocked               // not now: Next says what to do first
	Unknown               // cannot tell here: Next says what to do instead
)

func (s Status) String() string {
	switch s {
	case Ready:
		return "ready"
	case Blocked:
		return "blocked"
	}
	return "unknown"
}

// Place is what a finding is about.
type Place int

// Places.
const (
	PlaceHello Place = iota // the PC's own authenticator (Windows Hello)
	PlaceKey                // one security key: Finding.Key
	PlaceKeys               // the security keys: none is plugged in
)

func (p Place) String() string {
	switch p {
	case PlaceKey:
		return "key"
	case PlaceKeys:
		return "keys"
	}
	return "hello"
}

// Finding is one answer: about Windows Hello, one key, or that there is
// no key (Place says which).
type Finding struct {
	Place  Place
	Key    string // the key's path (PlaceKey)
	Status Status
	Msg    i18n.Message
	Next   i18n.Message // what to do; zero when nothing is needed
}

// Check answers for broker b: Windows Hello first, then each key.
func Check(b profile.Broker, p Platform, keys []Key) []Finding {
	out := []Finding{hello(p)}
	if len(keys) == 0 {
		out = append(out, Finding{Place: PlaceKeys, Status: Unknown, Msg: cat.M("no_key"), Next: cat.M("next_no_key")})
	}
	for _, k := range keys {
		out = append(out, key(b, k))
	}
	return out
}

// hello is the PC's own answer. The commonest failure (seed 000,
// 「お問い合わせと解消事例」 2): without a Windows Hello PIN, Windows asks to
// 「USB ポートに挿入します」 and registration goes no further.
func hello(p Platform) Finding {
	switch {
	case !p.Known:
		return Finding{Status: Unknown, Msg: cat.M("hello_unknown"), Next: cat.M("next_hello_unknown")}
	case p.HelloAvailable:
		return Finding{Status: Ready, Msg: cat.M("hello_ready")}
	}
	return Finding{Status: Blocked, Msg: cat.M("hello_no_pin"), Next: cat.M("next_hello_pin")}
}

func key(b profile.Broker, k Key) Finding {
	f := Finding{Place: PlaceKey, Key: k.Info.Path}
	name := profile.Text{JA: k.Info.Name(i18n.JA), EN: k.Info.Name(i18n.EN)}
	switch {
	case !k.Info.FIDO2:
		f.Status, f.Msg, f.Next = Blocked, cat.M("key_u2f", "Key", name), cat.M("next_other_key")
	case k.Info.PIN == securitykey.PINNotSet:
		f.Status, f.Msg, f.Next = Blocked, cat.M("key_no_pin", "Key", name), cat.M("next_set_pin")
	case k.Info.Slots.Known && k.Info.Slots.Free == 0 && k.BrokerPasskeys <= 0:
		f.Status, f.Msg, f.Next = Blocked, cat.M("key_full", "Key", name, "Used", k.Info.Slots.Used), cat.M("next_free_slot")
	case k.BrokerPasskeys > 0:
		f.Status, f.Msg = Ready, holds(b, name, k.BrokerPasskeys)
	case !k.Info.CredMgmt || k.BrokerPasskeys < 0:
		f.Status, f.Msg, f.Next = Ready, cat.M("key_ready_uncounted", "Key", name, "Broker", brokerName(b)), cat.M("next_uncounted")
	case k.Info.Slots.Known:
		f.Status, f.Msg = Ready, cat.M("key_ready_free", "Key", name, "Free", k.Info.Slots.Free)
	default:
		f.Status, f.Msg = Ready, cat.M("key_ready", "Key", name)
	}
	return f
}

// holds says the broker's passkeys are on the key, against its limit per
// account where the profile knows it (seed 000, Q10: 5).
func holds(b profile.Broker, key profile.Text, n int) i18n.Message {
	broker := brokerName(b)
	if b.MaxPasskeys > 0 {
		return cat.M("key_holds_limit", "Key", key, "Broker", broker, "N", n, "Max", b.MaxPasskeys)
	}
	return cat.M("key_holds", "Key", key, "Broker", broker, "N", n)
}

// brokerName is the broker's name in both languages (either falls back
// to the other), or "the broker" when the profile does not name it.
func brokerName(b profile.Broker) profile.Text {
	if b.Name.JA == "" && b.Name.EN == "" {
		return profile.Text{JA: cat.M("the_broker").In(i18n.JA), EN: cat.M("the_broker").In(i18n.EN)}
	}
	return profile.Text{JA: b.Name.In(i18n.JA), EN: b.Name.In(i18n.EN)}
}

// CountBroker counts the broker's passkeys among a key's relying parties:
// creds maps an RP ID to how many passkeys the key holds for it. An RP ID
// matches when it is one of the broker's, exactly (case aside): a
// look-alike domain is not the broker's.
func CountBroker(b profile.Broker, creds map[string]int) int {
	n := 0
	for id, c := range creds {
		for _, want := range b.RPIDs {
			if strings.EqualFold(strings.TrimSuffix(id, "."), want) {
				n += c
			}
		}
	}
	return n
}
