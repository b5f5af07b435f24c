package a11y

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/i18n"
)

func TestSpokenLabels(t *testing.T) {
	test.NewTempApp(t)
	if got := Digits("101 109"); got != "1 0 1 1 0 9" {
		t.Errorf("Digits = %q", got)
	}
	s := NewStatus()
	s.SetText("✓ コピーしました — 三菱 太郎")
	if s.AccessibilityRole() != RoleStatus || s.AccessibilityLabel() != "コピーしました — 三菱 太郎" {
		t.Errorf("status: %s %q", s.AccessibilityRole(), s.AccessibilityLabel())
	}
	e := NewPasswordEntry(i18n.JA, "PIN")
	if got := e.AccessibilityLabel(); got != "PIN、未入力" {
		t.Errorf("empty PIN field: %q", got)
	}
	e.SetText("1234")
	if got := e.AccessibilityLabel(); got != "PIN、4文字入力済み" {
		t.Errorf("PIN field: %q (must not read the PIN)", got)
	}
	m := NewMessage()
	if m.AccessibilityRole() != "container" {
		t.Errorf("empty message: role %s, want it skipped", m.AccessibilityRole())
	}
	m.SetText("短すぎます")
	if m.AccessibilityRole() != "text" || m.AccessibilityLabel() != "短すぎます" {
		t.Errorf("message: %s %q", m.AccessibilityRole(), m.AccessibilityLabel())
	}
	// Wrapped at a narrow width, both are read as one line, as given.
	m.SetText("パスフレーズが短すぎます。もう一度入力してください。")
	m.Resize(fyne.NewSize(80, 200))
	path := NewWrappedValue(i18n.JA, "設定フォルダー", "C:\\Users\\三菱太郎\\AppData\\Roaming\\Omamori")
	path.Resize(fyne.NewSize(80, 200))
	if !strings.Contains(m.Text, "\n") || !strings.Contains(path.Text, "\n") {
		t.Errorf("not wrapped at 80 px: %q %q", m.Text, path.Text)
	}
	if got := m.AccessibilityLabel(); got != "パスフレーズが短すぎます。もう一度入力してください。" {
		t.Errorf("wrapped message: %q", got)
	}
	if got := path.AccessibilityLabel(); got != "設定フォルダー、C:\\Users\\三菱太郎\\AppData\\Roaming\\Omamori" {
		t.Errorf("wrapped value: %q", got)
	}
	c := NewCheck(i18n.JA, "通知する", nil)
	c.SetChecked(true)
	if got := c.AccessibilityLabel(); got != "通知する、オン" {
		t.Errorf("check box: %q", got)
	}
}
