package passkeyready

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

type fakeKeys struct {
	keys     []securitykey.KeyInfo
	passkeys map[string][]securitykey.Passkey
	asked    []string
}

func (f *fakeKeys) List() ([]securitykey.KeyInfo, error) { return f.keys, nil }

func (f *fakeKeys) Passkeys(_ context.Context, path, pin string) (securitykey.PasskeyList, error) {
	f.asked = append(f.asked, path)
	if pin != "1234" {
		return securitykey.PasskeyList{}, errors.New("wrong PIN")
	}
	l := f.passkeys[path]
	return securitykey.PasskeyList{Passkeys: l, Used: len(l), Free: 25 - len(l)}, nil
}

// Only keys that can list their passkeys, with a PIN given, are asked;
// the broker's are counted, a wrong PIN is "cannot tell".
func TestKeysGather(t *testing.T) {
	b := seed000(t)
	src := &fakeKeys{
		keys: []securitykey.KeyInfo{
			testKey("nopin", securitykey.PINNotSet, true, securitykey.Slots{}),
			testKey("old", securitykey.PINSet, false, securitykey.Slots{}),
			testKey("mine", securitykey.PINSet, true, securitykey.Slots{}),
			testKey("wrong", securitykey.PINSet, true, securitykey.Slots{}),
		},
		passkeys: map[string][]securitykey.Passkey{"mine": {{Site: "ymsec.co.jp"}, {Site: "ymsec.co.jp.evil.example"}, {Site: "ymsec.co.jp"}}},
	}
	pin := func(k securitykey.KeyInfo) string {
		if k.Path == "wrong" {
			return "0000"
		}
		return "1234"
	}
	got, err := Keys(context.Background(), src, b, pin)
	if err != nil || len(got) != 4 {
		t.Fatalf("%v %+v", err, got)
	}
	want := map[string]int{"nopin": 0, "old": -1, "mine": 2, "wrong": -1}
	for _, k := range got {
		if k.BrokerPasskeys != want[k.Info.Path] {
			t.Errorf("%s: %d, want %d", k.Info.Path, k.BrokerPasskeys, want[k.Info.Path])
		}
	}
	if strings.Join(src.asked, ",") != "mine,wrong" {
		t.Errorf("asked %v", src.asked)
	}
	if got[2].Info.Slots != (securitykey.Slots{Known: true, Used: 3, Free: 22}) || got[3].Info.Err == nil {
		t.Errorf("slots/err not kept: %+v %+v", got[2].Info, got[3].Info)
	}
	// Without a PIN nothing is asked.
	src.asked = nil
	if _, err := Keys(context.Background(), src, b, nil); err != nil || len(src.asked) != 0 {
		t.Errorf("asked without PIN: %v %v", err, src.asked)
	}
}

type fakeHello map[string]int

func (f fakeHello) PlatformPasskeys(id string) (int, bool) {
	n, ok := f[id]
	return n, ok
}

// 「確かめる」: on the key; in Windows Hello instead; not there with the
// likely reason; cannot list; a broker without RP IDs.
func TestConfirm(t *testing.T) {
	b := seed000(t)
	k := func(n int) Key {
		return Key{Info: testKey("k", securitykey.PINSet, true, securitykey.Slots{}), BrokerPasskeys: n}
	}
	for _, tt := range []struct {
		name   string
		b      profile.Broker
		k      Key
		hello  int
		want   Status
		ja, en string
	}{
		{"on key", b, k(1), -1, Ready, "ワイエム証券のパスキーがこのキー（Test Key）に入っています", "is on this key"},
		{"in hello", b, k(0), HelloCount(fakeHello{"ymsec.co.jp": 1}, b), Blocked, "Windows Helloに保存されています", "saved in Windows Hello on this PC"},
		{"not there", b, k(0), HelloCount(fakeHello{}, b), Blocked, "保存先で複数の選択肢", "「セキュリティ キー」"},
		{"cannot list", b, k(-1), -1, Unknown, "一覧できなかった", "could not list"},
		{"no rp id", profile.Broker{Name: b.Name}, k(0), -1, Unknown, "RP ID", "RP ID"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := Confirm(tt.b, tt.k, tt.hello)
			ja, en := both(f)
			if f.Status != tt.want || !strings.Contains(ja, tt.ja) || !strings.Contains(en, tt.en) || strings.Contains(ja+en, "<no value>") {
				t.Errorf("%s %q / %q", f.Status, ja, en)
			}
		})
	}
	if n := HelloCount(fakeHello{"ymsec.co.jp": 2}, profile.Broker{}); n != -1 {
		t.Errorf("no RP ID: %d", n)
	}
}
