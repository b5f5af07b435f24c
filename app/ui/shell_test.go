package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/addinput"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/support"
	"github.com/omamori-app/omamori/internal/totp"
)

// A setup code as the broker shows it: 32 base32 characters.
const goodCode = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// clock is a settable clock: the view never sleeps on real time.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

// fixed instant: 37 seconds into a step, so 23 seconds are left.
var start = time.Date(2026, 11, 22, 9, 0, 37, 0, time.UTC)

// newShell builds the real window over the real account store with the
// in-memory keyring from internal/accounts/accountstest.
func newShell(t *testing.T, lang string) (*Shell, *accounts.Store, *clock, fyne.App) {
	t.Helper()
	return newShellClip(t, lang, nil)
}

// newShellClip is newShell with clip for copied codes (nil: the test app's).
func newShellClip(t *testing.T, lang string, clip codes.Clipboard) (*Shell, *accounts.Store, *clock, fyne.App) {
	t.Helper()
	a := test.NewTempApp(t)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{start}
	s := New(Deps{App: a, Store: store, ConfigDir: "/home/taro/.config/Omamori", LangForced: lang,
		Version: "1.0.0", KeyLib: "libfido2 1.16.0", OS: "windows", Arch: "amd64", Now: c.Now, OnQuit: func() {},
		Clipboard: clip})
	s.Window().Resize(fyne.NewSize(520, 560))
	s.Window().Show()
	t.Cleanup(func() { s.Window().Close() })
	return s, store, c, a
}

func addAccount(t *testing.T, store *accounts.Store, name, code string) accounts.Account {
	t.Helper()
	e, err := addinput.Parse(code, profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := store.Add(name, e)
	if err != nil {
		t.Fatal(err)
	}
	return acct
}

func want(t *testing.T, code string, at time.Time) totp.Code {
	t.Helper()
	e, _ := addinput.Parse(code, profile.SmartOTP)
	g, err := totp.New(e.Secret, profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	return g.At(at)
}

func TestEnrolBadCodeShowsCoreMessage(t *testing.T) {
	s, _, _, _ := newShell(t, "ja")
	d := s.ShowAddAccount()
	test.Type(d.Name, "三菱 太郎")
	test.Type(d.Code, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX0") // a zero where an O belongs
	if !strings.Contains(d.Status.Content(), "32桁目") || !strings.Contains(d.Status.Content(), "「O」（オー）") {
		t.Errorf("status = %q, want the core's position and look-alike hint", d.Status.Content())
	}
	if !d.Register.Disabled() {
		t.Error("登録 enabled for a bad code")
	}
	d.Code.SetText("ABC")
	if !strings.Contains(d.Status.Content(), "3桁") {
		t.Errorf("short code: status %q", d.Status.Content())
	}
}

func TestEnrolGoodCodeShowsFirstCodeAndCopies(t *testing.T) {
	s, store, c, a := newShell(t, "ja")
	d := s.ShowAddAccount()
	test.Type(d.Name, "三菱 太郎")
	d.Code.SetText(goodCode)
	if d.Register.Disabled() {
		t.Fatalf("登録 disabled for a good code; status %q", d.Status.Text)
	}
	test.Tap(d.Register)
	w := want(t, goodCode, c.t)
	if d.Result == nil || d.Result.Text != codes.Group(w.Code) {
		t.Fatalf("first code shown = %v, want %q", d.Result, codes.Group(w.Code))
	}
	list, _ := store.List()
	if len(list) != 1 || list[0].Name != "三菱 太郎" {
		t.Fatalf("store has %+v", list)
	}
	d.Close()
	// Enter on the window copies the selected account's code.
	s.Window().Canvas().Unfocus()
	s.Window().Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := a.Clipboard().Content(); got != w.Code {
		t.Fatalf("clipboard = %q, want %q", got, w.Code)
	}
	if !strings.Contains(s.Status(), "コピーしました") {
		t.Errorf("status %q lacks コピーしました", s.Status())
	}
}

func TestCountdownAndNextCodeOnTick(t *testing.T) {
	s, store, c, _ := newShell(t, "en")
	addAccount(t, store, "Bank", goodCode)
	s.Codes().Reload()
	if !strings.Contains(markup(s), "23 s left") {
		t.Fatalf("no '23 s left' at start:\n%s", markup(s))
	}
	c.t = c.t.Add(14 * time.Second) // 9 s left: next code appears
	s.Tick()
	m := markup(s)
	w := want(t, goodCode, c.t)
	if !strings.Contains(m, "9 s left") || !strings.Contains(m, "Next: "+codes.Group(w.Next)) {
		t.Fatalf("after 14 s tick: want '9 s left' and next code %s:\n%s", w.Next, m)
	}
	c.t = c.t.Add(10 * time.Second) // new step
	s.Tick()
	w2 := want(t, goodCode, c.t)
	if w2.Code != w.Next || !strings.Contains(markup(s), codes.Group(w2.Code)) || strings.Contains(markup(s), "Next:") {
		t.Fatalf("new step not shown:\n%s", markup(s))
	}
}

func TestClipboardClearedOnlyIfOurs(t *testing.T) {
	s, store, c, a := newShell(t, "en")
	acct := addAccount(t, store, "Bank", goodCode)
	s.Apply(settings.Settings{ClearSeconds: 10})
	if !s.Codes().Copy(acct.ID) {
		t.Fatal("copy failed")
	}
	code := a.Clipboard().Content()
	c.t = c.t.Add(9 * time.Second)
	s.Tick()
	if a.Clipboard().Content() != code {
		t.Fatal("cleared too early")
	}
	c.t = c.t.Add(time.Second)
	s.Tick()
	if a.Clipboard().Content() != "" {
		t.Fatal("our code was not cleared after 10 s")
	}
	s.Codes().Copy(acct.ID)
	a.Clipboard().SetContent("a note the user copied")
	c.t = c.t.Add(20 * time.Second)
	s.Tick()
	s.Session().Quit()
	if a.Clipboard().Content() != "a note the user copied" {
		t.Fatalf("someone else's clipboard was cleared: %q", a.Clipboard().Content())
	}
	s.Codes().Copy(acct.ID)
	s.Session().Quit()
	if a.Clipboard().Content() != "" {
		t.Fatal("quit did not clear our code")
	}
}

func TestReenrolAndKeyringErrorsShown(t *testing.T) {
	a := test.NewTempApp(t)
	secrets := accountstest.NewSecrets()
	store, _ := accounts.Open(t.TempDir(), secrets)
	lost := addAccount(t, store, "Lost", goodCode)
	secrets.Delete(lost.ID)
	s := New(Deps{App: a, Store: store, LangForced: "ja", Now: (&clock{start}).Now, OnQuit: func() {}})
	s.Window().Show()
	defer s.Window().Close()
	m := markup(s)
	if !strings.Contains(m, "もう一度、利用登録が必要です") {
		t.Fatalf("re-enrol state not shown:\n%s", m)
	}
	if f := s.Facts(); f.Reenrol != 1 || f.Accounts != 0 {
		t.Errorf("facts %+v", f)
	}
}

func TestLanguageSwitchRebuilds(t *testing.T) {
	s, _, _, _ := newShell(t, "")
	s.d.LangForced = ""
	s.Apply(settings.Settings{Language: "ja"})
	if !strings.Contains(markup(s), "アカウントを追加") {
		t.Fatal("not Japanese after switching")
	}
	// The title and the tray menu follow too.
	if got := s.Window().Title(); got != "お守り (Omamori)" {
		t.Errorf("title %q after switching to Japanese", got)
	}
	if got := s.trayMenu().Items[0].Label; got != "ウィンドウを表示" {
		t.Errorf("tray menu %q after switching to Japanese", got)
	}
	if got := lang.L("Paste"); got != "貼り付け" {
		t.Errorf("Fyne's Paste %q after switching to Japanese", got)
	}
	s.Apply(settings.Settings{Language: "en"})
	if m := markup(s); !strings.Contains(m, "Add account") || strings.Contains(m, "アカウントを追加") {
		t.Fatal("not English after switching back")
	}
	if s.t("add_account") != "Add account" {
		t.Fatal("translations not switched")
	}
	if got := s.Window().Title(); got != "Omamori" {
		t.Errorf("title %q after switching back", got)
	}
	if got := s.trayMenu().Items[0].Label; got != "Show window" {
		t.Errorf("tray menu %q after switching back", got)
	}
	if got := lang.L("Paste"); got != "Paste" {
		t.Errorf("Fyne's Paste %q after switching back", got)
	}
}

// A switch of language alone keeps the theme (a new one drops Fyne's font
// caches); a new theme choice or larger text makes a new one.
func TestLanguageSwitchKeepsTheTheme(t *testing.T) {
	s, _, _, a := newShell(t, "")
	s.d.LangForced = ""
	s.Apply(settings.Settings{Language: "ja", Theme: "dark"})
	before := a.Settings().Theme()
	s.Apply(settings.Settings{Language: "en", Theme: "dark"})
	if a.Settings().Theme() != before {
		t.Error("the theme was made again for a language switch")
	}
	s.Apply(settings.Settings{Language: "en", Theme: "light"})
	if a.Settings().Theme() == before {
		t.Error("the theme was kept when the user chose another")
	}
	light := a.Settings().Theme()
	s.Apply(settings.Settings{Language: "en", Theme: "light", LargeText: true})
	if a.Settings().Theme() == light {
		t.Error("the theme was kept when the user chose larger text")
	}
}

// The settings dialog saves the theme as "system" where the settings file
// had none: switching only the language there still keeps the theme.
func TestFirstLanguageSwitchFromTheDialogKeepsTheTheme(t *testing.T) {
	s, _, _, a := newShell(t, "")
	s.d.LangForced = ""
	before := a.Settings().Theme()
	s.Apply(settings.Settings{Language: "en", Theme: omtheme.System})
	if a.Settings().Theme() != before {
		t.Error("the theme was made again when the dialog saved the system theme it had shown")
	}
}

func markup(s *Shell) string { return test.RenderToMarkup(s.Window().Canvas()) }

// A code copied in the last second of its step is replaced once by the
// new step's code while the clipboard still holds it.
func TestRecopyAtStepEnd(t *testing.T) {
	s, store, c, a := newShell(t, "en")
	acct := addAccount(t, store, "Bank", goodCode)
	s.Codes().Reload()
	c.t = c.t.Add(22 * time.Second) // 1 s left
	s.Tick()
	s.Codes().Copy(acct.ID)
	old := a.Clipboard().Content()
	c.t = c.t.Add(time.Second)
	s.Tick()
	now := want(t, goodCode, c.t).Code
	if old == now {
		t.Fatal("test clock did not cross a step")
	}
	if got := a.Clipboard().Content(); got != now {
		t.Fatalf("clipboard %q, want the new step's %q", got, now)
	}
}

// "Copy support info" copies facts only: no account name, setup code or code.
func TestSupportInfoHasNoSecrets(t *testing.T) {
	s, store, c, a := newShell(t, "ja")
	addAccount(t, store, "三菱 太郎", goodCode)
	s.Codes().Reload()
	s.ShowHelp()
	copyBtn := uitest.Button(s.Window().Canvas().Overlays().Top(), "サポート情報をコピー")
	if copyBtn == nil {
		t.Fatal("no copy button on サポート情報")
	}
	test.Tap(copyBtn)
	report := a.Clipboard().Content()
	code := want(t, goodCode, c.t)
	for _, secret := range []string{"三菱", goodCode, strings.ToLower(goodCode), code.Code, code.Next} {
		if strings.Contains(report, secret) {
			t.Errorf("support report contains %q:\n%s", secret, report)
		}
	}
	f := s.Facts()
	if !strings.Contains(report, support.SupportCode(f)) || !strings.Contains(report, "1.0.0") || !strings.Contains(report, "windows/amd64") {
		t.Errorf("report lacks the facts:\n%s", report)
	}
	if f.Accounts != 1 || f.Keyring != support.KeyringOK {
		t.Errorf("facts %+v", f)
	}
}

// First run with the setup code on the clipboard: type the name, press
// Enter, and the account is registered; the code then stands alone, with
// Copy and Close as the button row.
func TestFirstRunEnterRegisters(t *testing.T) {
	s, store, c, a := newShell(t, "ja")
	a.Clipboard().SetContent(goodCode)
	s.FirstRun()
	d := s.addDlg
	if d == nil || d.Code.Text != goodCode {
		t.Fatal("first run did not open the dialog filled in")
	}
	test.Type(d.Name, "三菱 太郎")
	d.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if l, _ := store.List(); len(l) != 1 || l[0].Name != "三菱 太郎" {
		t.Fatalf("Enter in the name did not register: %+v (status %q)", l, d.Status.Text)
	}
	w := want(t, goodCode, c.t)
	if d.Result == nil || d.Result.Text != codes.Group(w.Code) || d.CopyResult == nil {
		t.Fatal("no first code or no Copy button")
	}
	a.Clipboard().SetContent("")
	test.Tap(d.CopyResult)
	if got := a.Clipboard().Content(); got != w.Code {
		t.Errorf("Copy copied %q, want %q", got, w.Code)
	}
}

// With the form not yet right, Enter in the name moves on to the code.
func TestEnterInNameMovesOnWhenIncomplete(t *testing.T) {
	s, store, _, _ := newShell(t, "ja")
	d := s.ShowAddAccount()
	test.Type(d.Name, "三菱 太郎")
	d.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if l, _ := store.List(); len(l) != 0 {
		t.Fatal("registered without a code")
	}
	if s.Window().Canvas().Focused() != d.Code {
		t.Error("focus did not move to the setup code")
	}
}

// The once-a-second tick pauses only while it has nothing to do: window
// hidden, no code of ours on the clipboard, no confirmation to clear. A
// copy (the tray's too) and showing the window wake it.
func TestTickPausesOnlyWhenHiddenAndIdle(t *testing.T) {
	s, store, c, _ := newShell(t, "en")
	acct := addAccount(t, store, "Bank", goodCode)
	s.Apply(settings.Settings{ClearSeconds: 10})
	woken := func() bool {
		select {
		case <-s.wake:
			return true
		default:
			return false
		}
	}

	if s.Idle() {
		t.Fatal("the tick pauses while the window is shown")
	}
	s.Session().Hide()
	if !s.Idle() {
		t.Fatal("hidden with nothing on the clipboard, the tick keeps running")
	}
	woken()
	s.Codes().Copy(acct.ID) // as the tray menu does
	if s.Idle() || !woken() {
		t.Fatal("a copy from the tray does not wake the tick for the clipboard timer")
	}
	c.t = c.t.Add(10 * time.Second)
	s.Tick()
	if !s.Idle() {
		t.Fatal("once our code is cleared, the hidden window's tick does not pause")
	}
	s.Session().Show()
	if s.Idle() || !woken() {
		t.Fatal("showing the window does not wake the tick")
	}
}

// The search field does not take the focus (and blink its cursor) on its own.
func TestSearchNotFocusedByDefault(t *testing.T) {
	s, store, _, _ := newShell(t, "en")
	addAccount(t, store, "Bank", goodCode)
	s.Build()
	if s.Window().Canvas().Focused() == s.search {
		t.Fatal("the search field is focused when the window opens")
	}
}
