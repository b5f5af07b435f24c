package codes

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

// withPolicy is the profile set with a policy that gives the Smart OTP
// broker a login page and adds a broker whose customers may hold the
// code on several devices.
func withPolicy(t *testing.T) *profile.Set {
	t.Helper()
	path := filepath.Join(t.TempDir(), "profiles.json")
	err := os.WriteFile(path, []byte(`{"version": 1, "profiles": [
	  {"name": "smart-otp", "broker": {"origins": ["trade.example.co.jp"], "login_url": "https://trade.example.co.jp/login"}},
	  {"name": "multi", "encoding": "base32", "length": 32, "digits": 6, "period": 30, "algorithm": "SHA1", "broker": {"otp_devices": 3}}
	]}`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	s, err := profile.LoadWithPolicy("", path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type opened struct{ urls []string }

func (o *opened) open(u *url.URL) error { o.urls = append(o.urls, u.String()); return nil }

func hostStore() *fakeStore {
	return &fakeStore{entries: []accounts.Entry{
		{Account: accounts.Account{ID: "a", Name: "三菱 太郎", Profile: profile.SmartOTP}, State: accounts.OK},
		{Account: accounts.Account{ID: "b", Name: "Other", Profile: profile.Generic}, State: accounts.OK},
	}}
}

// Under a code whose broker names a login page: the host, and a button
// that opens exactly that page; the copy notice repeats the host. An
// account whose profile names no page shows nothing.
func TestHostLineAndLoginButton(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	var o opened
	var copiedName, copiedHost string
	now := time.Unix(59, 0)
	v := New(hostStore(), Options{Now: func() time.Time { return now }, Lang: i18n.JA, Brokers: withPolicy(t), OpenURL: o.open,
		OnCopied: func(name, host string) { copiedName, copiedHost = name, host }})
	render(t, v)
	m := strings.Join(uitest.Texts(v.Object()), "\n")
	line := "このワンタイムパスワードを入力してよいのはtrade.example.co.jpだけです"
	if strings.Count(m, line) != 1 {
		t.Errorf("host line shown %d times, want once (the Smart OTP account only):\n%s", strings.Count(m, line), m)
	}
	b := uitest.Button(v.Object(), "ログイン画面を開く")
	if b == nil {
		t.Fatal("no 「ログイン画面を開く」")
	}
	test.Tap(b)
	if len(o.urls) != 1 || o.urls[0] != "https://trade.example.co.jp/login" {
		t.Errorf("opened %v", o.urls)
	}
	v.Copy("a")
	if copiedName != "三菱 太郎" || copiedHost != "trade.example.co.jp" {
		t.Errorf("copy notice got %q %q", copiedName, copiedHost)
	}
	v.Copy("b")
	if copiedHost != "" {
		t.Errorf("an account without a login page gave host %q", copiedHost)
	}
	if got := HostLine(i18n.EN, "trade.example.co.jp"); got != "Only type this one-time password on trade.example.co.jp" {
		t.Errorf("en %q", got)
	}
}

// Built-in profiles alone (no policy): seed 002 gives no web address, so
// nothing is shown — no guessing.
func TestNoHostWithoutOfficialPage(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	for _, brokers := range []Brokers{nil, profile.Builtin()} {
		v := New(hostStore(), Options{Lang: i18n.EN, Brokers: brokers, OpenURL: (&opened{}).open})
		render(t, v)
		if m := strings.Join(uitest.Texts(v.Object()), "\n"); strings.Contains(m, "Only type") || uitest.Button(v.Object(), "Open the login page") != nil {
			t.Errorf("host shown without a login page (%T):\n%s", brokers, m)
		}
	}
}

// 「スマートフォンに移す」 only where the broker allows several devices:
// Smart OTP's broker allows one (seed 002).
func TestToPhoneOnlyWhereSeveralDevices(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	store := hostStore()
	store.entries = append(store.entries, accounts.Entry{Account: accounts.Account{ID: "c", Name: "Multi", Profile: profile.Profile{Name: "multi"}}, State: accounts.OK})
	v := New(store, Options{Lang: i18n.JA, Brokers: withPolicy(t), ToPhone: func(accounts.Entry) {}, ToPhoneLabel: "スマートフォンに移す"})
	has := map[string]bool{}
	for i, r := range v.rows {
		for _, it := range v.menuItems(i) {
			if it.Label == "スマートフォンに移す" {
				has[r.e.Name] = true
			}
		}
	}
	if has["三菱 太郎"] || !has["Other"] || !has["Multi"] {
		t.Errorf("to-phone offered for %v; want Other and Multi, not the Smart OTP account", has)
	}
}

// Golden images of a row with its host line, in both languages.
func TestGoldenHostLine(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
			now := time.Unix(59, 0)
			store := hostStore()
			store.entries = store.entries[:1]
			v := New(store, Options{Now: func() time.Time { return now }, Lang: lang, Brokers: withPolicy(t), OpenURL: (&opened{}).open})
			w := test.NewTempWindow(t, v.Object())
			w.Resize(fyne.NewSize(520, 200))
			uitest.GoldenCanvas(t, "host_line_"+string(lang)+".png", w.Canvas())
		})
	}
}

// 「パスキーの準備」 in the menu of an account whose broker the profiles
// know (Smart OTP's, seed 002), not of a generic TOTP account; it hands
// over that account, so the window opens on its broker.
func TestPasskeyReadyInAccountMenu(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	var asked []string
	v := New(hostStore(), Options{Lang: i18n.JA, Brokers: profile.Builtin(),
		PasskeyReady: func(e accounts.Entry) { asked = append(asked, e.Profile.Name) }, PasskeyReadyLabel: "パスキーの準備"})
	has := map[string]bool{}
	for i, r := range v.rows {
		for _, it := range v.menuItems(i) {
			if it.Label == "パスキーの準備" {
				has[r.e.Name] = true
				it.Action()
			}
		}
	}
	if !has["三菱 太郎"] || has["Other"] || strings.Join(asked, ",") != profile.Default {
		t.Errorf("offered for %v, asked for %v; want the Smart OTP account only", has, asked)
	}
	// Without broker facts (nil Brokers) there is no broker to prepare for.
	v = New(hostStore(), Options{Lang: i18n.JA, PasskeyReady: func(accounts.Entry) {}, PasskeyReadyLabel: "パスキーの準備"})
	for _, it := range v.menuItems(0) {
		if it.Label == "パスキーの準備" {
			t.Error("offered without a broker")
		}
	}
}
