package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/uitest"
)

// The security-key window's button opens the passkey-readiness window,
// on the broker that has a passkey page (seed 000's).
func TestPasskeyReadyFromKeyWindow(t *testing.T) {
	s, _, _, a := newShell(t, "ja")
	s.noKeyPolling = true
	s.d.Keys = noKeys{}
	s.ShowKeys()
	b, ok := uitest.Find(s.keysWin.w.Content(), func(b *widget.Button) bool { return b.Text == "証券会社のパスキーを登録する…" })
	if !ok {
		t.Fatalf("no readiness button: %q", buttons(s.keysWin.w.Content()))
	}
	test.Tap(b)
	for _, w := range a.Driver().AllWindows() {
		if w.Title() != "パスキーの準備" {
			continue
		}
		ok := false
		for range 200 { // the keys are read on a goroutine
			got := strings.Join(uitest.Texts(w.Content()), "\n")
			if strings.Contains(got, "ワイエム証券のパスキーをこのパソコンで登録する") && strings.Contains(got, "つながっていません") {
				ok = true
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if !ok || !strings.Contains(strings.Join(buttons(w.Content()), "|"), "パスキー登録画面を開く") {
			t.Errorf("readiness window shows %q", uitest.Texts(w.Content()))
		}
		return
	}
	t.Fatal("no passkey-readiness window")
}
