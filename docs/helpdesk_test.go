package docs_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

var (
	marker   = regexp.MustCompile(`^<!-- (steps|text): (\S+) (.+?) -->$`)
	numbered = regexp.MustCompile(`^(\d+)\. (.*)$`)
	quoted   = regexp.MustCompile(`「([^「」]+)」`)
)

// The guide's step lists are the app's: after a marker
//
//	<!-- steps: CATALOG KEY [KEY…] -->
//
// the numbered list must be those strings in that order (a single key whose
// text holds its own numbered lines gives those lines), and after
//
//	<!-- text: CATALOG KEY -->
//
// the paragraph must be one of the string's paragraphs. So the guide a help
// desk reads aloud says what the customer sees.
func TestHelpdeskStepsMatchApp(t *testing.T) {
	lines := guideLines(t)
	cats := jaCatalogs(t)
	found := 0
	for i, line := range lines {
		m := marker.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		found++
		cat, ok := cats[m[2]]
		if !ok {
			t.Errorf("helpdesk-ja.md:%d: no catalog %s", i+1, m[2])
			continue
		}
		var want []string
		for _, key := range strings.Fields(m[3]) {
			v, ok := cat[key]
			if !ok {
				t.Errorf("helpdesk-ja.md:%d: %s has no key %s", i+1, m[2], key)
			}
			want = append(want, v)
		}
		switch m[1] {
		case "steps":
			if len(want) == 1 && strings.Contains(want[0], "\n1. ") {
				want = numberedLines(want[0])
			}
			got := listAfter(lines, i+1)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("helpdesk-ja.md:%d: the steps differ from %s %s\n got:\n%s\nwant:\n%s", i+1, m[2], m[3], strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		case "text":
			got := paragraphAfter(lines, i+1)
			if !contains(strings.Split(want[0], "\n\n"), got) {
				t.Errorf("helpdesk-ja.md:%d: the paragraph differs from %s %s\n got: %s\nwant one of: %q", i+1, m[2], m[3], got, strings.Split(want[0], "\n\n"))
			}
		}
	}
	if found < 6 {
		t.Errorf("only %d step/text markers in helpdesk-ja.md", found)
	}
}

// Every screen word a numbered step quotes (「PINを設定」) is one the app
// or the installer shows, or the name of an OS setting the app's own
// steps use: a renamed button cannot leave the guide behind.
func TestHelpdeskQuotesAppWords(t *testing.T) {
	var all strings.Builder
	for _, cat := range jaCatalogs(t) {
		for _, v := range cat {
			all.WriteString(v + "\n")
		}
	}
	nsi, err := os.ReadFile("../installer/windows/omamori.nsi")
	if err != nil {
		t.Fatal(err)
	}
	all.Write(nsi)
	// Words the customer sees outside Omamori: Windows' and the broker's.
	outside := []string{"はい", "詳細情報", "実行", "Applications", "アプリ", "インストールされているアプリ", "アンインストール", "お守り (Omamori)", "完了", "WindowsによってPCが保護されました", "アカウント", "サインイン\nオプション", "パスキーを登録しようとすると『USBポートに挿入します』と表示されて進まない", "コピー", "アカウントの追加"}
	lines := guideLines(t)
	for i := 0; i < len(lines); i++ {
		m := numbered.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		step := m[2]
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "   ") {
			i++
			step += "\n" + strings.TrimSpace(lines[i])
		}
		for _, q := range quoted.FindAllStringSubmatch(step, -1) {
			if !strings.Contains(all.String(), q[1]) && !contains(outside, q[1]) {
				t.Errorf("helpdesk-ja.md:%d: 「%s」 is not a word the app shows", i+1, q[1])
			}
		}
	}
}

func guideLines(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("helpdesk-ja.md")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

func numberedLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if m := numbered.FindStringSubmatch(l); m != nil {
			out = append(out, m[2])
		}
	}
	return out
}

// listAfter is the numbered list starting at line i (continuation lines,
// indented, joined without a break).
func listAfter(lines []string, i int) []string {
	var out []string
	for ; i < len(lines); i++ {
		if m := numbered.FindStringSubmatch(lines[i]); m != nil {
			out = append(out, m[2])
		} else if strings.HasPrefix(lines[i], "   ") && len(out) > 0 {
			out[len(out)-1] += strings.TrimSpace(lines[i])
		} else {
			break
		}
	}
	return out
}

func paragraphAfter(lines []string, i int) string {
	var b strings.Builder
	for ; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
		b.WriteString(strings.TrimSpace(lines[i]))
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
