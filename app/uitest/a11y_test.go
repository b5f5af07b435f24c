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

func TestCheckFindsReadingOrderAgainstTheScreen(t *testing.T) {
	test.NewTempApp(t)
	top, bottom := widget.NewLabel("上"), widget.NewLabel("下")
	// bottom first in the objects, drawn at the bottom by the layout
	c := container.New(layout.NewBorderLayout(top, bottom, nil, nil), bottom, top)
	if got := problems(t, "ja", c); !strings.Contains(got, "read after something below it") {
		t.Errorf("reading order not checked: %q", got)
	}
}
