// Package jptext has a label that wraps Japanese text the way it is
// typeset, for every screen of the app.
package jptext

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/internal/japhrase"
)

// Label is a label that wraps Japanese as it is typeset: between
// phrases (文節, found by internal/japhrase with BudouX's model), so that
// 「必要」「登録」「使えません」 are never cut, and never before closing
// punctuation or small kana (、。」） ぁっ…), after an opening bracket, or
// inside a Latin word. A phrase longer than a line breaks between
// characters, where possible not inside a katakana word, a number and its
// counter, or a kanji and its okurigana. fyne's own wrapping breaks
// Japanese either anywhere (a lone "。" starts a line) or only at the
// spaces around Latin words (ragged lines, "Windows" alone on one).
type Label struct {
	widget.Label
	text  string  // as given, without the inserted line breaks
	width float32 // the width the breaks were made for; 0 before layout
}

// NewLabel makes a wrapping label for text.
func NewLabel(text string) *Label {
	l := &Label{text: text}
	l.Label.Text = text
	l.ExtendBaseWidget(l)
	return l
}

// Content is the text as given, without the line breaks wrapping added.
func (l *Label) Content() string { return l.text }

// SetText replaces the text.
func (l *Label) SetText(text string) {
	l.text = text
	l.Refresh()
}

// Resize breaks the lines for the new width.
func (l *Label) Resize(size fyne.Size) {
	if size.Width != l.width {
		l.width = size.Width
		l.Refresh()
	}
	l.Label.Resize(size)
}

// Refresh breaks the lines again (the text or its style may have
// changed) and redraws.
func (l *Label) Refresh() {
	l.Label.Text = l.text
	if l.width > 0 {
		th := l.Theme()
		size := th.Size(theme.SizeNameText)
		if l.SizeName != "" {
			size = th.Size(l.SizeName)
		}
		avail := l.width - 2*th.Size(theme.SizeNameInnerPadding) - 1
		style := l.TextStyle
		l.Label.Text = breakLines(l.text, avail, func(s string) float32 { return fyne.MeasureText(s, size, style).Width })
	}
	l.Label.Refresh()
}

// MinSize asks for little width, like fyne's wrapped labels: the
// parent's width decides where the lines break.
func (l *Label) MinSize() fyne.Size {
	ms := l.Label.MinSize()
	ms.Width = min(ms.Width, 4*theme.TextSize())
	return ms
}

// breakLines inserts line breaks so that no line is wider than avail.
func breakLines(text string, avail float32, width func(string) float32) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, breakParagraph([]rune(para), avail, width)...)
	}
	return strings.Join(out, "\n")
}

func breakParagraph(r []rune, avail float32, width func(string) float32) []string {
	lines := []string{}
	starts := japhrase.Japanese().Starts(r)
	for len(r) > 0 {
		n := fitting(r, avail, width)
		if n < len(r) {
			n = breakAt(r, starts, n, avail, width)
		}
		lines = append(lines, strings.TrimRight(string(r[:n]), " "))
		for n < len(r) && r[n] == ' ' {
			n++
		}
		r, starts = r[n:], starts[n:]
	}
	if len(lines) == 0 {
		lines = append(lines, "")
	}
	return lines
}

// breakAt is where the line that could hold r[:n] ends: at the last
// phrase boundary (a BudouX phrase start, or a space) where the
// typesetting rules allow a break, so that the phrase after it moves to
// the next line whole. A phrase too long for any line starts where it
// is and breaks where it must (breakBefore).
func breakAt(r []rune, starts []bool, n int, avail float32, width func(string) float32) int {
	for k := n; k > 0; k-- {
		if !boundary(r, starts, k) {
			continue
		}
		if width(strings.TrimRight(string(r[k:phraseEnd(r, starts, k)]), " ")) > avail {
			break // the phrase after k fits on no line
		}
		return k
	}
	return breakBefore(r, n)
}

// phraseEnd is where the phrase that starts at r[k] ends: at the next
// boundary where a line may break.
func phraseEnd(r []rune, starts []bool, k int) int {
	for e := k + 1; e < len(r); e++ {
		if boundary(r, starts, e) {
			return e
		}
	}
	return len(r)
}

// boundary reports whether a line may break before r[k] between two
// phrases: a phrase starts there (or a space is there), the kinsoku rules
// allow it, and it is not after a middle dot, which joins the parts of
// one term (【登録情報・手続】).
func boundary(r []rune, starts []bool, k int) bool {
	return (starts[k] || r[k-1] == ' ' || r[k] == ' ') && r[k-1] != '・' && canBreak(r[k-1], r[k])
}

// fitting is the number of runes of r that fit in avail (at least one).
func fitting(r []rune, avail float32, width func(string) float32) int {
	lo, hi := 1, len(r) // lo always "fits" (a line holds at least one rune)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if width(string(r[:mid])) <= avail {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// breakBefore moves a break before r[n] back to where Japanese and
// English typesetting allow one, preferring a place outside a word
// (see keepTogether): a katakana word, a number with its counter or a
// verb with its okurigana moves to the next line whole unless it alone
// fills the line. n itself if there is no place at all.
func breakBefore(r []rune, n int) int {
	loose := -1
	for k := n; k > 0; k-- {
		if !canBreak(r[k-1], r[k]) {
			continue
		}
		if !keepTogether(r[k-1], r[k]) {
			return k
		}
		if loose < 0 {
			loose = k
		}
	}
	if loose > 0 {
		return loose
	}
	return n
}

// keepTogether reports whether a line may end with a and the next begin
// with b, but better not: inside a katakana word (ワンタイムパスワード), a
// number and its counter (32桁, 30秒), a kanji and its okurigana (押し,
// 合わせて), or a Latin word and the particle after it (PINを).
func keepTogether(a, b rune) bool {
	switch {
	case isKatakana(a) && isKatakana(b):
		return true
	case isDigit(a) && isWordRune(b):
		return true
	case unicode.Is(unicode.Han, a) && unicode.Is(unicode.Hiragana, b):
		return true
	case (isDigit(a) || isLatinLetter(a)) && unicode.Is(unicode.Hiragana, b):
		return true
	}
	return false
}

// isWordRune: kanji or kana, not punctuation.
func isWordRune(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) && r != '・'
}

func isKatakana(r rune) bool {
	return unicode.Is(unicode.Katakana, r) || r == 'ー'
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

func isLatinLetter(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }

// canBreak reports whether a line may end with a and the next begin
// with b.
func canBreak(a, b rune) bool {
	switch {
	case a == ' ' || b == ' ':
		return true
	case strings.ContainsRune(noLineStart, b), strings.ContainsRune(noLineEnd, a):
		return false
	case !isCJK(a) && !isCJK(b): // inside a Latin word or number
		return false
	}
	return true
}

// Kinsoku: characters that must not start a line, and that must not end
// one.
const (
	noLineStart = "、。，．・：；？！ー―…‥）］｝〕〉》」』】〙〗〟’”｠»" +
		"ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ" +
		".,:;!?)]}%"
	noLineEnd = "（［｛〔〈《「『【〘〖〝‘“｟«([{"
)

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK punctuation
		(r >= 0xFF00 && r <= 0xFFEF) // full-width forms
}

// AccessibilityLabel is the text as given: the line breaks wrapping added
// are for the eye only.
func (l *Label) AccessibilityLabel() string { return l.text }
