// Package docs_test checks the documentation against the app: the Japanese
// glossary against every Japanese catalog and the help-desk guide, and the
// guide's step lists against the catalogs the app shows them from.
package docs_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/testenv"
)

type rule struct {
	ID      string   `json:"id"`
	Term    string   `json:"term"`
	Use     string   `json:"use"`
	Avoid   string   `json:"avoid"`
	Why     string   `json:"why"`
	When    string   `json:"when"`
	Forbid  string   `json:"forbid"`
	Require string   `json:"require"`
	Allow   []string `json:"allow"`
}

type exception struct {
	File, Key, Rule, Why string
}

type glossary struct {
	Rules      []rule      `json:"rules"`
	Exceptions []exception `json:"exceptions"`
}

func loadGlossary(t *testing.T) glossary {
	t.Helper()
	b, err := os.ReadFile("glossary-ja.json")
	if err != nil {
		t.Fatal(err)
	}
	var g glossary
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("glossary-ja.json: %v", err)
	}
	for _, e := range g.Exceptions {
		if e.Why == "" {
			t.Errorf("exception %s %s %s gives no reason", e.File, e.Key, e.Rule)
		}
	}
	return g
}

// violation is what r finds wrong with s, or "".
func (r rule) violation(s string) string {
	if r.When != "" && !regexp.MustCompile(r.When).MatchString(s) {
		return ""
	}
	if r.Forbid != "" {
		rest := s
		for _, a := range r.Allow {
			rest = strings.ReplaceAll(rest, a, "〓")
		}
		if m := regexp.MustCompile(r.Forbid).FindString(rest); m != "" {
			return fmt.Sprintf("「%s」: use %s, not %s", m, r.Term, r.Avoid)
		}
	}
	if r.Require != "" && !regexp.MustCompile(r.Require).MatchString(s) {
		return fmt.Sprintf("needs %s (%s)", r.Term, r.Use)
	}
	return ""
}

// jaCatalogs finds every Japanese catalog in the repository, so a new
// package's catalog is checked without anyone listing it here.
func jaCatalogs(t *testing.T) map[string]map[string]string {
	t.Helper()
	out := testenv.Catalogs(t, "..", "ja")
	if len(out) < 10 {
		t.Fatalf("found only %d Japanese catalogs: %v", len(out), out)
	}
	return out
}

func TestCatalogsFollowGlossary(t *testing.T) {
	g := loadGlossary(t)
	excepted := map[[3]string]bool{}
	for _, e := range g.Exceptions {
		excepted[[3]string{e.File, e.Key, e.Rule}] = true
	}
	used := map[[3]string]bool{}
	cats := jaCatalogs(t)
	for _, file := range sortedKeys(cats) {
		for _, key := range sortedKeys(cats[file]) {
			for _, r := range g.Rules {
				v := r.violation(cats[file][key])
				id := [3]string{file, key, r.ID}
				if v != "" && excepted[id] {
					used[id] = true
					continue
				}
				if v != "" {
					t.Errorf("%s %s [%s] %s\n\t%s", file, key, r.ID, v, cats[file][key])
				}
			}
		}
	}
	for id := range excepted {
		if !used[id] {
			t.Errorf("exception %v is not needed any more: remove it from glossary-ja.json", id)
		}
	}
}

// The guide is read aloud to customers: it follows the same words. Code
// spans, image paths and fenced blocks are not prose and are skipped.
func TestHelpdeskGuideFollowsGlossary(t *testing.T) {
	g := loadGlossary(t)
	b, err := os.ReadFile("helpdesk-ja.md")
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile("`[^`]*`|\\]\\([^)]*\\)")
	fenced := false
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		prose := code.ReplaceAllString(line, "〓")
		for _, r := range g.Rules {
			if r.Require != "" { // a paragraph's words span lines; checked in the catalogs
				continue
			}
			if v := r.violation(prose); v != "" {
				t.Errorf("helpdesk-ja.md:%d [%s] %s\n\t%s", i+1, r.ID, v, line)
			}
		}
	}
}

// Every rule can fail: it flags the words it is there to keep out.
func TestGlossaryRulesCatch(t *testing.T) {
	bad := map[string]string{
		"otp":          "コピーしたパスワードを消す",
		"secret":       "「三菱 太郎」の鍵が見つかりません",
		"store":        "パソコンのキーリングを使えませんでした",
		"digits":       "設定用番号が31文字になっています",
		"name":         "Omamoriを起動し直してください",
		"contact":      "サポート窓口にお問い合わせください",
		"reenrol":      "証券会社で再設定してください",
		"reset":        "キーをリセットします",
		"qr":           "QR コードの画像",
		"display":      "アカウント名を短くしてください",
		"touch":        "キーが光ったらタッチしてください",
		"tray":         "タスクトレイに入れる",
		"terminal":     "端末では timedatectl",
		"long-vowel":   "時刻サーバの指定",
		"space":        "あと 22 秒",
		"plain-refuse": "キーがこの操作を拒否しました",
		"plain-test":   "署名を確認できました",
		"plain-count":  "（1/2 回目）",
		"plain-form":   "✓ 正しい設定用番号です。",
		"one-action":   "資格情報マネージャーが使えることを確認してから",
	}
	for _, r := range loadGlossary(t).Rules {
		s, ok := bad[r.ID]
		if !ok {
			t.Errorf("rule %s has no bad example in this test", r.ID)
			continue
		}
		if r.violation(s) == "" {
			t.Errorf("rule %s lets %q through", r.ID, s)
		}
	}
	good := "「三菱 太郎」のワンタイムパスワードをコピーしました。あと22秒です。お守り (Omamori) の登録情報は、Windowsの資格情報マネージャーにあります。"
	for _, r := range loadGlossary(t).Rules {
		if v := r.violation(good); v != "" {
			t.Errorf("rule %s flags good text: %s", r.ID, v)
		}
	}
}

// The table in glossary-ja.md is made from glossary-ja.json, so the two
// never disagree. OMAMORI_UPDATE_GLOSSARY=1 rewrites it.
func TestGlossaryDocMatchesRules(t *testing.T) {
	const begin, end = "<!-- glossary:begin (generated from glossary-ja.json) -->\n", "<!-- glossary:end -->"
	var b strings.Builder
	b.WriteString(begin)
	b.WriteString("| 使う言葉 | 使い方 | 使わない言葉 | 理由 |\n| --- | --- | --- | --- |\n")
	cell := strings.NewReplacer("|", "\\|", "\n", " ")
	for _, r := range loadGlossary(t).Rules {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell.Replace(r.Term), cell.Replace(r.Use), cell.Replace(r.Avoid), cell.Replace(r.Why))
	}
	b.WriteString(end)
	doc, err := os.ReadFile("glossary-ja.md")
	if err != nil {
		t.Fatal(err)
	}
	i, j := strings.Index(string(doc), begin), strings.Index(string(doc), end)
	if i < 0 || j < i {
		t.Fatalf("glossary-ja.md lacks the markers %q … %q", begin, end)
	}
	want := string(doc[:i]) + b.String() + string(doc[j+len(end):])
	if want == string(doc) {
		return
	}
	if os.Getenv("OMAMORI_UPDATE_GLOSSARY") == "1" {
		if err := os.WriteFile("glossary-ja.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Error("glossary-ja.md's table differs from glossary-ja.json: run OMAMORI_UPDATE_GLOSSARY=1 go test ./docs")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
