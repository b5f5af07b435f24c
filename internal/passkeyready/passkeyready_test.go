package passkeyready

import (
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

func seed000(t *testing.T) profile.Broker {
	t.Helper()
	b, ok := profile.Builtin().Broker("ymsec")
	if !ok {
		t.Fatal("no ymsec broker")
	}
	b.RPIDs = []string{"ymsec.co.jp"} // not in the seed: as a policy would add it
	return b
}

func testKey(path string, pin securitykey.PINState, credMgmt bool, slots securitykey.Slots) securitykey.KeyInfo {
	return securitykey.KeyInfo{Path: path, Model: "Test Key", FIDO2: true, PIN: pin, CredMgmt: credMgmt, Slots: slots, Versions: []string{"FIDO_2_1"}}
}

func both(f Finding) (ja, en string) {
	ja, en = f.Msg.In(i18n.JA), f.Msg.In(i18n.EN)
	if !f.Next.IsZero() {
		ja += f.Next.In(i18n.JA)
		en += " " + f.Next.In(i18n.EN)
	}
	return
}

// Windows Hello: usable, not set up (the seed-000 symptom and the PIN
// steps), or not answerable (no webauthn.dll, as under wine).
func TestHello(t *testing.T) {
	for _, tt := range []struct {
		p      Platform
		want   Status
		ja, en string
	}{
		{Platform{Known: true, APIVersion: 4, HelloAvailable: true}, Ready, "保存できます", "can keep"},
		{Platform{Known: true, APIVersion: 4}, Blocked, "USBポートに挿入します", "PIN (Windows Hello)"},
		{Platform{}, Unknown, "webauthn.dll", "security key"},
	} {
		f := Check(seed000(t), tt.p, []Key{{Info: testKey("k", securitykey.PINSet, true, securitykey.Slots{}), BrokerPasskeys: 0}})[0]
		ja, en := both(f)
		if f.Status != tt.want || f.Key != "" || !strings.Contains(ja, tt.ja) || !strings.Contains(en, tt.en) {
			t.Errorf("%+v: %s %q / %q", tt.p, f.Status, ja, en)
		}
	}
}

// Each kind of key the project tests against: no PIN, full, the broker's
// passkeys already on it against the broker's limit, no credential
// management (FIDO_2_0 only), U2F only, and no key at all.
func TestKeys(t *testing.T) {
	b := seed000(t)
	u2f := securitykey.KeyInfo{Path: "u", Model: "Old Key", Versions: []string{"U2F_V2"}}
	for _, tt := range []struct {
		name   string
		k      Key
		want   Status
		ja, en string
	}{
		{"no pin", Key{Info: testKey("a", securitykey.PINNotSet, true, securitykey.Slots{}), BrokerPasskeys: -1}, Blocked, "PINを設定", "Set a PIN"},
		{"full", Key{Info: testKey("b", securitykey.PINSet, true, securitykey.Slots{Known: true, Used: 25, Free: 0}), BrokerPasskeys: 0}, Blocked, "25個", "25 passkeys"},
		{"holds", Key{Info: testKey("c", securitykey.PINSet, true, securitykey.Slots{Known: true, Used: 2, Free: 0}), BrokerPasskeys: 2}, Ready, "ワイエム証券のパスキーが2個入っています（ワイエム証券では1つの口座に5個まで", "2 passkey(s) of ワイエム証券 (ワイエム証券 allows 5 per account)"},
		{"free", Key{Info: testKey("d", securitykey.PINSet, true, securitykey.Slots{Known: true, Used: 1, Free: 24})}, Ready, "あと24個", "room for 24"},
		{"fido 2.0", Key{Info: testKey("e", securitykey.PINSet, false, securitykey.Slots{}), BrokerPasskeys: -1}, Ready, "一覧できない", "cannot list"},
		{"u2f", Key{Info: u2f}, Blocked, "U2F", "U2F"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(b, Platform{}, []Key{tt.k})
			if len(got) != 2 {
				t.Fatalf("findings %v", got)
			}
			f := got[1]
			ja, en := both(f)
			if f.Status != tt.want || f.Key != tt.k.Info.Path || !strings.Contains(ja, tt.ja) || !strings.Contains(en, tt.en) {
				t.Errorf("%s %q / %q", f.Status, ja, en)
			}
			if strings.Contains(ja, "{{") || strings.Contains(en, "{{") || strings.Contains(en, "<no value>") {
				t.Errorf("unfilled: %q / %q", ja, en)
			}
		})
	}
	got := Check(b, Platform{}, nil)
	if len(got) != 2 || got[0].Place != PlaceHello || got[1].Place != PlaceKeys || got[1].Status != Unknown || !strings.Contains(got[1].Msg.In(i18n.JA), "つながっていません") {
		t.Errorf("no key: %+v", got)
	}
	// A broker the profile does not name is "the broker".
	f := Check(profile.Broker{}, Platform{}, []Key{{Info: testKey("c", securitykey.PINSet, true, securitykey.Slots{}), BrokerPasskeys: 1}})[1]
	if en := f.Msg.In(i18n.EN); !strings.Contains(en, "1 passkey(s) of the broker") || strings.Contains(en, "allows") {
		t.Errorf("unnamed broker: %q", en)
	}
}

// Only the broker's own RP IDs count: a look-alike domain does not.
func TestCountBroker(t *testing.T) {
	b := seed000(t)
	creds := map[string]int{"ymsec.co.jp": 2, "YMSEC.CO.JP.": 1, "ymsec.co.jp.evil.example": 4, "ymsec-co.jp": 8, "example.com": 16}
	if n := CountBroker(b, creds); n != 3 {
		t.Errorf("counted %d, want 3", n)
	}
	if n := CountBroker(profile.Broker{}, creds); n != 0 {
		t.Errorf("a broker without RP IDs counted %d", n)
	}
}
