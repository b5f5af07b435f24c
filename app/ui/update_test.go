package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/app/updateview"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/update"
)

// feedSays is an update service whose one check finds 1.4.0.
type feedSays struct{ checked chan struct{} }

func (f feedSays) Mode() (update.Mode, error) { return update.ModeNotify, nil }
func (f feedSays) State() update.State        { return update.State{} }
func (f feedSays) Check(context.Context) (*update.Result, error) {
	defer close(f.checked)
	return &update.Result{Feed: &update.Feed{Version: "1.4.0", Notes: update.Notes{JA: "修正しました。", EN: "Fixed."}},
		Current: update.Version{1, 0, 0}, Latest: update.Version{1, 4, 0}, Available: true}, nil
}

// The window checks behind the codes and shows the banner above them,
// in the window's language, and again after a language switch.
func TestWindowShowsUpdateBanner(t *testing.T) {
	a := test.NewTempApp(t)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	f := feedSays{checked: make(chan struct{})}
	s := New(Deps{App: a, Store: store, ConfigDir: t.TempDir(), LangForced: "ja", Version: "1.0.0",
		OS: "windows", Arch: "amd64", Now: func() time.Time { return start }, OnQuit: func() {}})
	s.Window().Resize(fyne.NewSize(520, 560))
	s.Window().Show()
	t.Cleanup(func() { s.endUpdates(); s.Window().Close() })
	// As New does with Deps.Update, but the UI work comes to this goroutine.
	ui := make(chan func(), 1)
	s.d.Update = f
	s.mountUpdate(func(g func()) { ui <- g })
	s.Build()
	select {
	case g := <-ui:
		g()
	case <-time.After(5 * time.Second):
		t.Fatal("no check")
	}
	texts := strings.Join(uitest.Texts(s.Window().Content()), "\n")
	for _, want := range []string{"新しいバージョン (1.4.0) があります", "修正しました。"} {
		if !strings.Contains(texts, want) {
			t.Errorf("window %q lacks %q", texts, want)
		}
	}
	s.Apply(s.d.Settings) // rebuilt (a language switch): still there
	if texts := strings.Join(uitest.Texts(s.Window().Content()), "\n"); !strings.Contains(texts, "新しいバージョン (1.4.0) があります") {
		t.Errorf("after a rebuild: %q", texts)
	}
}

// feedOnRequest finds 1.4.0 when asked; its last check was just now, so
// the check behind the window does not run.
type feedOnRequest struct{ checks *int }

func (f feedOnRequest) Mode() (update.Mode, error) { return update.ModeNotify, nil }
func (f feedOnRequest) State() update.State {
	return update.State{LastCheck: start, Outcome: "up_to_date"}
}
func (f feedOnRequest) Check(context.Context) (*update.Result, error) {
	*f.checks++
	return &update.Result{Feed: &update.Feed{Version: "1.4.0", Security: true, Notes: update.Notes{JA: "脆弱性を修正しました。", EN: "Fixes a vulnerability."}},
		Current: update.Version{1, 0, 0}, Latest: update.Version{1, 4, 0}, Available: true}, nil
}

// 設定's 「更新を確認」 runs the update service's check (the same as `omamori
// update --check`), says the result in the dialog, and the window's
// banner shows the newer version with its notes.
func TestSettingsCheckForUpdatesShowsBanner(t *testing.T) {
	a := test.NewTempApp(t)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	checks := 0
	s := New(Deps{App: a, Store: store, ConfigDir: t.TempDir(), LangForced: "ja", Version: "1.0.0",
		OS: "windows", Arch: "amd64", Now: func() time.Time { return start }, OnQuit: func() {}})
	s.Window().Resize(fyne.NewSize(600, 900))
	s.Window().Show()
	t.Cleanup(func() { s.endUpdates(); s.Window().Close() })
	ui := make(chan func(), 1)
	s.d.Update = feedOnRequest{&checks}
	s.mountUpdate(func(g func()) { ui <- g })
	s.Build()
	s.ShowSettings()
	dlg := s.Window().Canvas().Overlays().Top()
	if !strings.Contains(strings.Join(uitest.Texts(dlg), "\n"), "前回の確認") {
		t.Errorf("settings do not say the last check: %q", uitest.Texts(dlg))
	}
	test.Tap(uitest.Button(dlg, "更新を確認"))
	select {
	case g := <-ui:
		g()
	case <-time.After(5 * time.Second):
		t.Fatal("no check")
	}
	if checks != 1 {
		t.Fatalf("%d checks", checks)
	}
	if got := strings.Join(uitest.Texts(dlg), "\n"); !strings.Contains(got, "(1.4.0)") {
		t.Errorf("the dialog does not say what the check found: %q", got)
	}
	texts := strings.Join(uitest.Texts(s.Window().Content()), "\n")
	for _, want := range []string{"(1.4.0)", "脆弱性を修正しました。"} {
		if !strings.Contains(texts, want) {
			t.Errorf("window banner %q lacks %q", texts, want)
		}
	}
}

// feedInstalls is feedSays with an installer: Install returns err.
type feedInstalls struct {
	feedSays
	err       error
	installed chan *update.Result
}

func (f feedInstalls) Install(_ context.Context, r *update.Result) error {
	f.installed <- r
	return f.err
}

// updateWindow is a window whose check found 1.4.0 through f, with the
// UI work on this goroutine; quit counts OnQuit calls.
func updateWindow(t *testing.T, f updateview.Service, quit *int) (*Shell, chan func()) {
	t.Helper()
	return updateWindowOn(t, "windows", f, quit)
}

// updateWindowOn is updateWindow on goos.
func updateWindowOn(t *testing.T, goos string, f updateview.Service, quit *int) (*Shell, chan func()) {
	t.Helper()
	a := test.NewTempApp(t)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	s := New(Deps{App: a, Store: store, ConfigDir: t.TempDir(), LangForced: "ja", Version: "1.0.0",
		OS: goos, Arch: "amd64", Now: func() time.Time { return start }, OnQuit: func() { *quit++ }})
	s.Window().Resize(fyne.NewSize(520, 560))
	s.Window().Show()
	t.Cleanup(func() { s.endUpdates(); s.Window().Close() })
	ui := make(chan func(), 1)
	s.d.Update = f
	s.mountUpdate(func(g func()) { ui <- g })
	s.Build()
	runUI(t, ui)
	return s, ui
}

func runUI(t *testing.T, ui chan func()) {
	t.Helper()
	select {
	case g := <-ui:
		g()
	case <-time.After(5 * time.Second):
		t.Fatal("nothing came back to the UI")
	}
}

// 「更新する」 hands the offered version to the installer; once it has
// started, the window says so and quits (the installer replaces the
// program and starts the new version).
func TestUpdateButtonInstallsAndQuits(t *testing.T) {
	f := feedInstalls{feedSays: feedSays{checked: make(chan struct{})}, installed: make(chan *update.Result, 1)}
	quit := 0
	s, ui := updateWindow(t, f, &quit)
	test.Tap(uitest.Button(s.Window().Content(), "更新する"))
	if got := strings.Join(uitest.Texts(s.Window().Content()), "\n"); !strings.Contains(got, "ダウンロードして確かめています") {
		t.Errorf("no progress said: %q", got)
	}
	if r := <-f.installed; r.Latest.String() != "1.4.0" {
		t.Errorf("installed %s", r.Latest)
	}
	runUI(t, ui)
	if quit != 1 {
		t.Errorf("quit %d times after the installer started; want 1", quit)
	}
}

// A refused installer (here a wrong signature): the banner says why, the
// window stays, and 「更新する」 is there to try again.
func TestUpdateButtonRefusedKeepsWindow(t *testing.T) {
	refused := errors.Join(update.ErrAuthenticode, errors.New("installer signed by someone else"))
	f := feedInstalls{feedSays: feedSays{checked: make(chan struct{})}, err: refused, installed: make(chan *update.Result, 1)}
	quit := 0
	s, ui := updateWindow(t, f, &quit)
	test.Tap(uitest.Button(s.Window().Content(), "更新する"))
	<-f.installed
	runUI(t, ui)
	if quit != 0 {
		t.Error("quit after a refused installer")
	}
	if got := strings.Join(uitest.Texts(s.Window().Content()), "\n"); !strings.Contains(got, "signed by someone else") {
		t.Errorf("the banner does not say why: %q", got)
	}
	if uitest.Button(s.Window().Content(), "更新する") == nil {
		t.Error("no 「更新する」 to try again")
	}
}

// feedAuto is feedSays under policy mode, with an automatic installer:
// Prepare counts, InstallReady reports the action.
type feedAuto struct {
	feedSays
	mode     update.Mode
	prepErr  error // what Prepare says
	prepared chan struct{}
	installs chan update.Action
}

func newFeedAuto(mode update.Mode) feedAuto {
	return feedAuto{feedSays: feedSays{checked: make(chan struct{})}, mode: mode,
		prepared: make(chan struct{}, 1), installs: make(chan update.Action, 1)}
}

func (f feedAuto) Mode() (update.Mode, error)                    { return f.mode, nil }
func (f feedAuto) Install(context.Context, *update.Result) error { return nil }
func (f feedAuto) InstallReady(_ *update.Download, a update.Action) error {
	f.installs <- a
	return nil
}
func (f feedAuto) Prepare(context.Context, *update.Result) (*update.Download, error) {
	f.prepared <- struct{}{}
	if f.prepErr != nil {
		return nil, f.prepErr
	}
	return &update.Download{}, nil
}

// installed is the action InstallReady got, or 0 and false.
func (f feedAuto) installed() (update.Action, bool) {
	select {
	case a := <-f.installs:
		return a, true
	default:
		return 0, false
	}
}

// Automatic: the banner says the update installs by itself; the window
// on screen waits; sent to the tray it installs, the new version to
// start in the tray, and quits.
func TestAutomaticInstallsInTray(t *testing.T) {
	f := newFeedAuto(update.ModeAutomatic)
	quit := 0
	s, ui := updateWindow(t, f, &quit)
	<-f.prepared
	if got := strings.Join(uitest.Texts(s.Window().Content()), "\n"); !strings.Contains(got, "自動でインストールされます") {
		t.Errorf("the banner does not say it installs by itself: %q", got)
	}
	runUI(t, ui) // the download is verified
	if a, ok := f.installed(); ok {
		t.Fatalf("installed (%v) with the window on screen", a)
	}
	s.sess.Hide()
	if a, ok := f.installed(); !ok || a != update.InstallInTray {
		t.Fatalf("in the tray: installed %v %v, want InstallInTray", a, ok)
	}
	if quit != 1 {
		t.Errorf("quit %d times, want 1", quit)
	}
}

// In the tray but with the settings open, or a copied code still on the
// clipboard: it waits, and installs once both are gone.
func TestAutomaticWaitsForDialogAndClipboard(t *testing.T) {
	f := newFeedAuto(update.ModeAutomatic)
	quit := 0
	s, ui := updateWindow(t, f, &quit)
	<-f.prepared
	runUI(t, ui)
	if err := s.guard.Copy("id", "123456", start); err != nil {
		t.Fatal(err)
	}
	s.sess.Hide()
	if a, ok := f.installed(); ok {
		t.Fatalf("installed (%v) with a code on the clipboard", a)
	}
	s.ShowSettings()
	s.guard.ClearIfOurs()
	s.tryAuto(false) // as the retry does
	if a, ok := f.installed(); ok {
		t.Fatalf("installed (%v) with settings open", a)
	}
	s.dlg.Hide() // closing the settings closes its session screen
	if a, ok := f.installed(); !ok || a != update.InstallInTray {
		t.Fatalf("after the settings closed: installed %v %v, want InstallInTray", a, ok)
	}
	if quit != 1 {
		t.Errorf("quit %d times after the settings closed, want 1", quit)
	}
}

// The customer quits with the window open: the update is installed then,
// and nothing restarts.
func TestAutomaticInstallsAtQuit(t *testing.T) {
	f := newFeedAuto(update.ModeAutomatic)
	quit := 0
	s, ui := updateWindow(t, f, &quit)
	<-f.prepared
	runUI(t, ui)
	s.sess.Quit()
	if a, ok := f.installed(); !ok || a != update.InstallAtQuit {
		t.Fatalf("at quit: installed %v %v, want InstallAtQuit", a, ok)
	}
}

// notify, or automatic off Windows: nothing is downloaded on its own.
func TestNotifyDownloadsNothing(t *testing.T) {
	f := newFeedAuto(update.ModeNotify)
	quit := 0
	s, _ := updateWindow(t, f, &quit)
	s.sess.Hide()
	s.sess.Quit()
	select {
	case <-f.prepared:
		t.Fatal("notify downloaded on its own")
	case <-time.After(200 * time.Millisecond):
	}
	if a, ok := f.installed(); ok {
		t.Fatalf("notify installed (%v)", a)
	}
}

// A download refused behind the codes: the banner says why instead of
// "installed automatically", 「更新する」 stays, nothing is installed.
func TestAutomaticRefusedDownloadSaysWhy(t *testing.T) {
	f := newFeedAuto(update.ModeAutomatic)
	f.prepErr = errors.Join(update.ErrHash, errors.New("the downloaded file is not the one released"))
	quit := 0
	s, ui := updateWindow(t, f, &quit)
	<-f.prepared
	runUI(t, ui)
	s.sess.Hide()
	got := strings.Join(uitest.Texts(s.Window().Content()), "\n")
	if !strings.Contains(got, "not the one released") || strings.Contains(got, "自動でインストールされます") {
		t.Errorf("banner: %q", got)
	}
	if uitest.Button(s.Window().Content(), "更新する") == nil {
		t.Error("no 「更新する」 to try again")
	}
	if a, ok := f.installed(); ok || quit != 0 {
		t.Errorf("installed %v / quit %d after a refused download", a, quit)
	}
}

// Automatic on Linux and macOS: nothing is downloaded, and the banner
// says at once what the customer does instead (apt; the download page).
func TestAutomaticElsewhereSaysWhatToDo(t *testing.T) {
	for goos, want := range map[string]string{"linux": "apt", "darwin": update.DownloadPage} {
		f := newFeedAuto(update.ModeAutomatic)
		quit := 0
		s, _ := updateWindowOn(t, goos, f, &quit)
		s.sess.Hide()
		if got := strings.Join(uitest.Texts(s.Window().Content()), "\n"); !strings.Contains(got, want) || strings.Contains(got, "自動でインストールされます") {
			t.Errorf("%s: banner %q", goos, got)
		}
		select {
		case <-f.prepared:
			t.Errorf("%s: downloaded", goos)
		default:
		}
	}
}
