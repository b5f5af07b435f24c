package passkeyview

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/omtheme/themetest"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/passkeyready"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// keys is a security-key service with fixed keys; Passkeys answers for
// the PIN "1234" only.
type keys struct {
	list     []securitykey.KeyInfo
	passkeys []securitykey.Passkey
	pins     []string
}

func (k *keys) List() ([]securitykey.KeyInfo, error) { return k.list, nil }

func (k *keys) Passkeys(_ context.Context, _, pin string) (securitykey.PasskeyList, error) {
	k.pins = append(k.pins, pin)
	if pin != "1234" {
		return securitykey.PasskeyList{}, errors.New("wrong PIN")
	}
	return securitykey.PasskeyList{Passkeys: k.passkeys, Used: len(k.passkeys), Free: 25 - len(k.passkeys)}, nil
}

// pc is the PC's WebAuthn API as a test sets it.
type pc struct {
	p     passkeyready.Platform
	hello map[string]int // nil: cannot tell
}

func (p pc) Platform() passkeyready.Platform { return p.p }
func (p pc) PlatformPasskeys(id string) (int, bool) {
	if p.hello == nil {
		return 0, false
	}
	return p.hello[id], true
}

func yubiKey(pin securitykey.PINState) securitykey.KeyInfo {
	return securitykey.KeyInfo{Path: "/dev/hidraw3", Maker: "Yubico", Model: "YubiKey 5 Series with NFC",
		Versions: []string{"FIDO_2_0", "FIDO_2_1"}, FIDO2: true, Transport: securitykey.TransportUSB,
		PIN: pin, PINRetries: 8, CredMgmt: true, Loaded: true}
}

// ymsec is seed 000's broker with an RP ID, as a policy would add it.
func ymsec(t *testing.T) Broker {
	b, ok := profile.Builtin().Broker("ymsec")
	if !ok {
		t.Fatal("no ymsec")
	}
	b.RPIDs = []string{"ymsec.co.jp"}
	return Broker{Profile: "ymsec", Broker: b}
}

type harness struct {
	t      *testing.T
	lang   i18n.Lang
	win    fyne.Window
	v      *View
	keys   *keys
	opened []string
	wait   func()
}

func newHarness(t *testing.T, l i18n.Lang, k *keys, os pc, brokers ...Broker) *harness {
	t.Helper()
	h := newHarnessOver(t, l, k, os, brokers...)
	h.keys = k
	return h
}

// newHarnessOver is the window over any key service (the real one in
// e2e_linux_test.go).
func newHarnessOver(t *testing.T, l i18n.Lang, k passkeyready.KeySource, os pc, brokers ...Broker) *harness {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(themetest.New())
	h := &harness{t: t, lang: l, win: test.NewWindow(nil)}
	t.Cleanup(h.win.Close)
	done := make(chan struct{}, 8)
	h.v = New(Options{Keys: k, OS: os, Brokers: brokers, Lang: func() i18n.Lang { return h.lang },
		OpenURL: func(u string) error { h.opened = append(h.opened, u); return nil },
		Post:    func(f func()) { f(); done <- struct{}{} }})
	h.wait = func() { <-done }
	h.wait()
	h.win.SetContent(h.v.Content())
	h.win.Resize(fyne.NewSize(560, 760))
	return h
}

func (h *harness) text() string { return strings.Join(uitest.Texts(h.win.Content()), "\n") }

func (h *harness) button(label string) *widget.Button {
	b, _ := uitest.Find(h.win.Content(), func(b *widget.Button) bool { return b.Text == label })
	return b
}

// tap taps a button that reads the keys and waits for the answer.
func (h *harness) tap(label string) {
	h.t.Helper()
	b := h.button(label)
	if b == nil {
		h.t.Fatalf("no button %q in:\n%s", label, h.text())
	}
	test.Tap(b)
	h.wait()
}

func (h *harness) wants(want ...string) {
	h.t.Helper()
	got := h.text()
	for _, w := range want {
		if !strings.Contains(got, w) {
			h.t.Errorf("screen lacks %q:\n%s", w, got)
		}
	}
}

// A key without a PIN: blocked with the next step; no webauthn.dll:
// cannot tell, with the next step; the broker's page opens.
func TestReadinessAndOpenPage(t *testing.T) {
	h := newHarness(t, i18n.JA, &keys{list: []securitykey.KeyInfo{yubiKey(securitykey.PINNotSet)}}, pc{}, ymsec(t))
	h.wants("ワイエム証券のパスキーをこのパソコンで登録する",
		"Windows Hello — 確かめられません", "webauthn.dll",
		"セキュリティキー（/dev/hidraw3） — 先に対応が必要です", "まだPINがありません", "次にすること：先にセキュリティキーの画面で「PINを設定」")
	test.Tap(h.button("パスキー登録画面を開く"))
	if len(h.opened) != 1 || h.opened[0] != "https://www.ymsec.co.jp/ymdirect/passkey/" {
		t.Errorf("opened %v", h.opened)
	}
	// Windows Hello without a PIN: the seed-000 symptom and the steps.
	h = newHarness(t, i18n.JA, &keys{}, pc{p: passkeyready.Platform{Known: true, APIVersion: 4}}, ymsec(t))
	h.wants("Windows Hello — 先に対応が必要です", "「USBポートに挿入します」", "PIN (Windows Hello)", "つながっていません")
}

// A broker without a passkey page has no button to open one.
func TestNoPageNoButton(t *testing.T) {
	b, _ := profile.Builtin().Broker("smart-otp")
	h := newHarness(t, i18n.EN, &keys{}, pc{}, Broker{Profile: "smart-otp", Broker: b})
	if h.button("Open the passkey registration page") != nil {
		t.Error("a button to open a page the profile does not have")
	}
}

// 「確かめる」: asks for the PIN; on the key; in Windows Hello instead;
// not there with the likely reason.
func TestConfirm(t *testing.T) {
	k := &keys{list: []securitykey.KeyInfo{yubiKey(securitykey.PINSet)}}
	h := newHarness(t, i18n.JA, k, pc{}, ymsec(t))
	test.Tap(h.button("確かめる"))
	h.wants("先にセキュリティキーのPINを入れてください")
	if len(k.pins) != 0 {
		t.Fatalf("the key was asked without a PIN: %v", k.pins)
	}

	h.v.pin.SetText("1234")
	h.tap("確かめる")
	h.wants("ワイエム証券のパスキーはYubiKey 5 Series with NFCに入っていません", "保存先で複数の選択肢", "「セキュリティ キー」を選んで")
	if h.v.pin.Text != "" {
		t.Error("the PIN stays in the field")
	}

	k.passkeys = []securitykey.Passkey{{Site: "ymsec.co.jp", UserName: "u"}}
	h.v.pin.SetText("1234")
	h.tap("確かめる")
	h.wants("ワイエム証券のパスキーがこのキー（YubiKey 5 Series with NFC）に入っています", "ワイエム証券のパスキーが1個入っています（ワイエム証券では1つの口座に5個まで")

	k.passkeys = nil
	h = newHarness(t, i18n.EN, k, pc{p: passkeyready.Platform{Known: true, APIVersion: 4, HelloAvailable: true}, hello: map[string]int{"ymsec.co.jp": 1}}, ymsec(t))
	h.v.pin.SetText("1234")
	h.tap("Check")
	h.wants("saved in Windows Hello on this PC instead")
}

// Golden images, both languages: a key without a PIN before
// registering; after registering, the passkey not on the key.
func TestGolden(t *testing.T) {
	for _, l := range i18n.Langs {
		h := newHarness(t, l, &keys{list: []securitykey.KeyInfo{yubiKey(securitykey.PINNotSet)}}, pc{}, ymsec(t))
		golden(t, h, "before")
		h = newHarness(t, l, &keys{list: []securitykey.KeyInfo{yubiKey(securitykey.PINSet)}}, pc{}, ymsec(t))
		h.v.pin.SetText("1234")
		h.tap(msg("confirm").In(l))
		golden(t, h, "not_on_key")
		// From a Smart OTP account's menu: its broker first (no passkey
		// page: no button to open one), seed 000's to choose.
		otp, _ := profile.Builtin().Broker(profile.Default)
		h = newHarness(t, l, &keys{}, pc{}, Broker{Profile: profile.Default, Broker: otp}, ymsec(t))
		golden(t, h, "smart_otp")
	}
}

func golden(t *testing.T, h *harness, name string) {
	t.Helper()
	c := h.win.Canvas()
	c.Content().Refresh()
	uitest.GoldenCanvas(t, filepath.Join(string(h.lang), name+".png"), c)
}

// With no key plugged in, the line saying so is the security keys' line,
// not a second Windows Hello line.
func TestNoKeyLineIsNotWindowsHello(t *testing.T) {
	h := newHarness(t, i18n.JA, &keys{}, pc{}, ymsec(t))
	got := h.text()
	if n := strings.Count(got, "Windows Hello — "); n != 1 || !strings.Contains(got, "セキュリティキー — 確かめられません\nセキュリティキーがつながっていません") {
		t.Errorf("%d Windows Hello lines; the no-key line:\n%s", n, got)
	}
}
