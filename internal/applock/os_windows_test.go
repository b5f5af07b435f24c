package applock

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/windows"

	"github.com/omamori-app/omamori/internal/i18n"
)

// underWine: wine's ntdll has wine_get_version, Windows' has not.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// The real WinRT path: the UserConsentVerifier's factory through
// combase, CheckAvailabilityAsync awaited through IAsyncInfo. Under wine
// (no Windows Hello) it must answer "not available" with the key or the
// passphrase as the way, and the lock stays locked; on a PC where Hello
// is set up it is available (and not asked for: a test cannot touch it).
func TestHelloAvailability(t *testing.T) {
	avail, err := helloAvailability()
	t.Logf("UserConsentVerifier: availability %d, error %v", avail, err)
	if err == nil && avail == helloAvailable {
		if underWine() {
			t.Fatal("wine says Windows Hello is available")
		}
		if err := (OSCheck{}).Available(); err != nil {
			t.Fatalf("available, yet: %v", err)
		}
		t.Skip("Windows Hello is set up on this PC: not asked for in a test")
	}
	l := New(Config{Enabled: true}, nil, nil)
	err = l.Unlock(context.Background(), OSCheck{}, "")
	var ie *i18n.Error
	if !errors.Is(err, ErrNotAvailable) || !errors.As(err, &ie) || !l.Locked() {
		t.Fatalf("%v, locked %v", err, l.Locked())
	}
	if !strings.Contains(ie.Msg.In(i18n.EN), "Windows Hello") || !strings.Contains(ie.Hint.In(i18n.JA), "セキュリティキー") {
		t.Fatalf("%q / %q", ie.Msg.In(i18n.EN), ie.Hint.In(i18n.JA))
	}
	t.Logf("the lock screen says: %s / %s", ie.Msg.In(i18n.JA), ie.Hint.In(i18n.JA))
}

// Each availability Windows can answer has its own words, all with the
// key or passphrase as the way instead.
func TestHelloAvailabilityWords(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range []struct {
		avail uint32
		err   error
	}{{1, nil}, {helloNotConfigured, nil}, {helloDisabled, nil}, {helloBusy, nil}, {0, errors.New("RoGetActivationFactory: HRESULT 0x80040154")}} {
		err := availabilityErr(c.avail, c.err)
		if !errors.Is(err, ErrNotAvailable) {
			t.Fatalf("%d %v: %v", c.avail, c.err, err)
		}
		seen[i18n.MessageKey(err)] = true
	}
	if len(seen) != 4 || availabilityErr(helloAvailable, nil) != nil {
		t.Fatalf("messages %v", seen)
	}
}
