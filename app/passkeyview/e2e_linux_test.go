//go:build linux

package passkeyview

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	fido2 "github.com/keys-pub/go-libfido2"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/securitykey/nfctest"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// The window's flows — readiness, 「パスキー登録画面を開く」, 「確かめる」 —
// through the real security-key service and the real libfido2, against
// the software key behaving like the keys customers own, over USB (the
// hidraw shim) and over NFC (pcscd with a virtual reader, libfido2 built
// with PC/SC).
func TestMain(m *testing.M) { os.Exit(fidotest.RunPackageUnderShim(m)) }

// keyKind is one kind of key the flows run against.
type keyKind struct {
	name string
	opts virtualkey.Options
	full bool // one passkey slot, taken by another site before registering
}

// listable: the key can list its passkeys (credential management).
func (k keyKind) listable() bool { return !k.opts.Quirks.NoCredMgmt }

// keyKinds: the default key, a full one, one without credential
// management and the FIDO_2_0-only one (fidotest's "ctap20", every quirk);
// OMAMORI_RIG_VARIANTS narrows them as it does fidotest.Variants.
func keyKinds() []keyKind {
	var out []keyKind
	for _, v := range fidotest.Variants() {
		switch v.Name {
		case "default":
			out = append(out, keyKind{name: v.Name, opts: virtualkey.Options{Quirks: v.Quirks}},
				keyKind{name: "full", opts: virtualkey.Options{Quirks: v.Quirks, MaxResident: 1}, full: true})
		case "nocredmgmt", "ctap20":
			out = append(out, keyKind{name: v.Name, opts: virtualkey.Options{Quirks: v.Quirks}})
		}
	}
	return out
}

func TestFlowsOverUSB(t *testing.T) {
	for _, kind := range keyKinds() {
		t.Run(kind.name, func(t *testing.T) {
			r := fidotest.Start(t, fidotest.Options{Key: kind.opts})
			if !r.UnderShim() {
				t.Skip("libfido2 cannot reach the rig in this process")
			}
			flows(t, kind, r.Path(), false)
			holdsBroker(t, r.Key(), !kind.full)
		})
	}
}

// envNFCKind names the key kind for TestNFCFlowChild, which the NFC test
// runs in a process of its own: libfido2 with PC/SC must be loaded when
// a process starts (LD_LIBRARY_PATH), and the card lives in this one.
const envNFCKind = "OMAMORI_PASSKEYVIEW_NFC_KIND"

func TestFlowsOverNFC(t *testing.T) {
	for _, kind := range keyKinds() {
		t.Run(kind.name, func(t *testing.T) {
			r := nfctest.Start(t, nfctest.Options{Key: kind.opts})
			cmd := r.Command(os.Args[0], "-test.run=^TestNFCFlowChild$", "-test.count=1", "-test.v")
			cmd.Env = append(cmd.Env, envNFCKind+"="+kind.name)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestNFCFlowChild") {
				t.Fatalf("the flows over NFC: %v\n%s", err, out)
			}
			holdsBroker(t, r.Key(), !kind.full)
		})
	}
}

// TestNFCFlowChild is TestFlowsOverNFC's child; alone it has nothing to do.
func TestNFCFlowChild(t *testing.T) {
	name := os.Getenv(envNFCKind)
	if name == "" {
		t.Skip("run by TestFlowsOverNFC")
	}
	i := slices.IndexFunc(keyKinds(), func(k keyKind) bool { return k.name == name })
	if i < 0 {
		t.Fatalf("no key kind %q", name)
	}
	flows(t, keyKinds()[i], nfctest.Path, true)
}

// holdsBroker checks on the key itself that the registration went
// through (or, on the full key, did not).
func holdsBroker(t *testing.T, k *virtualkey.Key, want bool) {
	t.Helper()
	got := slices.ContainsFunc(k.State().Resident, func(c *virtualkey.StoredCredential) bool { return c.RPID == brokerRPID })
	if got != want {
		t.Errorf("the key holds the broker's passkey: %v, want %v", got, want)
	}
}

const (
	brokerRPID = "ymsec.co.jp" // as ymsec(t) sets it
	pin        = "1234"
)

// flows is the customer's way through the window, in Japanese, with the
// key at path: no PIN yet; the PIN set on the key screen, もう一度読む;
// 「確かめる」 before registering; the broker's page opened and the
// passkey registered there (here: makeCredential through libfido2, as
// the browser does); 「確かめる」 again.
func flows(t *testing.T, kind keyKind, path string, nfc bool) {
	svc := securitykey.New(libfido2.New())
	h := newHarnessOver(t, i18n.JA, svc, pc{}, ymsec(t))
	info := keyInfo(t, svc, path)
	name := info.Name(i18n.JA)
	if got := info.Transport == securitykey.TransportNFC; got != nfc {
		t.Fatalf("%s: NFC %v, want %v", path, got, nfc)
	}
	// Over NFC the key is named as a key, never by the reader ("Virtual
	// PCD" says nothing of NFC; the rig is named as vsmartcard's default).
	if nfc && name != "NFCのセキュリティキー" {
		t.Fatalf("the NFC key is named %q", name)
	}
	where := "セキュリティキー（" + path + "） — "
	h.wants("Windows Hello — 確かめられません", "webauthn.dll",
		where+"先に対応が必要です", name+"にはまだPINがありません", "次にすること：先にセキュリティキーの画面で「PINを設定」")
	h.wantsNot("Virtual PCD")

	ctx := context.Background()
	if err := svc.SetPIN(ctx, path, pin, pin); err != nil {
		t.Fatalf("set PIN: %v", err)
	}
	h.tap("もう一度読む")
	if kind.listable() {
		h.wants(where+"使えます", name+"にパスキーを保存できます。")
	} else {
		h.wants(where+"使えます", name+"にはパスキーを保存できます。ただし、このキーは中のパスキーを一覧できない",
			"次にすること：登録したら、証券会社のパスキーの一覧")
	}
	if kind.full {
		register(t, path, "other.example.jp", nil)
	}

	h.confirm()
	switch {
	case kind.full:
		h.wants(where+"先に対応が必要です", name+"はいっぱいです（パスキーが1個あり",
			"ワイエム証券のパスキーは"+name+"に入っていません")
	case kind.listable():
		h.wants(name+"にパスキーを保存できます（あと25個", "ワイエム証券のパスキーは"+name+"に入っていません", "保存先で複数の選択肢")
	default:
		h.wants(where+"確かめられません", name+"のパスキーを一覧できなかったため")
	}

	test.Tap(h.button("パスキー登録画面を開く"))
	if len(h.opened) != 1 || h.opened[0] != "https://www.ymsec.co.jp/ymdirect/passkey/" {
		t.Fatalf("opened %v", h.opened)
	}
	var refused error
	register(t, path, brokerRPID, &refused)
	if kind.full != (refused != nil) {
		t.Fatalf("registering on the %s key: %v", kind.name, refused)
	}

	h.confirm()
	switch {
	case kind.full: // as the screen said: no room, nothing registered
		h.wants(name+"はいっぱいです", "ワイエム証券のパスキーは"+name+"に入っていません")
	case kind.listable():
		h.wants(where+"使えます", "ワイエム証券のパスキーがこのキー（"+name+"）に入っています",
			name+"には、ワイエム証券のパスキーが1個入っています（ワイエム証券では1つの口座に5個まで")
		h.wantsNot("に入っていません")
	default: // registered, but the key cannot show it: says so, no guess
		h.wants(name+"のパスキーを一覧できなかったため", "次にすること：登録したら、証券会社のパスキーの一覧")
		h.wantsNot("に入っています")
	}
	h.wantsNot("Virtual PCD")
}

// confirm types the PIN and presses 「確かめる」.
func (h *harness) confirm() {
	h.t.Helper()
	h.v.pin.SetText(pin)
	h.tap("確かめる")
}

func (h *harness) wantsNot(s string) {
	h.t.Helper()
	if got := h.text(); strings.Contains(got, s) {
		h.t.Errorf("screen shows %q:\n%s", s, got)
	}
}

func keyInfo(t *testing.T, svc *securitykey.Service, path string) securitykey.KeyInfo {
	t.Helper()
	list, err := svc.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range list {
		if k.Path == path {
			return k
		}
	}
	t.Fatalf("%s is not listed: %+v", path, list)
	return securitykey.KeyInfo{}
}

// register makes a passkey (resident credential) for rpID as a browser
// does on the broker's page. With refused nil a failure fails the test;
// otherwise it is handed back.
func register(t *testing.T, path, rpID string, refused *error) {
	t.Helper()
	dev, err := fido2.NewDevice(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = dev.MakeCredential(make([]byte, 32), fido2.RelyingParty{ID: rpID, Name: rpID},
		fido2.User{ID: []byte("customer-" + rpID), Name: "customer"}, fido2.ES256, pin,
		&fido2.MakeCredentialOpts{RK: fido2.True})
	if refused != nil {
		*refused = err
		return
	}
	if err != nil {
		t.Fatalf("register %s: %v", rpID, err)
	}
}
