package applock

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

func virtualKey(t *testing.T, q virtualkey.Quirks) (*securitykey.Service, *practice.Driver) {
	t.Helper()
	d, err := practice.New(practice.Options{AutoTouch: time.Millisecond, Quirks: q})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Key().SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	return securitykey.New(d), d
}

// The key verifier through the real security-key service and the virtual
// key (CTAP2 with hmac-secret): its PIN and touch unlock; a wrong PIN,
// the key unplugged, another key, and a key without hmac-secret do not.
func TestKeyVerifierVirtualKey(t *testing.T) {
	ctx := context.Background()
	svc, dev := virtualKey(t, virtualkey.Quirks{})
	k := Key{Dir: t.TempDir(), Keys: svc}
	if err := k.Set(ctx, "1234"); err != nil {
		t.Fatal(err)
	}
	l := New(Config{Enabled: true}, nil, nil)
	err := l.Unlock(ctx, k, "9999")
	if i18n.MessageKey(err) != "pin_wrong" || !l.Locked() {
		t.Fatalf("wrong PIN: %v (%s), locked %v", err, i18n.MessageKey(err), l.Locked())
	}
	dev.Unplug()
	if err := l.Unlock(ctx, k, "1234"); !errors.Is(err, ErrNoKey) || !l.Locked() {
		t.Fatalf("key unplugged: %v", err)
	}
	if err := dev.Plug(); err != nil {
		t.Fatal(err)
	}
	other, _ := virtualKey(t, virtualkey.Quirks{})
	if err := l.Unlock(ctx, Key{Dir: k.Dir, Keys: other}, "1234"); err == nil || !l.Locked() {
		t.Fatal("another key unlocked")
	}
	if err := l.Unlock(ctx, k, "1234"); err != nil || l.Locked() {
		t.Fatalf("right key and PIN: %v", err)
	}
	noHMAC, _ := virtualKey(t, virtualkey.Quirks{NoHMACSecret: true})
	if err := (Key{Dir: t.TempDir(), Keys: noHMAC}).Set(ctx, "1234"); !errors.Is(err, securitykey.ErrNoHMACSecret) {
		t.Fatalf("key without hmac-secret set for the lock: %v", err)
	}
}
