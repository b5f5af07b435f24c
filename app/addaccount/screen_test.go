package addaccount

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/screenqr"
)

func showScreen(t *testing.T, lang i18n.Lang, read func() ([]screenqr.Code, error)) *Dialog {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(560, 640))
	w.Show()
	t.Cleanup(w.Close)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	return Show(Options{Window: w, Store: store, Lang: lang, ReadScreen: read})
}

// tapScreen presses 画面のQRコードを読み取る and waits until done holds
// (read on Fyne's goroutine): the answer comes from another goroutine.
func tapScreen(t *testing.T, g *Dialog, done func() bool) {
	t.Helper()
	test.Tap(g.Screen)
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		ok := false
		fyne.DoAndWait(func() { ok = !g.Screen.Disabled() && done() })
		if ok {
			return
		}
	}
	fyne.DoAndWait(func() { t.Fatalf("no answer: code %q name %q status %q", g.Code.Text, g.Name.Text, g.Status.Text) })
}

func TestScreenButtonFillsTheCode(t *testing.T) {
	uri := "otpauth://totp/Mizuho:taro?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Mizuho"
	g := showScreen(t, i18n.JA, func() ([]screenqr.Code, error) {
		return []screenqr.Code{{Text: "otpauth-migration://offline?data=x", Migration: true}, {Text: uri}}, nil
	})
	if g.Screen == nil || g.Screen.Text != "画面のQRコードを読み取る" {
		t.Fatalf("button %v", g.Screen)
	}
	tapScreen(t, g, func() bool { return g.Code.Text == uri && g.Name.Text == "Mizuho" && !g.Register.Disabled() })
}

func TestScreenButtonSaysWhatIsWrong(t *testing.T) {
	for _, c := range []struct {
		codes []screenqr.Code
		err   error
		want  string
	}{
		{err: screenqr.TransferOnly(), want: "移行用コード"},
		{codes: []screenqr.Code{{Text: "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP"}, {Text: "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP"}}, want: "2個"},
		{codes: []screenqr.Code{{Text: "otpauth-migration://offline?data=x", Migration: true}}, want: "移行用コード"},
	} {
		g := showScreen(t, i18n.JA, func() ([]screenqr.Code, error) { return c.codes, c.err })
		tapScreen(t, g, func() bool { return g.Code.Text == "" && strings.Contains(g.Status.Text, c.want) })
	}
}

// Without the port there is no button.
func TestNoScreenButtonWithoutPort(t *testing.T) {
	if g := showWith(t, i18n.EN, nil); g.Screen != nil {
		t.Fatal("a screen button without ReadScreen")
	}
}
