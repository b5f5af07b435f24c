package securitykey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

func TestCheckNewPIN(t *testing.T) {
	long63 := strings.Repeat("a", 63)
	cases := []struct {
		name, pin, confirm string
		want               string // normalised PIN, "" = refused
		key                string // catalog key of the refusal
	}{
		{"ascii", "1234", "1234", "1234", ""},
		{"trailing newline from a pipe", "1234\n", "1234\r\n", "1234", ""},
		{"three digits", "123", "123", "", "pin_too_short"},
		{"empty", "", "", "", "pin_empty"},
		{"three kana are 9 bytes but 3 characters", "あいう", "あいう", "", "pin_too_short"},
		{"four kana", "あいうえ", "あいうえ", "あいうえ", ""},
		{"full-width digits stay as typed (NFC, not NFKC)", "１２３４", "１２３４", "１２３４", ""},
		{"decomposed が counts once and is composed", "か\u3099きくけ", "がきくけ", "がきくけ", ""},
		{"decomposed too short", "か\u3099き\u3099く", "か\u3099き\u3099く", "", "pin_too_short"},
		{"63 bytes", long63, long63, long63, ""},
		{"64 bytes", long63 + "b", long63 + "b", "", "pin_too_long"},
		{"21 kanji are 63 bytes", strings.Repeat("鍵", 21), strings.Repeat("鍵", 21), strings.Repeat("鍵", 21), ""},
		{"22 kanji are 66 bytes", strings.Repeat("鍵", 22), strings.Repeat("鍵", 22), "", "pin_too_long"},
		{"mismatch", "12345", "12354", "", "pin_mismatch"},
		{"tab", "12\t34", "12\t34", "", "pin_bad_chars"},
		{"invalid utf-8", "12\xff34", "12\xff34", "", "pin_bad_chars"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CheckNewPIN(c.pin, c.confirm)
			if c.want != "" {
				if err != nil || got != c.want {
					t.Fatalf("CheckNewPIN = %q, %v; want %q", got, err, c.want)
				}
				return
			}
			if key := i18n.MessageKey(err); key != c.key {
				t.Fatalf("refusal %q, want %q (err %v)", key, c.key, err)
			}
		})
	}
}

func TestCheckNewPINChangeRefusesSamePIN(t *testing.T) {
	_, _, err := CheckNewPINChange("がきくけ", "か\u3099きくけ", "がきくけ")
	if i18n.MessageKey(err) != "pin_same" {
		t.Fatalf("err = %v, want pin_same", err)
	}
	o, n, err := CheckNewPINChange("1234", "5678", "5678")
	if err != nil || o != "1234" || n != "5678" {
		t.Fatalf("= %q %q %v", o, n, err)
	}
}

func TestCheckCurrentPIN(t *testing.T) {
	if _, err := CheckCurrentPIN("123"); i18n.MessageKey(err) != "pin_cannot_be" {
		t.Fatalf("3 bytes: %v", err)
	}
	// Two kanji are 6 bytes: a CTAP 2.0 key may hold that PIN, so it
	// must reach the key rather than be refused here.
	if p, err := CheckCurrentPIN("鍵鍵"); err != nil || p != "鍵鍵" {
		t.Fatalf("two kanji: %q %v", p, err)
	}
}

// Bad input must be refused before the key is even opened: no retry is
// spent on a PIN the key would refuse.
func TestBadPINNeverReachesKey(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin = "1234"
	drv := newFakeDriver(dev)
	s := New(drv)
	ctx := context.Background()
	checks := []error{
		s.SetPIN(ctx, dev.path, "12", "12"),
		s.SetPIN(ctx, dev.path, "123456", "654321"),
		s.ChangePIN(ctx, dev.path, "1234", "1234", "1234"),
		s.ChangePIN(ctx, dev.path, "12", "5678", "5678"),
		s.ChangePIN(ctx, dev.path, "1234", strings.Repeat("x", 64), strings.Repeat("x", 64)),
		s.DeletePasskey(ctx, dev.path, "", []byte("x")),
	}
	for i, err := range checks {
		var ue *i18n.Error
		if !errors.As(err, &ue) {
			t.Errorf("check %d: err = %v, want *i18n.Error", i, err)
		}
	}
	if _, err := s.Passkeys(ctx, dev.path, "1\t23"); err == nil {
		t.Error("Passkeys with a tab in the PIN succeeded")
	}
	if n := drv.opens.Load(); n != 0 {
		t.Fatalf("key opened %d times for refused input", n)
	}
	if dev.retries != 8 {
		t.Fatalf("retries = %d, want 8 untouched", dev.retries)
	}
}

func TestSetPIN(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	s := New(newFakeDriver(dev))
	ctx := context.Background()
	if err := s.SetPIN(ctx, dev.path, "か\u3099きくけ", "がきくけ"); err != nil {
		t.Fatal(err)
	}
	if dev.pin != "がきくけ" {
		t.Fatalf("key got %q, want the NFC form", dev.pin)
	}
	err := s.SetPIN(ctx, dev.path, "5678", "5678")
	if i18n.MessageKey(err) != "pin_already_set" || !errors.Is(err, ErrPINAlreadySet) {
		t.Fatalf("second SetPIN: %v", err)
	}
	dev.noPIN = true
	if err := s.SetPIN(ctx, dev.path, "5678", "5678"); i18n.MessageKey(err) != "pin_unsupported" {
		t.Fatalf("no clientPin: %v", err)
	}
}

func TestWrongPINSaysRetriesLeft(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin = "1234"
	s := New(newFakeDriver(dev))
	err := s.ChangePIN(context.Background(), dev.path, "9999", "5678", "5678")
	if i18n.MessageKey(err) != "pin_wrong" {
		t.Fatalf("err = %v", err)
	}
	if !errors.Is(err, ErrPINInvalid) {
		t.Fatalf("cause lost: %v", err)
	}
	en, ja := i18n.Localize(err, i18n.EN), i18n.Localize(err, i18n.JA)
	if !strings.Contains(en, "7 attempts are left") || !strings.Contains(ja, "あと7回") {
		t.Fatalf("messages do not say 7 left:\n%s\n%s", en, ja)
	}
	if !strings.Contains(en, "erases all its passkeys") {
		t.Fatalf("hint does not warn what a lock costs: %s", en)
	}
}

func TestErrorTranslation(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*fakeDevice)
		run   func(*Service, string) error
		key   string
	}{
		{"last retry used", func(d *fakeDevice) { d.pin, d.retries = "1234", 1 },
			func(s *Service, p string) error { return s.ChangePIN(context.Background(), p, "9999", "5678", "5678") }, "pin_blocked"},
		{"blocked", func(d *fakeDevice) { d.pin, d.errPIN = "1234", ErrPINBlocked },
			func(s *Service, p string) error { return s.ChangePIN(context.Background(), p, "1234", "5678", "5678") }, "pin_blocked"},
		{"three in a row", func(d *fakeDevice) { d.pin, d.errPIN = "1234", ErrPINAuthBlocked },
			func(s *Service, p string) error { return s.ChangePIN(context.Background(), p, "1234", "5678", "5678") }, "pin_temp_blocked"},
		{"no PIN for passkeys", func(d *fakeDevice) { d.errPIN = ErrPINNotSet },
			func(s *Service, p string) error { _, err := s.Passkeys(context.Background(), p, "1234"); return err }, "pin_not_set"},
		{"key full", func(d *fakeDevice) { d.errMake = ErrKeyFull },
			func(s *Service, p string) error { _, err := s.Test(context.Background(), p, ""); return err }, "key_full"},
		{"no touch", func(d *fakeDevice) { d.errMake = ErrTimeout },
			func(s *Service, p string) error { _, err := s.Test(context.Background(), p, ""); return err }, "timeout"},
		{"reset refused", func(d *fakeDevice) { d.errReset = ErrNotAllowed },
			func(s *Service, p string) error { return s.Reset(context.Background(), p) }, "reset_not_allowed"},
		{"not allowed elsewhere", func(d *fakeDevice) { d.errAssert = ErrNotAllowed },
			func(s *Service, p string) error { _, err := s.Test(context.Background(), p, ""); return err }, "not_allowed"},
		{"passkey already gone", func(d *fakeDevice) { d.pin = "1234" },
			func(s *Service, p string) error {
				return s.DeletePasskey(context.Background(), p, "1234", []byte("nope"))
			}, "passkey_gone"},
		{"signature does not verify", func(d *fakeDevice) { d.badSig = true },
			func(s *Service, p string) error { _, err := s.Test(context.Background(), p, ""); return err }, "selftest_bad"},
		{"signed without touch", func(d *fakeDevice) { d.noUP = true },
			func(s *Service, p string) error { _, err := s.Test(context.Background(), p, ""); return err }, "selftest_bad"},
		{"communication fails but key still there", func(d *fakeDevice) { d.errReset = ErrCommunication },
			func(s *Service, p string) error { return s.Reset(context.Background(), p) }, "comm"},
		{"unknown path", func(d *fakeDevice) {},
			func(s *Service, p string) error { return s.Reset(context.Background(), "/dev/hidraw9") }, "removed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dev := newFakeDevice("/dev/hidraw0")
			c.setup(dev)
			s := New(newFakeDriver(dev))
			err := c.run(s, dev.path)
			if got := i18n.MessageKey(err); got != c.key {
				t.Fatalf("message %q, want %q (err %v)", got, c.key, err)
			}
			for _, l := range i18n.Langs {
				if txt := i18n.Localize(err, l); strings.Contains(txt, "{{") || txt == "" {
					t.Fatalf("%s text broken: %q", l, txt)
				}
			}
		})
	}
}

// A key pulled out mid-operation fails with a communication error; the
// service notices the key is gone and says so.
func TestKeyRemovedMidOperation(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	drv := newFakeDriver(dev)
	dev.errMake = ErrCommunication
	s := New(drv)
	s.OnTouch(func(Touch) func() { drv.unplug(dev.path); return nil })
	_, err := s.Test(context.Background(), dev.path, "")
	if i18n.MessageKey(err) != "removed" || !errors.Is(err, ErrRemoved) {
		t.Fatalf("err = %v", err)
	}
}

func TestCancelStopsTouchWait(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.block = make(chan struct{})
	s := New(newFakeDriver(dev))
	ctx, cancel := context.WithCancel(context.Background())
	prompted := make(chan Touch, 4)
	s.OnTouch(func(tc Touch) func() {
		prompted <- tc
		go cancel() // the user presses Cancel on the prompt
		return nil
	})
	_, err := s.Test(ctx, dev.path, "")
	if i18n.MessageKey(err) != "cancelled" || !errors.Is(err, ErrCancelled) {
		t.Fatalf("err = %v", err)
	}
	if dev.cancelled.Load() == 0 {
		t.Fatal("Device.Cancel was never called")
	}
	if tc := <-prompted; tc.Step != TouchRegister || tc.N != 1 || tc.Of != 2 {
		t.Fatalf("first prompt %+v", tc)
	}
}

func TestDeadlineIsTimeout(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.block = make(chan struct{})
	s := New(newFakeDriver(dev))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Reset(ctx, dev.path); i18n.MessageKey(err) != "timeout" {
		t.Fatalf("err = %v", err)
	}
}

func TestSelfTestPromptsAndVerifies(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin = "1234"
	s := New(newFakeDriver(dev))
	var steps []string
	s.OnTouch(func(tc Touch) func() {
		steps = append(steps, "prompt "+string(tc.Step))
		return func() { steps = append(steps, "done "+string(tc.Step)) }
	})
	res, err := s.Test(context.Background(), dev.path, "1234")
	if err != nil {
		t.Fatal(err)
	}
	if !res.SignatureValid || !res.UserPresent || !res.UserVerified || res.SignCount != 7 {
		t.Fatalf("result %+v", res)
	}
	want := "prompt register,done register,prompt sign,done sign"
	if got := strings.Join(steps, ","); got != want {
		t.Fatalf("prompts %s, want %s", got, want)
	}
	if res.Summary().Key != "selftest_ok" {
		t.Fatal(res.Summary().Key)
	}
}

func TestPasskeysAndDelete(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.pin = "1234"
	dev.free = 22
	dev.creds = []fakeCred{
		{"z.example", Credential{ID: []byte{1}, UserName: "taro"}},
		{"a.example", Credential{ID: []byte{2}, UserName: "hanako"}},
		{"a.example", Credential{ID: []byte{3}, UserName: "aki"}},
	}
	s := New(newFakeDriver(dev))
	ctx := context.Background()
	l, err := s.Passkeys(ctx, dev.path, "1234")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range l.Passkeys {
		got = append(got, p.Site+"/"+p.UserName)
	}
	if strings.Join(got, " ") != "a.example/aki a.example/hanako z.example/taro" {
		t.Fatalf("passkeys %v", got)
	}
	if s := l.Summary(); s.In(i18n.EN) != "3 of 25 used" || s.In(i18n.JA) != "25件中3件使用" {
		t.Fatalf("summary %q / %q", s.In(i18n.EN), s.In(i18n.JA))
	}
	ks, _ := s.List()
	if !ks[0].Slots.Known || ks[0].Slots.Used != 3 || ks[0].Slots.Free != 22 {
		t.Fatalf("slots not remembered: %+v", ks[0].Slots)
	}
	if err := s.DeletePasskey(ctx, dev.path, "1234", []byte{2}); err != nil {
		t.Fatal(err)
	}
	if l, _ = s.Passkeys(ctx, dev.path, "1234"); l.Used != 2 || l.Free != 23 {
		t.Fatalf("after delete %+v", l)
	}
}

func TestListReadsEachKeyOnceAndHidesWindowsHello(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	drv := newFakeDriver(dev)
	drv.locs = append(drv.locs, Location{Path: "windows://hello"})
	s := New(drv)
	for range 5 {
		ks, err := s.List()
		if err != nil {
			t.Fatal(err)
		}
		if len(ks) != 1 || ks[0].Path != dev.path {
			t.Fatalf("list %+v", ks)
		}
		k := ks[0]
		if k.Model != "YubiKey 5 Series" || k.Maker != "Yubico" || k.PIN != PINNotSet || k.Transport != TransportUSB || !k.FIDO2 {
			t.Fatalf("info %+v", k)
		}
	}
	if n := dev.infos.Load(); n != 1 {
		t.Fatalf("getInfo sent %d times while polling, want 1", n)
	}
	// An operation changes the key: the next poll reads it again.
	if err := s.SetPIN(context.Background(), dev.path, "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	ks, _ := s.List()
	if ks[0].PIN != PINSet || ks[0].PINRetries != 8 {
		t.Fatalf("after SetPIN %+v", ks[0])
	}
}

func TestUnknownKeyName(t *testing.T) {
	k := KeyInfo{}
	if k.Name(i18n.JA) != "不明なキー" || k.Name(i18n.EN) != "Unknown key" {
		t.Fatal(k.Name(i18n.JA), k.Name(i18n.EN))
	}
	k.Product = "Some Key"
	if k.Name(i18n.EN) != "Some Key" {
		t.Fatal(k.Name(i18n.EN))
	}
}

func TestWaitReplug(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	drv := newFakeDriver(dev)
	s := New(drv)
	s.pollEvery = time.Millisecond
	removed := make(chan struct{})
	go func() {
		time.Sleep(10 * time.Millisecond)
		drv.unplug(dev.path)
		<-removed
		again := newFakeDevice("/dev/hidraw3")
		drv.plug(again)
	}()
	drv.failOpens.Store(0)
	p, err := s.WaitReplug(context.Background(), dev.path, func() { drv.failOpens.Store(3); close(removed) })
	if err != nil || p != "/dev/hidraw3" {
		t.Fatalf("WaitReplug = %q, %v", p, err)
	}
	if n := drv.failOpens.Load(); n >= 0 {
		t.Fatalf("WaitReplug returned before the new key could be opened (%d failures to go)", n+1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.WaitReplug(ctx, p, nil); i18n.MessageKey(err) != "cancelled" {
		t.Fatalf("cancelled wait: %v", err)
	}
}

func TestPick(t *testing.T) {
	s := New(newFakeDriver())
	if _, err := s.Pick(""); i18n.MessageKey(err) != "no_key" {
		t.Fatal(err)
	}
	s = New(newFakeDriver(newFakeDevice("/dev/hidraw0"), newFakeDevice("/dev/hidraw1")))
	if _, err := s.Pick(""); i18n.MessageKey(err) != "several_keys" {
		t.Fatal(err)
	}
	if p, err := s.Pick("/dev/hidraw1"); err != nil || p != "/dev/hidraw1" {
		t.Fatal(p, err)
	}
}

func TestAAGUID(t *testing.T) {
	b := []byte{0x2f, 0xc0, 0x57, 0x9f, 0x81, 0x13, 0x47, 0xea, 0xb1, 0x16, 0xbb, 0x5a, 0x8d, 0xb9, 0x20, 0x2a}
	id := FormatAAGUID(b)
	if id != "2fc0579f-8113-47ea-b116-bb5a8db9202a" {
		t.Fatal(id)
	}
	if m, ok := LookupModel(strings.ToUpper(id)); !ok || m.Name != "YubiKey 5 Series with NFC" {
		t.Fatal(m, ok)
	}
	if FormatAAGUID(b[:15]) != "" {
		t.Fatal("short AAGUID formatted")
	}
	for id := range models {
		if len(id) != 36 || strings.ToLower(id) != id {
			t.Errorf("table key %q is not a lower-case UUID", id)
		}
	}
}

func TestTransportFromPath(t *testing.T) {
	for p, want := range map[string]Transport{
		"/dev/hidraw3":              TransportUSB,
		`\\?\hid#vid_1050&pid_0407`: TransportUSB,
		"nfc:/dev/nfc0":             TransportNFC,
		"pcsc://slot0":              TransportNFC,
		"windows://hello":           TransportHello,
	} {
		if got := TransportFromPath(p); got != want {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}
}

func TestCatalogsComplete(t *testing.T) {
	if m := cat.Missing(); len(m) > 0 {
		t.Fatal(m)
	}
	for _, k := range cat.Keys() {
		for _, l := range i18n.Langs {
			if strings.TrimSpace(cat.Raw(l)[k]) == "" {
				t.Errorf("%s:%s empty", l, k)
			}
		}
	}
}

// A key that stops waiting by itself (it reports a cancel the user did
// not ask for) and then leaves the list was pulled out.
func TestKeySideCancelThenGoneIsRemoval(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	drv := newFakeDriver(dev)
	dev.errMake = ErrCancelled
	s := New(drv)
	if _, err := s.Test(context.Background(), dev.path, ""); i18n.MessageKey(err) != "cancelled" {
		t.Fatalf("key still there: %v", err)
	}
	s.OnTouch(func(Touch) func() {
		go func() { time.Sleep(20 * time.Millisecond); drv.unplug(dev.path) }() // the OS notices a moment later
		return nil
	})
	if _, err := s.Test(context.Background(), dev.path, ""); i18n.MessageKey(err) != "removed" {
		t.Fatalf("key gone: %v", err)
	}
}

func TestKeyInfoLabels(t *testing.T) {
	k := KeyInfo{PIN: PINSet, Transport: TransportNFC, Slots: Slots{Known: true, Used: 3, Free: 22}}
	if k.PINLabel().In(i18n.JA) != "設定済み" || k.TransportLabel().In(i18n.EN) != "NFC" || k.SlotsLabel().In(i18n.EN) != "3 of 25 used" {
		t.Fatal(k.PINLabel().In(i18n.JA), k.TransportLabel().In(i18n.EN), k.SlotsLabel().In(i18n.EN))
	}
	k = KeyInfo{PIN: PINNotSet}
	if k.PINLabel().In(i18n.EN) != "Not set" || k.TransportLabel().In(i18n.JA) != "不明" || k.SlotsLabel().Key != "slots_unknown" {
		t.Fatal(k.PINLabel().In(i18n.EN), k.TransportLabel().In(i18n.JA), k.SlotsLabel().Key)
	}
	if !(KeyInfo{Loaded: true, FIDO2: true, PIN: PINNotSet}).NeedsAttention() ||
		(KeyInfo{Loaded: true, FIDO2: true, PIN: PINSet, PINRetries: 8}).NeedsAttention() ||
		!(KeyInfo{Loaded: true, FIDO2: true, PIN: PINSet, PINRetries: 2}).NeedsAttention() {
		t.Fatal("NeedsAttention wrong")
	}
	if (Passkey{CredentialID: []byte{0xfb, 0xff}}).ID() != "-_8" {
		t.Fatal((Passkey{CredentialID: []byte{0xfb, 0xff}}).ID())
	}
}

// Without administrator rights on Windows the driver offers only Windows
// Hello: the service keeps it and labels it.
func TestWindowsHelloAloneIsListed(t *testing.T) {
	hello := newFakeDevice("windows://hello")
	drv := newFakeDriver(hello)
	drv.locs[0].Transport = TransportFromPath(hello.path) // as the libfido2 driver does
	ks, err := New(drv).List()
	if err != nil || len(ks) != 1 || ks[0].Path != "windows://hello" || ks[0].Transport != TransportHello {
		t.Fatalf("list %+v %v", ks, err)
	}
}

type errDriver struct{ err error }

func (d errDriver) Devices() ([]Location, error) { return nil, d.err }
func (d errDriver) Open(string) (Device, error)  { return nil, d.err }

// No administrator rights and no webauthn.dll (wine, old Windows): a
// message in both languages that names the way out, and still an
// ErrAdminRequired so the screen offers the restart as administrator.
func TestNoWindowsHelloMessage(t *testing.T) {
	_, err := New(errDriver{ErrNoWindowsHello}).List()
	if !errors.Is(err, ErrAdminRequired) {
		t.Fatalf("not an admin-required error: %v", err)
	}
	en, ja := i18n.Localize(err, i18n.EN), i18n.Localize(err, i18n.JA)
	if !strings.Contains(en, "webauthn.dll") || !strings.Contains(en, "as administrator") {
		t.Errorf("en: %q", en)
	}
	if !strings.Contains(ja, "Windows Hello") || !strings.Contains(ja, "管理者として起動し直して") {
		t.Errorf("ja: %q", ja)
	}
}

// Ctrl-C while the key waits for a touch can break libfido2's wait
// (EINTR in ppoll, read as a communication failure) a moment before
// signal.NotifyContext cancels the context: that is a cancellation, not
// "could not talk to the key".
func TestInterruptJustBeforeCancelIsNotCommunication(t *testing.T) {
	dev := newFakeDevice("/dev/hidraw0")
	dev.errMake = fmt.Errorf("%w: FIDO_ERR_RX", ErrCommunication)
	s := New(newFakeDriver(dev))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.OnTouch(func(Touch) func() {
		time.AfterFunc(50*time.Millisecond, cancel) // the signal's goroutine, late under load
		return nil
	})
	_, err := s.Test(ctx, dev.path, "")
	if k := i18n.MessageKey(err); k == "comm" || !errors.Is(err, ErrCancelUnconfirmed) {
		t.Fatalf("%s: %v", k, err)
	}
	// A real communication failure, with nobody cancelling, stays one.
	_, err = s.Test(context.Background(), dev.path, "")
	if i18n.MessageKey(err) != "comm" {
		t.Fatalf("without a cancel: %v", err)
	}
}
