package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/keyview"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// buttons lists the texts of the buttons in o.
func buttons(o fyne.CanvasObject) []string {
	var out []string
	for _, b := range uitest.All[*widget.Button](o, nil) {
		out = append(out, b.Text)
	}
	return out
}

func TestSecurityKeyWindow(t *testing.T) {
	s, _, _, a := newShell(t, "ja")
	s.noKeyPolling = true
	s.d.Keys = noKeys{}
	if !strings.Contains(strings.Join(buttons(s.Window().Content()), "|"), "セキュリティキー") {
		t.Fatalf("no security-key button in the toolbar: %q", buttons(s.Window().Content()))
	}
	s.ShowKeys()
	s.ShowKeys() // a second press brings the same window forward
	keyWindows := 0
	for _, w := range a.Driver().AllWindows() {
		if w.Title() == "セキュリティキー — お守り" {
			keyWindows++
		}
	}
	if keyWindows != 1 {
		t.Fatalf("%d security-key windows after opening it twice, want 1", keyWindows)
	}
	kw := s.keysWin.w
	if kw.Title() != "セキュリティキー — お守り" {
		t.Errorf("title %q", kw.Title())
	}
	// With no key plugged in the screen offers practice mode.
	if !strings.Contains(strings.Join(buttons(kw.Content()), "|"), "練習") {
		t.Errorf("no practice mode offered: %q", buttons(kw.Content()))
	}

	// A language switch follows into the security-key window.
	n := s.d.Settings
	n.Language = "en"
	s.d.LangForced = ""
	s.Apply(n)
	if kw.Title() != "Security keys — Omamori" {
		t.Errorf("title after switching to English: %q", kw.Title())
	}

	kw.Close()
	if s.keysWin != nil {
		t.Error("closing the window did not forget it")
	}
}

// noKeys is a security-key service with no key plugged in.
type noKeys struct{ keyview.Service }

func (noKeys) List() ([]securitykey.KeyInfo, error) { return nil, nil }
func (noKeys) OnTouch(securitykey.TouchFunc)        {}
