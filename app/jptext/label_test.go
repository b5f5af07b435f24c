package jptext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Every rune one unit wide, so avail is a number of characters.
func runes(s string) float32 { return float32(utf8.RuneCountInString(s)) }

func TestBreakLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		avail float32
		want  string
	}{
		{"あいう。えお", 3, "あい\nう。え\nお"},         // no line starts with 。
		{"あい「うえ」お", 3, "あい\n「う\nえ」お"},       // no line ends with 「 nor starts with 」
		{"ピンを押してください", 4, "ピンを押\nしてくだ\nさい"}, // Japanese breaks anywhere else
		{"あいちょう", 3, "あい\nちょう"},             // no small kana first
		{"Choose a PIN now", 8, "Choose a\nPIN now"},
		{"Windows 10（バージョン1903）以降", 12, "Windows 10\n（バージョン1903）以\n降"},
		{"PINは4文字以上", 4, "PINは\n4文字以\n上"},
		{"Supercalifragilistic", 5, "Super\ncalif\nragil\nistic"}, // too long: forced
		{"一行目\n二行目", 10, "一行目\n二行目"},
		{"", 10, ""},
	} {
		got := breakLines(c.text, c.avail, runes)
		if got != c.want {
			t.Errorf("%q in %v:\n got %q\nwant %q", c.text, c.avail, got, c.want)
		}
		for _, line := range strings.Split(got, "\n") {
			if runes(line) > c.avail {
				t.Errorf("%q: line %q wider than %v", c.text, line, c.avail)
			}
		}
	}
}
