package ui

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/uitest"
)

// The security-key window's button opens the passkey-readiness window,
// on the broker that has a passkey page (seed 000's).
func TestPasskeyReadyFromKeyWindow(t *testing.T) {
	s, _, _, a := newShell(t, "ja")
	s.noKeyPolling = true
	s.d.Keys = noKeys{}
	posts := passkeyPosts(s)
	s.ShowKeys()
	b, ok := uitest.Find(s.keysWin.w.Content(), func(b *widget.Button) bool { return b.Text == "証券会社のパスキーを登録する…" })
	if !ok {
		t.Fatalf("no readiness button: %q", buttons(s.keysWin.w.Content()))
	}
	test.Tap(b)
	runUI(t, posts)
	w, got := readinessWindow(t, a)
	if !strings.Contains(got, "ワイエム証券のパスキーをこのパソコンで登録する") || !strings.Contains(got, "つながっていません") ||
		!strings.Contains(strings.Join(buttons(w.Content()), "|"), "パスキー登録画面を開く") {
		t.Errorf("readiness window shows %q", got)
	}
}

// menuItem is the item labelled text in an a11y.ShowMenu pop-up: a
// button type of a11y's own, which embeds widget.Button.
func menuItem(pop fyne.CanvasObject, text string) fyne.Tappable {
	var found fyne.Tappable
	uitest.Visit(pop, func(o fyne.CanvasObject) {
		tap, ok := o.(fyne.Tappable)
		v := reflect.ValueOf(o)
		if !ok || found != nil || v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
			return
		}
		if f := v.Elem().FieldByName("Text"); f.IsValid() && f.Kind() == reflect.String && f.String() == text {
			found = tap
		}
	})
	return found
}

// passkeyPosts makes s's passkey-readiness windows hand the results of
// their key reading (done on a goroutine) to the returned channel, so that
// runUI applies them on the test's goroutine: under Fyne's test driver
// fyne.Do would run them on the reading goroutine, racing the test's own
// calls into Fyne (a "concurrent map writes" crash in CI).
func passkeyPosts(s *Shell) chan func() {
	ch := make(chan func(), 8)
	s.passkeyPost = func(f func()) { ch <- f }
	return ch
}

// readinessWindow is the passkey-readiness window (its keys read, see
// runUI) and its texts.
func readinessWindow(t *testing.T, a fyne.App) (fyne.Window, string) {
	t.Helper()
	for _, w := range a.Driver().AllWindows() {
		if w.Title() == "パスキーの準備" {
			return w, strings.Join(uitest.Texts(w.Content()), "\n")
		}
	}
	t.Fatal("no passkey-readiness window")
	return nil, ""
}

// From the account: its row's menu → 「パスキーの準備」 opens the window on
// the account's broker (seed 002's, which has no passkey page: no button
// to open one), with the other broker (seed 000's) still to choose.
func TestPasskeyReadyFromAccountMenu(t *testing.T) {
	s, store, _, a := newShell(t, "ja")
	s.d.Keys = noKeys{}
	posts := passkeyPosts(s)
	addAccount(t, store, "三菱 太郎", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	s.Codes().Reload()
	menu, ok := uitest.Find(s.Window().Content(), func(b *a11y.Button) bool { return strings.HasPrefix(b.Label, "三菱 太郎のメニュー") })
	if !ok {
		t.Fatalf("no menu on the account's row: %q", uitest.Texts(s.Window().Content()))
	}
	test.Tap(menu)
	pop := s.Window().Canvas().Overlays().Top()
	if pop == nil {
		t.Fatal("the menu did not open")
	}
	item := menuItem(pop, "パスキーの準備")
	if item == nil {
		t.Fatalf("no 「パスキーの準備」 in the menu: %q", uitest.Texts(pop))
	}
	test.Tap(item)
	runUI(t, posts)
	w, got := readinessWindow(t, a)
	for _, want := range []string{"三菱UFJモルガン・スタンレー証券のパスキーをこのパソコンで登録する", "つながっていません"} {
		if !strings.Contains(got, want) {
			t.Errorf("readiness window lacks %q:\n%s", want, got)
		}
	}
	sel, ok := uitest.Find(w.Content(), func(*widget.Select) bool { return true })
	if !ok || sel.Selected != "三菱UFJモルガン・スタンレー証券" || len(sel.Options) != 2 || sel.Options[1] != "ワイエム証券" {
		t.Errorf("broker choice: %+v", sel)
	}
	if strings.Contains(strings.Join(buttons(w.Content()), "|"), "パスキー登録画面を開く") {
		t.Error("a page button for a broker without a passkey page")
	}
}
