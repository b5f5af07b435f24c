package uitest

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
)

func problems(t *testing.T, lang string, objs ...fyne.CanvasObject) string {
	t.Helper()
	w := test.NewTempWindow(t, container.NewVBox(objs...))
	w.Resize(fyne.NewSize(400, 400))
	var s []string
	for _, p := range Check(w.Canvas(), Options{Lang: lang}) {
		s = append(s, p.String())
	}
	return strings.Join(s, "\n")
}

func TestCheckFindsWhatAScreenReaderMisses(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name string
		obj  fyne.CanvasObject
		want string // "" = no problem
	}{
		{"labelled button", widget.NewButton("保存", nil), ""},
		{"icon-only button reads its icon's file name", widget.NewButtonWithIcon("", theme.ContentCopyIcon(), nil), "not in ja"},
		{"icon button with a label", a11y.NewButton("", theme.ContentCopyIcon(), "コピー", nil), ""},
		{"English label on a Japanese screen", widget.NewButton("Save", nil), "not in ja"},
		{"bare entry is not read", widget.NewEntry(), "focusable but not read"},
		{"a11y entry", a11y.NewEntry(i18n.JA, "表示名"), ""},
		{"bare check box", widget.NewCheck("通知する", nil), "focusable but not read"},
		{"a11y check box", a11y.NewCheck(i18n.JA, "通知する", nil), ""},
	}
	for _, c := range cases {
		got := problems(t, "ja", c.obj)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: problems %q, want %q", c.name, got, c.want)
		}
	}
	if got := problems(t, "en", widget.NewLabel("三菱の口座")); !strings.Contains(got, "not in en") {
		t.Errorf("Japanese label on an English screen not found: %q", got)
	}
}

// Japanese that Fyne wraps by itself breaks inside words: every screen
// check finds it, in a label, in a11y's labels and in rich text; jptext's
// labels, English and what the user types pass.
func TestCheckFindsJapaneseWrappedByFyne(t *testing.T) {
	test.NewTempApp(t)
	wrapped := func(text string, w fyne.TextWrap) *widget.Label {
		l := widget.NewLabel(text)
		l.Wrapping = w
		return l
	}
	rich := widget.NewRichTextWithText("パスワードが必要です")
	rich.Wrapping = fyne.TextWrapWord
	entry := widget.NewMultiLineEntry()
	entry.SetText("パスワードが必要です")
	cases := []struct {
		name string
		obj  fyne.CanvasObject
		bad  bool
	}{
		{"Fyne word-wrapped label", wrapped("パスワードが必要です", fyne.TextWrapWord), true},
		{"Fyne break-wrapped label", wrapped("C:\\Users\\太郎\\AppData", fyne.TextWrapBreak), true},
		{"Fyne rich text", rich, true},
		{"unwrapped label", widget.NewLabel("パスワードが必要です"), false},
		{"English wrapped by Fyne", wrapped("A passphrase is needed", fyne.TextWrapWord), false},
		{"jptext label", jptext.NewLabel("パスワードが必要です"), false},
		{"a11y message", func() fyne.CanvasObject {
			m := a11y.NewMessage()
			m.SetText("パスワードが必要です")
			return m
		}(), false},
		{"a11y wrapped value", a11y.NewWrappedValue(i18n.JA, "設定フォルダ", "C:\\Users\\太郎"), false},
		{"the user's text in an entry", a11y.NewEntry(i18n.JA, "メモ"), false},
		{"a multi-line entry", entry, false},
	}
	for _, c := range cases {
		w := test.NewTempWindow(t, container.NewVBox(c.obj))
		w.Resize(fyne.NewSize(200, 400))
		got := FyneWrapped(w.Canvas())
		if c.bad != (len(got) > 0) {
			t.Errorf("%s: problems %v, want bad=%v", c.name, got, c.bad)
		}
	}
	if got := problems(t, "ja", wrapped("パスワードが必要です", fyne.TextWrapWord)); !strings.Contains(got, "not jptext") {
		t.Errorf("Check misses Japanese wrapped by Fyne: %q", got)
	}
}

func TestCheckFindsReadingOrderAgainstTheScreen(t *testing.T) {
	test.NewTempApp(t)
	top, bottom := widget.NewLabel("上"), widget.NewLabel("下")
	// bottom first in the objects, drawn at the bottom by the layout
	c := container.New(layout.NewBorderLayout(top, bottom, nil, nil), bottom, top)
	if got := problems(t, "ja", c); !strings.Contains(got, "read after something below it") {
		t.Errorf("reading order not checked: %q", got)
	}
}
