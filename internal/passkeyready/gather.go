package passkeyready

import (
	"context"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// KeySource is the part of the security-key service the check reads
// (*securitykey.Service): the keys plugged in, and a key's passkeys.
type KeySource interface {
	List() ([]securitykey.KeyInfo, error)
	Passkeys(ctx context.Context, path, pin string) (securitykey.PasskeyList, error)
}

// PINFunc gives the PIN of a key that can list its passkeys, so its
// broker passkeys can be counted; "" skips counting for that key.
type PINFunc func(k securitykey.KeyInfo) string

// Keys reads every key plugged in. A key is counted (BrokerPasskeys)
// only when pin gives its PIN; otherwise BrokerPasskeys is 0 when the
// key could list them (the readiness question does not need the count)
// and -1 when it cannot. A key that refuses the PIN is -1 with the
// error kept in Info.Err for the caller to show.
func Keys(ctx context.Context, src KeySource, b profile.Broker, pin PINFunc) ([]Key, error) {
	infos, err := src.List()
	if err != nil {
		return nil, err
	}
	out := make([]Key, 0, len(infos))
	for _, ki := range infos {
		k := Key{Info: ki}
		if !ki.CredMgmt || ki.PIN != securitykey.PINSet {
			k.BrokerPasskeys = -1
			if ki.CredMgmt {
				k.BrokerPasskeys = 0
			}
			out = append(out, k)
			continue
		}
		if p := pinOf(pin, ki); p != "" {
			k = Count(ctx, src, b, ki, p)
		}
		out = append(out, k)
	}
	return out, nil
}

func pinOf(pin PINFunc, ki securitykey.KeyInfo) string {
	if pin == nil {
		return ""
	}
	return pin(ki)
}

// Count lists one key's passkeys with its PIN and counts the broker's.
func Count(ctx context.Context, src KeySource, b profile.Broker, ki securitykey.KeyInfo, pin string) Key {
	l, err := src.Passkeys(ctx, ki.Path, pin)
	if err != nil {
		ki.Err = err
		return Key{Info: ki, BrokerPasskeys: -1}
	}
	ki.Slots = securitykey.Slots{Known: true, Used: l.Used, Free: l.Free}
	creds := map[string]int{}
	for _, p := range l.Passkeys {
		creds[p.Site]++
	}
	return Key{Info: ki, BrokerPasskeys: CountBroker(b, creds)}
}

// Confirm answers 「確かめる」 after the customer registered on the broker's
// page: is the broker's passkey on key k, and if not, where it likely
// went. helloCount is how many of the broker's passkeys Windows Hello
// holds (WebAuthNGetPlatformCredentialList), -1 when it cannot tell.
func Confirm(b profile.Broker, k Key, helloCount int) Finding {
	f := Finding{Place: PlaceKey, Key: k.Info.Path}
	name := profile.Text{JA: k.Info.Name(i18n.JA), EN: k.Info.Name(i18n.EN)}
	broker := brokerName(b)
	switch {
	case len(b.RPIDs) == 0:
		f.Status, f.Msg, f.Next = Unknown, cat.M("confirm_no_rpid", "Broker", broker), cat.M("next_uncounted")
	case k.BrokerPasskeys < 0:
		f.Status, f.Msg, f.Next = Unknown, cat.M("confirm_cannot_list", "Key", name), cat.M("next_uncounted")
	case k.BrokerPasskeys > 0:
		f.Status, f.Msg = Ready, cat.M("confirm_on_key", "Broker", broker, "Key", name)
	case helloCount > 0:
		f.Status, f.Msg, f.Next = Blocked, cat.M("confirm_in_hello", "Broker", broker, "Key", name), cat.M("next_choose_key")
	default:
		f.Status, f.Msg, f.Next = Blocked, cat.M("confirm_not_on_key", "Broker", broker, "Key", name), cat.M("next_choose_key")
	}
	return f
}

// HelloCount is how many of the broker's passkeys Windows Hello holds:
// the platform's count for each of the broker's RP IDs, -1 when the PC
// cannot tell (no API, or Windows before 11) or the broker has no RP ID.
func HelloCount(p PlatformCreds, b profile.Broker) int {
	if p == nil || len(b.RPIDs) == 0 {
		return -1
	}
	n := 0
	for _, id := range b.RPIDs {
		c, ok := p.PlatformPasskeys(id)
		if !ok {
			return -1
		}
		n += c
	}
	return n
}

// PlatformCreds counts the passkeys the PC itself (Windows Hello) holds
// for an RP ID; ok is false when it cannot tell.
type PlatformCreds interface {
	PlatformPasskeys(rpID string) (n int, ok bool)
}

// OS is the PC's own WebAuthn API: the Windows adapter in
// platform_windows.go, "cannot tell" elsewhere.
type OS interface {
	PlatformCreds
	Platform() Platform
}

// System is this PC's WebAuthn API.
func System() OS { return systemOS{} }
