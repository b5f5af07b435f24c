package ui

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/internal/otpauth"
)

func shortcut(s *Shell, sc fyne.Shortcut) {
	// Fyne's test canvas hides its shortcut table; the shell keeps the
	// same registrations.
	s.shortcutKeys.TypedShortcut(sc)
}

func press(s *Shell, k fyne.KeyName) { s.Window().Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }

func TestKeyboard(t *testing.T) {
	s, store, _, a := newShell(t, "en")
	acct := addAccount(t, store, "Bank", goodCode)
	addAccount(t, store, "Second", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	s.Codes().Reload()
	c := s.Window().Canvas()

	// Ctrl+N opens the add dialog with the cursor in 表示名; Esc closes it.
	shortcut(s, &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	if s.addDlg == nil || c.Focused() != s.addDlg.Name {
		t.Fatal("Ctrl+N did not open the dialog with focus in the name field")
	}
	s.addDlg.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(c.Overlays().List()) != 0 {
		t.Fatal("Esc did not close the dialog")
	}

	// Ctrl+F focuses the search field; typing filters; Esc clears it.
	shortcut(s, &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	if c.Focused() != s.search {
		t.Fatal("Ctrl+F did not focus the search field")
	}
	test.Type(s.search, "seco")
	if m := markup(s); strings.Contains(m, ">Bank<") || !strings.Contains(m, "Second") {
		t.Fatal("search did not filter")
	}
	press(s, fyne.KeyEscape)
	if s.search.Text != "" || !strings.Contains(markup(s), "Bank") {
		t.Fatal("Esc did not clear the search")
	}

	// Down focuses the selected row; Down again moves to the next; Enter
	// there copies that account's code; Ctrl+C on the window copies the
	// selected one.
	press(s, fyne.KeyDown)
	row := c.Focused()
	if row == nil {
		t.Fatal("Down did not focus an account")
	}
	row.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	second := want(t, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", start).Code
	if got := a.Clipboard().Content(); got != second {
		t.Fatalf("Enter on the second row copied %q, want %q", got, second)
	}
	c.Unfocus()
	s.Codes().Select(0)
	shortcut(s, &fyne.ShortcutCopy{})
	if got := a.Clipboard().Content(); got != want(t, goodCode, start).Code {
		t.Fatalf("Ctrl+C copied %q", got)
	}
	_ = acct
}

func TestEnrolOffersClipboardCode(t *testing.T) {
	s, _, _, a := newShell(t, "ja")
	a.Clipboard().SetContent("  " + goodCode + "\n") // as the broker's コピー button leaves it
	d := s.ShowAddAccount()
	if d.Offer == nil {
		t.Fatal("no offer for a valid setup code on the clipboard")
	}
	if m := markup(s); !strings.Contains(m, "JBSW…3PXP") || strings.Contains(m, goodCode) {
		t.Error("the offer should show the code masked")
	}
	test.Tap(d.Offer)
	if d.Code.Text != goodCode {
		t.Fatalf("offer filled %q", d.Code.Text)
	}
	test.Type(d.Name, "三菱 太郎")
	if d.Register.Disabled() {
		t.Fatal("登録 disabled after using the offer")
	}

	a.Clipboard().SetContent("hello, not a code")
	if d2 := s.ShowAddAccount(); d2.Offer != nil {
		t.Error("offer shown for clipboard text that is no setup code")
	}
}

func TestEnrolFromQRImage(t *testing.T) {
	s, store, _, _ := newShell(t, "en")
	png, err := otpauth.EncodeQR("otpauth://totp/Mizuho:taro?secret="+goodCode+"&issuer=Mizuho&period=60", 256)
	if err != nil {
		t.Fatal(err)
	}
	d := s.ShowAddAccount()
	d.LoadQR(bytes.NewReader(png))
	if !strings.HasPrefix(d.Code.Text, "otpauth://") || d.Name.Text != "Mizuho" {
		t.Fatalf("QR gave code %q name %q (status %q)", d.Code.Text, d.Name.Text, d.Status.Text)
	}
	test.Tap(d.Register)
	if d.Result == nil {
		t.Fatalf("no first code: %q", d.Status.Text)
	}
	if l, _ := store.List(); len(l) != 1 || l[0].Issuer != "Mizuho" {
		t.Fatalf("store: %+v", l)
	}
	d2 := s.ShowAddAccount()
	d2.LoadQR(strings.NewReader("not an image"))
	if d2.Status.Text == "" {
		t.Error("a broken image gave no message")
	}
}

func TestLargeTextAndTheme(t *testing.T) {
	s, _, _, a := newShell(t, "en")
	s.Apply(settings.Settings{LargeText: true, Theme: "dark"})
	th, ok := a.Settings().Theme().(*omtheme.Theme)
	if !ok {
		t.Fatal("app theme is not Omamori's")
	}
	if th.Size("text") != 14*omtheme.LargeScale {
		t.Errorf("large text size %v", th.Size("text"))
	}
}

// Right after install the customer has just copied the setup code on the
// broker's page: the window opens the add dialog by itself with the code
// filled in, so a name and 登録 are all that is left.
func TestFirstRunFillsTheCopiedSetupCode(t *testing.T) {
	s, store, _, a := newShell(t, "ja")
	a.Clipboard().SetContent(goodCode + "\n")
	s.FirstRun()
	d := s.addDlg
	if d == nil || d.Code.Text != goodCode {
		t.Fatal("first run with a setup code on the clipboard did not open the filled-in dialog")
	}
	if c := s.Window().Canvas(); c.Focused() != d.Name {
		t.Error("the cursor is not in 表示名")
	}
	if m := markup(s); !strings.Contains(m, "入れました") || strings.Contains(m, goodCode+"）") {
		t.Error("the dialog does not say the masked code was filled in")
	}
	test.Type(d.Name, "三菱 太郎")
	test.Tap(d.Register)
	if list, _ := store.List(); len(list) != 1 || list[0].Name != "三菱 太郎" {
		t.Fatalf("account not registered: %+v", list)
	}
}

func TestFirstRunLeavesOtherClipboardsAlone(t *testing.T) {
	s, store, _, a := newShell(t, "ja")
	a.Clipboard().SetContent("こんにちは")
	s.FirstRun()
	if s.addDlg != nil {
		t.Error("dialog opened for clipboard text that is no setup code")
	}
	addAccount(t, store, "A", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
	s.Codes().Reload()
	a.Clipboard().SetContent(goodCode)
	s.FirstRun()
	if s.addDlg != nil {
		t.Error("dialog opened by itself although there are accounts already")
	}
}
