package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/profile"
)

// The window gets the profile set main loads (Deps.Profiles): a policy's
// login page reaches the codes as the host line and the copy notice.
func TestWindowShowsThePolicysLoginHost(t *testing.T) {
	policy := filepath.Join(t.TempDir(), "profiles.json")
	if err := os.WriteFile(policy, []byte(`{"version": 1, "profiles": [{"name": "smart-otp",
	  "broker": {"origins": ["trade.example.co.jp"], "login_url": "https://trade.example.co.jp/login"}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := profile.LoadWithPolicy("", policy)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{start}
	s := New(Deps{App: a, Store: store, LangForced: "ja", OS: "windows", Now: c.Now, OnQuit: func() {}, Profiles: set})
	s.Window().Resize(fyne.NewSize(520, 560))
	s.Window().Show()
	t.Cleanup(func() { s.Window().Close() })
	addAccount(t, store, "三菱 太郎", goodCode)
	s.Codes().Reload()
	line := "このワンタイムパスワードを入力してよいのはtrade.example.co.jpだけです"
	if texts := strings.Join(uitest.Texts(s.Window().Content()), "\n"); !strings.Contains(texts, line) {
		t.Errorf("no host line in the window:\n%s", texts)
	}
	if uitest.Button(s.Window().Content(), "ログイン画面を開く") == nil {
		t.Error("no 「ログイン画面を開く」")
	}
	s.Codes().CopySelected()
	if !strings.Contains(s.Status(), "三菱 太郎") || !strings.Contains(s.Status(), line) {
		t.Errorf("copy notice %q does not repeat the host", s.Status())
	}
}
