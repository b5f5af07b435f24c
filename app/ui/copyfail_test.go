package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// heldClip is a clipboard another program holds: every write fails.
type heldClip struct{ text string }

func (c *heldClip) Content() string { return c.text }

func (c *heldClip) SetContent(string) error {
	return errors.New("clipboard held by another program")
}

// Issue 22: after 登録 and Ctrl+C the clipboard held nothing although the
// window said コピーしました. Every way of copying must say the copy did not
// work and what to do, and arm no clearing for a code that is not there.
func TestCopyThatFailsSaysSo(t *testing.T) {
	clip := &heldClip{text: "a note the user copied"}
	s, _, _, _ := newShellClip(t, "ja", clip)

	d := s.ShowAddAccount()
	d.Name.SetText("三菱 太郎")
	d.Code.SetText(goodCode)
	test.Tap(d.Register)
	if d.CopyResult == nil || d.CopyFailed == nil {
		t.Fatal("no first code with a copy button after 登録")
	}
	if d.CopyFailed.Visible() {
		t.Fatal("copy failure shown before any copy")
	}
	test.Tap(d.CopyResult)
	if !d.CopyFailed.Visible() || !strings.Contains(d.CopyFailed.Text, "コピーできませんでした") {
		t.Errorf("the add dialog's copy failed silently: visible %v, %q", d.CopyFailed.Visible(), d.CopyFailed.Text)
	}
	d.Close()

	s.Codes().Select(0)
	shortcut(s, &fyne.ShortcutCopy{})
	st := s.Status()
	if strings.Contains(st, "コピーしました") || !strings.Contains(st, "コピーできませんでした") ||
		!strings.Contains(st, "三菱 太郎") || !strings.Contains(st, "入力してください") {
		t.Errorf("after a failed Ctrl+C the status says %q", st)
	}
	if s.guard.Holding() {
		t.Error("the clipboard timer is armed for a copy that failed")
	}
	if clip.text != "a note the user copied" {
		t.Errorf("clipboard = %q", clip.text)
	}

	// From the tray, with the window hidden: the window comes up to say it.
	s.Session().Hide()
	s.hasTray = true // the test app has no tray; the menu is built all the same
	m := s.trayMenu()
	m.Items[2].Action() // copy 三菱 太郎
	if !s.Session().Shown() {
		t.Error("a failed copy from the tray left the window hidden")
	}
	if !strings.Contains(s.Status(), "コピーできませんでした") {
		t.Errorf("after a failed tray copy the status says %q", s.Status())
	}
}
