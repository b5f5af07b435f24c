package lockview

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
)

// With the passphrase and the key set up, the screen offers both; the
// typed secret leaves the entry at once and goes to the chosen verifier;
// a refusal is shown in the screen's language.
func TestMethodsAndRefusal(t *testing.T) {
	test.NewTempApp(t)
	var kind, typed string
	v := New(Options{Lang: i18n.JA, Methods: []string{Passphrase, Key},
		Unlock: func(k, s string, done func(error)) {
			kind, typed = k, s
			done(errors.New("PIN が違います"))
		}})
	test.NewTempWindow(t, v.Object())
	if v.Method == nil || len(v.Method.Options) != 2 {
		t.Fatal("two methods set up, but no choice offered")
	}
	v.Method.SetSelected(cat.M("method_key").In(i18n.JA))
	if v.Entry.PlaceHolder != cat.M("label_key").In(i18n.JA) {
		t.Fatalf("placeholder %q after choosing the key", v.Entry.PlaceHolder)
	}
	test.Type(v.Entry, "1234")
	test.Tap(v.Button)
	if kind != Key || typed != "1234" || v.Entry.Text != "" {
		t.Fatalf("unlock got %q %q, entry left %q", kind, typed, v.Entry.Text)
	}
	if !v.Error.Visible() || !strings.Contains(v.Error.Content(), "PIN が違います") || v.Button.Disabled() {
		t.Fatalf("refusal not shown: %q visible %v", v.Error.Content(), v.Error.Visible())
	}
}

// With nothing set up, the screen says what to do and still offers
// Settings and Support (never a trap).
func TestNoMethod(t *testing.T) {
	test.NewTempApp(t)
	opened := 0
	v := New(Options{Lang: i18n.EN, OnSettings: func() { opened++ }, OnHelp: func() { opened++ }})
	texts := strings.Join(uitest.Texts(v.Object()), "\n")
	if !strings.Contains(texts, cat.M("no_method").In(i18n.EN)) || strings.Contains(texts, "[Unlock]") {
		t.Fatalf("texts: %s", texts)
	}
	test.Tap(uitest.Button(v.Object(), "Settings"))
	test.Tap(uitest.Button(v.Object(), "Support"))
	if opened != 2 {
		t.Fatalf("opened %d of Settings and Support", opened)
	}
}

// Windows Hello (the OS check) is offered by its name; chosen, there is
// nothing to type (Windows asks in its own window), the screen says to
// look there, and a refusal is shown. Back to the passphrase, the entry
// returns.
func TestOSMethod(t *testing.T) {
	test.NewTempApp(t)
	var kinds []string
	var v *View
	v = New(Options{Lang: i18n.JA, Methods: []string{Passphrase, OS}, OSName: "Windows Hello",
		Unlock: func(k, s string, done func(error)) {
			kinds = append(kinds, k+":"+s)
			if k == OS && !strings.Contains(v.Error.Content(), "Windows Hello") {
				t.Errorf("while waiting: %q", v.Error.Content())
			}
			done(errors.New("Windows Helloで本人確認ができませんでした"))
		}})
	test.NewTempWindow(t, v.Object())
	if v.Method == nil || v.Method.Options[1] != "Windows Hello" || !v.Entry.Visible() {
		t.Fatalf("methods %v, entry shown %v", v.Method.Options, v.Entry.Visible())
	}
	v.Method.SetSelected("Windows Hello")
	if v.Entry.Visible() {
		t.Fatal("an entry shown for Windows Hello")
	}
	test.Tap(v.Button)
	if len(kinds) != 1 || kinds[0] != OS+":" || !strings.Contains(v.Error.Content(), "本人確認ができませんでした") {
		t.Fatalf("unlock got %v, shown %q", kinds, v.Error.Content())
	}
	v.Method.SetSelected(cat.M("method_passphrase").In(i18n.JA))
	if !v.Entry.Visible() {
		t.Fatal("no entry back for the passphrase")
	}
}
