package securitykey

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Keys that behave differently from the virtual key's default: no
// credential management, a cancel that is ignored, retries that run out
// without PIN_BLOCKED, PIN_AUTH_INVALID, every credential resident. The
// same behaviours through the real libfido2 are in libfido2/e2e_test.go.

func TestKeyWithoutCredMgmtSaysSoWithoutPIN(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin, dev.noCredMgmt = "1234", true
	s := New(newFakeDriver(dev))
	ctx := context.Background()
	k, err := s.Info(ctx, dev.path)
	if err != nil {
		t.Fatal(err)
	}
	if l := k.SlotsLabel(); l.Key != "slots_cannot_list" || l.In(i18n.EN) != "this key cannot list its passkeys" ||
		!strings.Contains(l.In(i18n.JA), "一覧を表示できません") {
		t.Fatalf("slots label %s: %q / %q", l.Key, l.In(i18n.EN), l.In(i18n.JA))
	}
	if err := s.CanListPasskeys(ctx, dev.path); i18n.MessageKey(err) != "no_cred_mgmt" || !errors.Is(err, ErrNoCredMgmt) {
		t.Fatalf("CanListPasskeys: %v", err)
	}
	// A PIN given anyway is not sent: no attempt is spent on it.
	if _, err := s.Passkeys(ctx, dev.path, "9999"); i18n.MessageKey(err) != "no_cred_mgmt" {
		t.Fatalf("Passkeys: %v", err)
	}
	if dev.retries != 8 || dev.calls.Load() != 0 {
		t.Fatalf("the key was asked for its PIN: retries %d, calls %d", dev.retries, dev.calls.Load())
	}
	dev.noCredMgmt = false
	if err := s.CanListPasskeys(ctx, dev.path); err != nil {
		t.Fatalf("a key with credential management: %v", err)
	}
}

// Only a key that answered KEEPALIVE_CANCEL confirmed that nothing
// changed; after any other answer the user hears that it may have.
func TestCancelNotConfirmedByKey(t *testing.T) {
	for _, c := range []struct {
		name   string
		answer error
		want   string
	}{
		{"key confirms", nil, "cancelled"},
		{"key times out", ErrTimeout, "cancel_unconfirmed"},
		{"key says something else", errors.New("CTAP2 0x7f"), "cancel_unconfirmed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dev := newFakeDevice("/dev/hidraw0")
			dev.block, dev.cancelAnswer = make(chan struct{}), c.answer
			s := New(newFakeDriver(dev))
			ctx, cancel := context.WithCancel(context.Background())
			s.OnTouch(func(Touch) func() { go cancel(); return nil })
			err := s.Reset(ctx, dev.path)
			if got := i18n.MessageKey(err); got != c.want {
				t.Fatalf("message %q, want %q (%v)", got, c.want, err)
			}
			if c.want == "cancel_unconfirmed" {
				if errors.Is(err, ErrCancelled) || !errors.Is(err, ErrCancelUnconfirmed) {
					t.Fatalf("classified as a confirmed cancel: %v", err)
				}
				for _, l := range i18n.Langs {
					if txt := i18n.Localize(err, l); strings.Contains(txt, kcatText("cancelled", l)) {
						t.Fatalf("%s still claims nothing changed: %s", l, txt)
					}
				}
			}
		})
	}
}

func kcatText(key string, l i18n.Lang) string { return cat.M(key).In(l) }

// A key that ignores the cancel and completes: the result stands.
func TestCancelIgnoredAndCompleted(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin = "1234"
	dev.block, dev.ignoreCancel = make(chan struct{}), true
	s := New(newFakeDriver(dev))
	ctx, cancel := context.WithCancel(context.Background())
	s.OnTouch(func(Touch) func() { go cancel(); return nil })
	if err := s.Reset(ctx, dev.path); err != nil {
		t.Fatalf("the key was reset, yet: %v", err)
	}
	if dev.pin != "" {
		t.Fatal("fake did not reset")
	}
}

func TestRetriesAtZeroIsLockedWhateverTheKeySays(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin, dev.retries = "1234", 0
	dev.errPIN = errors.New("CTAP2 error 0x7f") // not PIN_BLOCKED
	s := New(newFakeDriver(dev))
	err := s.ChangePIN(context.Background(), dev.path, "1234", "5678", "5678")
	if i18n.MessageKey(err) != "pin_blocked" {
		t.Fatalf("err = %v", err)
	}
	if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, "reset") {
		t.Fatalf("no reset guidance: %s", en)
	}
	if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, "初期化") {
		t.Fatalf("no 初期化 guidance: %s", ja)
	}
	// With retries left, the same answer is an error of the key's own.
	dev.retries = 5
	if err := s.ChangePIN(context.Background(), dev.path, "1234", "5678", "5678"); i18n.MessageKey(err) != "key_error" {
		t.Fatalf("retries left: %v", err)
	}
}

func TestOneAttemptLeftIsSingular(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin, dev.retries = "1234", 2
	s := New(newFakeDriver(dev))
	err := s.ChangePIN(context.Background(), dev.path, "9999", "5678", "5678")
	if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, "1 attempt is left.") {
		t.Fatalf("%s", en)
	}
	if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, "あと1回") {
		t.Fatalf("%s", ja)
	}
	if st := (KeyInfo{Loaded: true, FIDO2: true, PIN: PINSet, PINRetries: 1}).Status().In(i18n.EN); !strings.Contains(st, "only 1 PIN attempt is left") {
		t.Fatal(st)
	}
	if st := (KeyInfo{Loaded: true, FIDO2: true, PIN: PINSet, PINRetries: 3}).Status().In(i18n.EN); !strings.Contains(st, "only 3 PIN attempts are left") {
		t.Fatal(st)
	}
}

func TestPINAuthInvalidHasItsOwnMessage(t *testing.T) {
	for _, op := range []string{"set", "change"} {
		dev := newFakeDevice("/dev/hidraw0")
		dev.errPIN = ErrPINAuthInvalid
		s := New(newFakeDriver(dev))
		var err error
		if op == "set" {
			err = s.SetPIN(context.Background(), dev.path, "1234", "1234")
		} else {
			dev.pin = "1234"
			err = s.ChangePIN(context.Background(), dev.path, "1234", "5678", "5678")
		}
		if i18n.MessageKey(err) != "pin_auth_invalid" {
			t.Fatalf("%s: %v", op, err)
		}
		if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, "Try again") || !strings.Contains(en, "unplug the key") {
			t.Fatalf("%s: %s", op, en)
		}
	}
}

// On a key that keeps every credential, the self-test deletes its
// credential again, with the PIN; the passkey count is unchanged.
func TestSelfTestLeavesNothingOnAllResidentKey(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin, dev.allResident = "1234", true
	dev.creds = []fakeCred{{"broker.example.jp", Credential{ID: []byte{1}, UserName: "taro"}}}
	s := New(newFakeDriver(dev))
	if _, err := s.Test(context.Background(), dev.path, "1234"); err != nil {
		t.Fatal(err)
	}
	if len(dev.creds) != 1 || dev.creds[0].UserName != "taro" || dev.free != 25 {
		t.Fatalf("after the self-test the key holds %+v (free %d)", dev.creds, dev.free)
	}
}

// The self-test asks for a non-resident credential and always uses the
// same user, so a key that keeps it anyway (and cannot delete it) holds
// one at most.
func TestSelfTestAsksNonResidentWithOneUser(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	s := New(newFakeDriver(dev))
	var users []string
	for range 2 {
		if _, err := s.Test(context.Background(), dev.path, ""); err != nil {
			t.Fatal(err)
		}
		if dev.lastReq.Resident {
			t.Fatal("asked for a resident credential")
		}
		users = append(users, string(dev.lastReq.UserID))
	}
	if users[0] == "" || users[0] != users[1] {
		t.Fatalf("user handles %q", users)
	}
}
