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

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/japhrase"
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

// Every Japanese catalog string, set at the narrowest widths with the
// bundled font, breaks its lines between phrases (BudouX's, or at a
// space): a line breaks inside a phrase only when that phrase is wider
// than a whole line.
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
				if bad := phraseBreaks(para, lines, avail, measure); bad != "" {
					t.Errorf("%s %s (%s, %.0f px): %s", c.file, c.key, w.name, avail, bad)
				}
			}
		}
	}
}

// phraseBreaks names each line break inside a phrase that would have
// fitted on a line of its own. Independent of breakAt on purpose: this
// is what a reader sees.
func phraseBreaks(para string, lines []string, avail float32, measure func(string) float32) string {
	r := []rune(para)
	starts := japhrase.Japanese().Starts(r)
	// A phrase boundary where kinsoku forbids a break (before 「：」)
	// joins the phrases around it.
	boundary := func(k int) bool {
		return k <= 0 || k >= len(r) || (starts[k] || r[k-1] == ' ' || r[k] == ' ') && canBreak(r[k-1], r[k])
	}
	var out []string
	pos := 0
	for i := 0; i+1 < len(lines); i++ {
		pos += len([]rune(lines[i]))
		for pos < len(r) && r[pos] == ' ' {
			pos++
		}
		if boundary(pos) {
			continue
		}
		from, to := pos, pos
		for !boundary(from) {
			from--
		}
		for to++; !boundary(to); to++ {
		}
		if phrase := string(r[from:to]); measure(phrase) <= avail {
			out = append(out, fmt.Sprintf("「%s⏎%s」 inside 「%s」", lines[i], lines[i+1], phrase))
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
