package jptext

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	omtheme "github.com/omamori-app/omamori/app/theme"
	"github.com/omamori-app/omamori/internal/testenv"
)

// Widths a label gets at the narrowest: the narrowest dialog
// (omtheme.DialogWidth(w, 420), the rename and delete dialogs) and the main
// window at its opening width (520, app/ui/shell.go), less the padding of
// the dialog or window and the label's own. With large text the dialogs
// grow with the text; the window does not.
var narrowest = []struct {
	name  string
	width float32
	large bool
	grows bool
}{
	{"dialog", 420, false, true},
	{"dialog, large text", 420, true, true},
	{"window", 520, false, false},
	{"window, large text", 520, true, false},
}

// badBreak matches a line break inside a word: katakana⏎katakana,
// digit⏎counter, kanji⏎okurigana, Latin⏎particle. Independent of
// keepTogether on purpose: this is what a reader sees.
var badBreak = regexp.MustCompile(`[\p{Katakana}ー]⏎[\p{Katakana}ー]|[0-9０-９]⏎[\p{Han}\p{Hiragana}\p{Katakana}]|\p{Han}⏎\p{Hiragana}|[A-Za-z]⏎\p{Hiragana}`)

// Every Japanese catalog string, set at the narrowest widths with the
// bundled font, breaks no word where the line could break elsewhere.
func TestCatalogLineBreaks(t *testing.T) {
	a := test.NewTempApp(t)
	for _, w := range narrowest {
		th := omtheme.New(omtheme.Light, w.large)
		a.Settings().SetTheme(th)
		size := th.Size(theme.SizeNameText)
		width := w.width
		if w.grows {
			width *= size / theme.DefaultTheme().Size(theme.SizeNameText)
		}
		avail := width - 4*th.Size(theme.SizeNamePadding) - 2*th.Size(theme.SizeNameInnerPadding) - 1
		measure := func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width }
		for _, c := range catalogStrings(t) {
			text := fill(c.text)
			for _, para := range strings.Split(text, "\n") {
				lines := strings.Split(breakLines(para, avail, measure), "\n")
				if bad := wordBreaks(para, lines); bad != "" {
					t.Errorf("%s %s (%s, %.0f px): %s", c.file, c.key, w.name, avail, bad)
				}
			}
		}
	}
}

// wordBreaks names each break inside a word that a break outside one,
// on the same line, could have avoided. A break at a space (「ユーザー
// アカウント制御」) is between words.
func wordBreaks(para string, lines []string) string {
	var out []string
	rest := para
	for i := 0; i+1 < len(lines); i++ {
		rest = strings.TrimPrefix(rest, lines[i])
		atSpace := strings.HasPrefix(rest, " ")
		rest = strings.TrimLeft(rest, " ")
		a, b := []rune(lines[i]), []rune(lines[i+1])
		if len(a) == 0 || len(b) == 0 || atSpace {
			continue
		}
		pair := string(a[len(a)-1]) + "⏎" + string(b[0])
		if !badBreak.MatchString(pair) {
			continue
		}
		// Could the line have ended earlier, outside a word? Then the
		// word would have moved to the next line whole.
		for k := len(a) - 1; k > 0; k-- {
			p := string(a[k-1]) + "⏎" + string(a[k])
			if canBreak(a[k-1], a[k]) && !badBreak.MatchString(p) {
				out = append(out, fmt.Sprintf("「%s⏎%s」 (could break at 「%s」)", string(a[max(0, len(a)-6):]), string(b[:min(len(b), 4)]), p))
				break
			}
		}
	}
	return strings.Join(out, "; ")
}

type catalogString struct{ file, key, text string }

// catalogStrings is every value of every Japanese catalog in the repo.
func catalogStrings(t *testing.T) []catalogString {
	t.Helper()
	var out []catalogString
	for file, m := range testenv.Catalogs(t, "../..", "ja") {
		for k, v := range m {
			out = append(out, catalogString{file, k, v})
		}
	}
	if len(out) < 300 {
		t.Fatalf("only %d catalog strings found", len(out))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].file+out[i].key < out[j].file+out[j].key })
	return out
}

var field = regexp.MustCompile(`\{\{\s*\.([A-Za-z.]+)\s*\}\}`)

// fill puts typical values into a template's fields.
func fill(s string) string {
	return field.ReplaceAllStringFunc(s, func(f string) string {
		name := field.FindStringSubmatch(f)[1]
		switch {
		case name == "Name" || name == "Old" || name == "New":
			return "三菱 太郎"
		case strings.HasPrefix(name, "Amount"):
			return "1分12秒"
		case name == "Site":
			return "example.com"
		case name == "Code" || name == "Next":
			return "123 456"
		case name == "File" || name == "Path" || name == "Dir":
			return `C:\Users\taro\AppData\Roaming\Omamori\accounts.json`
		}
		return "32"
	})
}
