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
		{"あいう。えお", 3, "あい\nう。\nえお"},       // no line starts with 。; えお is a phrase
		{"あい「うえ」お", 3, "あい\n「う\nえ」お"},     // no line ends with 「 nor starts with 」
		{"ピンをしてください", 4, "ピンをし\nてくださ\nい"}, // Japanese breaks anywhere else
		{"あいちょう", 3, "あい\nちょう"},           // no small kana first
		{"Choose a PIN now", 8, "Choose a\nPIN now"},
		{"Windows 10（バージョン1903）以降", 12, "Windows 10\n（バージョン1903）\n以降"},
		{"PINは4文字以上", 4, "PINは\n4文字以\n上"},
		{"Supercalifragilistic", 5, "Super\ncalif\nragil\nistic"}, // too long: forced
		{"一行目\n二行目", 10, "一行目\n二行目"},
		{"", 10, ""},
	} {
		check(t, c.text, c.avail, c.want)
	}
}

// Words stay whole when the line can break elsewhere: katakana words,
// numbers with their counters, kanji with okurigana, Latin words with the
// particle after them.
func TestBreakLinesKeepsWordsTogether(t *testing.T) {
	for _, c := range []struct {
		text  string
		avail float32
		want  string
	}{
		{"設定用番号は32桁です", 8, "設定用番号は\n32桁です"},         // not 32⏎桁
		{"このワンタイムパスワードです", 8, "この\nワンタイムパス\nワードです"}, // alone too long: forced, and not before ー
		{"このパスワードを", 5, "この\nパスワード\nを"},             // not パス⏎ワード
		{"ボタンを押してください", 5, "ボタンを\n押してくだ\nさい"},       // not 押⏎し
		{"時計を合わせてください", 4, "時計を\n合わせて\nください"},       // not 合⏎わせて
		{"空白とハイフンは数えません", 6, "空白と\nハイフンは\n数えません"},   // not ハイフ⏎ン
		{"あと30秒です", 3, "あと\n30秒\nです"},               // not 3⏎0 nor 30⏎秒
		{"キーのPINを入力", 5, "キーの\nPINを\n入力"},           // PIN⏎を kept, 入力 whole
		{"ワンタイムパスワード", 4, "ワンタイ\nムパス\nワード"},         // one long word: breaks where it must
	} {
		check(t, c.text, c.avail, c.want)
	}
}

// Lines break between phrases (BudouX): the words issue 21 found cut
// on the screens stay whole when their phrase fits on a line.
func TestBreakLinesBetweenPhrases(t *testing.T) {
	for _, c := range []struct {
		text  string
		avail float32
		want  string
	}{
		{"PINの設定が必要です。", 8, "PINの設定が\n必要です。"},       // not 必⏎要
		{"キーに登録します。", 7, "キーに\n登録します。"},             // not 登⏎録
		{"パスキーを登録します。", 10, "パスキーを\n登録します。"},        // not しま⏎す
		{"このパスワードは使えません。", 9, "このパスワードは\n使えません。"},   // not 使⏎えません
		{"このパスワードは使えません。", 6, "この\nパスワードは\n使えません。"}, // not パス⏎ワード
		{"キーを抜いて差し直してください。", 10, "キーを抜いて\n差し直してください。"},
		{"ログインし、【登録情報・手続】を開きます。", 14, "ログインし、\n【登録情報・手続】を\n開きます。"}, // not ・⏎手続
		{"キーを抜いて差し直してください。", 9, "キーを抜いて差し\n直してください。"},              // the last phrase fits no line: filled
	} {
		check(t, c.text, c.avail, c.want)
	}
}

func TestKeepTogether(t *testing.T) {
	for _, c := range []struct {
		a, b rune
		keep bool
	}{
		{'パ', 'ス', true}, {'ワ', 'ー', true}, {'3', '2', false}, {'2', '桁', true}, {'０', '秒', true},
		{'押', 'し', true}, {'N', 'を', true}, {'を', '押', false}, {'す', '。', false}, {'番', '号', false},
		{'で', 'ワ', false}, {'ド', 'を', false}, {'0', '（', false}, {'ン', '・', false},
	} {
		if got := keepTogether(c.a, c.b); got != c.keep {
			t.Errorf("keepTogether(%q, %q) = %v, want %v", c.a, c.b, got, c.keep)
		}
	}
}

func check(t *testing.T, text string, avail float32, want string) {
	t.Helper()
	got := breakLines(text, avail, runes)
	if got != want {
		t.Errorf("%q in %v:\n got %q\nwant %q", text, avail, got, want)
	}
	for _, line := range strings.Split(got, "\n") {
		if runes(line) > avail {
			t.Errorf("%q: line %q wider than %v", text, line, avail)
		}
	}
}
