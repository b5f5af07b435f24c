package settings

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
	"github.com/omamori-app/omamori/internal/update"
)

// fakeFeed answers Check with a fixed result.
type fakeFeed struct {
	mode   update.Mode
	state  update.State
	result *update.Result
	err    error
	checks int
	set    bool // by an administrator
}

func (f *fakeFeed) Mode() (update.Mode, error)          { return f.mode, nil }
func (f *fakeFeed) ModeSet() (update.Mode, bool, error) { return f.mode, f.set, nil }
func (f *fakeFeed) State() update.State                 { return f.state }
func (f *fakeFeed) Check(context.Context) (*update.Result, error) {
	f.checks++
	return f.result, f.err
}

// onUI collects what the check hands to the UI goroutine, so the test runs
// it where Fyne would.
type onUI chan func()

func (c onUI) do(f func()) { c <- f }
func (c onUI) run(t *testing.T) {
	t.Helper()
	select {
	case f := <-c:
		f()
	case <-time.After(10 * time.Second):
		t.Fatal("the check did not finish")
	}
}

func openUpdate(t *testing.T, l i18n.Lang, u *Update) fyne.CanvasObject {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(600, 900))
	ShowWithUpdate(w, l, Settings{}, false, nil, nil, u, func(Settings) {})
	return w.Canvas().Overlays().Top()
}

func texts(o fyne.CanvasObject) string { return strings.Join(uitest.Texts(o), "\n") }

// 「更新を確認」 checks once, says 確認しています while it runs (the dialog
// does not wait), then says what it found, and a newer version goes to
// the window's banner.
func TestCheckForUpdatesFindsNewer(t *testing.T) {
	r := &update.Result{Feed: &update.Feed{Version: "1.4.0"}, Current: update.Version{1, 3, 2}, Latest: update.Version{1, 4, 0}, Available: true}
	feed := &fakeFeed{mode: update.ModeNotify, result: r}
	var found *update.Result
	ui := make(onUI, 1)
	body := openUpdate(t, i18n.JA, &Update{Service: feed, Found: func(r *update.Result) { found = r }, Do: ui.do})
	if !strings.Contains(texts(body), "まだ確認していません。") {
		t.Errorf("before a check: %q", texts(body))
	}
	b := uitest.Button(body, "更新を確認")
	test.Tap(b)
	if !b.Disabled() || !strings.Contains(texts(body), "更新を確認しています…") {
		t.Errorf("while checking: disabled %v, %q", b.Disabled(), texts(body))
	}
	ui.run(t)
	if !strings.Contains(texts(body), "新しいバージョン (1.4.0) があります") || found != r || b.Disabled() || feed.checks != 1 {
		t.Errorf("after the check: %q, banner got %v, disabled %v, checks %d", texts(body), found, b.Disabled(), feed.checks)
	}
}

// The real use case (update.Service.Check, as `omamori update --check`):
// a feed that cannot be reached is said in the dialog, in English too, and
// recorded; nothing goes to the banner.
func TestCheckForUpdatesUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	dir := t.TempDir()
	svc := &update.Service{Dir: dir, PolicyDir: dir,
		Managed: func() (policy.Values, error) { return policy.Values{}, nil },
		Checker: update.Checker{FeedURL: "https://" + addr + "/feed.json", Current: "1.3.2"}}
	ui := make(onUI, 1)
	called := false
	body := openUpdate(t, i18n.EN, &Update{Service: svc, Found: func(*update.Result) { called = true }, Do: ui.do})
	test.Tap(uitest.Button(body, "Check for updates"))
	ui.run(t)
	if got := texts(body); !strings.Contains(got, "Could not reach the update server.") || called {
		t.Errorf("unreachable: %q, banner called %v", got, called)
	}
	if st := svc.State(); st.LastCheck.IsZero() || st.Outcome != "unreachable" {
		t.Errorf("the check was not recorded: %+v", st)
	}
}

// Checks turned off by the policy (here by a managed setting): the button
// is there but disabled, and the dialog says why; no check is made.
func TestCheckForUpdatesOffByPolicy(t *testing.T) {
	dir := t.TempDir()
	svc := &update.Service{Dir: dir, PolicyDir: dir,
		Managed: func() (policy.Values, error) {
			return policy.FromRaw("test", map[string]any{policy.UpdateMode: "off"}), nil
		}}
	body := openUpdate(t, i18n.JA, &Update{Service: svc, Do: func(func()) { t.Error("a check ran") }})
	b := uitest.Button(body, "更新を確認")
	if !b.Disabled() || !strings.Contains(texts(body), "組織のポリシーでオフ") {
		t.Errorf("off: disabled %v, %q", b.Disabled(), texts(body))
	}
}

// Without an update channel (the window's Deps.Update is nil) there is
// no section.
func TestNoUpdateNoSection(t *testing.T) {
	body := openUpdate(t, i18n.JA, nil)
	if _, ok := uitest.Find(body, func(b *widget.Button) bool { return b.Text == "更新を確認" }); ok {
		t.Error("「更新を確認」 without an update channel")
	}
}

// A mode an administrator set (Group Policy here; policy.json alike) is
// said with 「管理者が設定しています」; the default is said without it.
func TestUpdateModeSetByAdministrator(t *testing.T) {
	dir := t.TempDir()
	raw := map[string]any{}
	svc := &update.Service{Dir: dir, PolicyDir: dir,
		Managed: func() (policy.Values, error) { return policy.FromRaw("test", raw), nil }}
	body := texts(openUpdate(t, i18n.JA, &Update{Service: svc}))
	if !strings.Contains(body, "更新：通知のみ") || strings.Contains(body, "管理者が設定しています") {
		t.Errorf("without a policy: %q", body)
	}
	raw[policy.UpdateMode] = "automatic"
	body = texts(openUpdate(t, i18n.JA, &Update{Service: svc}))
	if !strings.Contains(body, "更新：自動") || !strings.Contains(body, "管理者が設定しています。") {
		t.Errorf("automatic by Group Policy (ja): %q", body)
	}
	body = texts(openUpdate(t, i18n.EN, &Update{Service: svc}))
	if !strings.Contains(body, "Updates: automatic") || !strings.Contains(body, "Set by your administrator.") {
		t.Errorf("automatic by Group Policy (en): %q", body)
	}
}
