package japhrase

import (
	"reflect"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/third_party/budoux"
)

// BudouX's own parser tests (tests/test_parser.py), with the same toy
// models: a strong UW4 feature splits right before its character, even
// when that makes the first character a phrase of its own.
func TestToyModels(t *testing.T) {
	for _, c := range []struct {
		model, text string
		want        []string
	}{
		{`{"UW4": {"a": 10000}}`, "abcdeabcd", []string{"abcde", "abcd"}},
		{`{"UW4": {"b": 10000}}`, "abcdeabcd", []string{"a", "bcdea", "bcd"}},
		{`{}`, "", nil},
		{`{"UW4": {"a": 10000}}`, "xyzabcd", []string{"xyz", "abcd"}},
		// Every group reaches the characters it names (ours).
		{`{"UW1": {"x": 10}}`, "xyzw", []string{"xyz", "w"}},
		{`{"UW6": {"w": 10}}`, "xyzw", []string{"x", "yzw"}},
		{`{"BW1": {"xy": 10}}`, "xyzw", []string{"xy", "zw"}},
		{`{"BW3": {"zw": 10}}`, "xyzw", []string{"xy", "zw"}},
		{`{"TW1": {"xyz": 10}}`, "xyzw", []string{"xyz", "w"}},
		{`{"TW4": {"yzw": 10}}`, "xyzw", []string{"x", "yzw"}},
		{`{"TW2": {"xyz": 10}}`, "xyzw", []string{"xy", "zw"}},
		{`{"TW3": {"xyz": 10}}`, "xyzw", []string{"x", "yzw"}},
		// The base score is minus half of all scores: with c at 30, b's
		// 10 no longer splits (10-20 < 0), c's 30 does.
		{`{"UW4": {"b": 10}}`, "abc", []string{"a", "bc"}},
		{`{"UW4": {"b": 10, "c": 30}}`, "abc", []string{"ab", "c"}},
	} {
		m, err := NewModel([]byte(c.model))
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Parse(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q: %q, want %q", c.model, c.text, got, c.want)
		}
	}
}

// BudouX's test of its default Japanese parser.
func TestJapaneseDefaultExample(t *testing.T) {
	got := Japanese().Parse("Google の使命は、世界中の情報を整理し、世界中の人がアクセスできて使えるようにすることです。")
	want := []string{"Google の", "使命は、", "世界中の", "情報を", "整理し、", "世界中の", "人が", "アクセスできて", "使えるように", "する", "ことです。"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// BudouX's quality test set (tests/quality/ja.tsv): every sentence is
// split exactly where "▁" marks it.
func TestJapaneseQualitySet(t *testing.T) {
	n := 0
	for _, line := range strings.Split(string(budoux.JapaneseQuality), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		want := strings.TrimSpace(cols[len(cols)-1])
		if got := strings.Join(Japanese().Parse(strings.ReplaceAll(want, "▁", "")), "▁"); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		n++
	}
	if n < 30 {
		t.Fatalf("only %d sentences in the quality set", n)
	}
}

// Words our screens used to break (issue 21) are inside one phrase.
func TestOurWordsStayWhole(t *testing.T) {
	for text, word := range map[string]string{
		"PINの設定が必要です。":      "必要",
		"パスキーを登録します。":       "登録",
		"このキーは使えません。":       "使えません",
		"パスワードを入力してください。":   "パスワード",
		"キーをいったん抜いて差し直します。": "します",
	} {
		if !inOnePhrase(Japanese().Parse(text), word) {
			t.Errorf("%q splits %q: %q", text, word, Japanese().Parse(text))
		}
	}
}

func inOnePhrase(phrases []string, word string) bool {
	for _, p := range phrases {
		if strings.Contains(p, word) {
			return true
		}
	}
	return false
}

func TestStartsEmptyAndOne(t *testing.T) {
	if s := Japanese().Starts(nil); len(s) != 0 {
		t.Errorf("Starts(nil) = %v", s)
	}
	if s := Japanese().Starts([]rune("あ")); !reflect.DeepEqual(s, []bool{true}) {
		t.Errorf("Starts(あ) = %v", s)
	}
}
