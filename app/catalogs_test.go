package app

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// renderers are the helpers through which app/ code names one of its own
// package's catalog keys, with the key's argument position: cat.M("x"),
// t("x"), s.t("x"), tr/msg/label("x"), text(l, "x"), Text(l, "x"),
// Label(l, "x").
var renderers = map[string]int{"M": 0, "t": 0, "tr": 0, "msg": 0, "label": 0, "text": 1, "Text": 1, "Label": 1}

// Every key a window package's code asks for is in its own catalog (a
// typo would show the key itself on screen), and every text is filled in
// both languages.
func TestUsedKeysExist(t *testing.T) {
	dirs, err := filepath.Glob("*/locales")
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, "locales")
	used := 0
	for _, loc := range dirs {
		pkg := filepath.Dir(loc)
		keys := catalogKeys(t, loc)
		for _, u := range keysUsed(t, pkg) {
			used++
			if !keys[u.key] && !keys[prefix(keys)+u.key] {
				t.Errorf("%s uses %q, not in %s", u.pos, u.key, loc)
			}
		}
	}
	if used < 200 {
		t.Errorf("found only %d uses; is the scan still right?", used)
	}
}

func catalogKeys(t *testing.T, dir string) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	for _, l := range []string{"en", "ja"} {
		b, err := os.ReadFile(filepath.Join(dir, l+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s/%s.json: %v", dir, l, err)
		}
		for k, v := range m {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s/%s.json: %s is empty", dir, l, k)
			}
			keys[k] = true
		}
	}
	return keys
}

// prefix is the "backup."-style prefix every key of a catalog shares, if any.
func prefix(keys map[string]bool) string {
	p := ""
	for k := range keys {
		i := strings.Index(k, ".")
		if i < 0 || (p != "" && k[:i+1] != p) {
			return ""
		}
		p = k[:i+1]
	}
	return p
}

type use struct{ key, pos string }

// keysUsed finds the string literals handed to a renderer in pkg's Go
// files (not its tests). Calls through another package (appbackup.Label,
// securitykey's catalog) are that package's business.
func keysUsed(t *testing.T, pkg string) []use {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(pkg, "*.go"))
	fset := token.NewFileSet()
	var out []use
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		imported := map[string]bool{}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			n := path.Base(p)
			if im.Name != nil {
				n = im.Name.Name
			}
			imported[n] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var fn string
			switch x := call.Fun.(type) {
			case *ast.Ident:
				fn = x.Name
			case *ast.SelectorExpr:
				fn = x.Sel.Name
				if id, ok := x.X.(*ast.Ident); ok && (imported[id.Name] || (fn == "M" && id.Name != "cat")) {
					return true
				}
			}
			at, ok := renderers[fn]
			if !ok || len(call.Args) <= at {
				return true
			}
			if lit, ok := call.Args[at].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				k, _ := strconv.Unquote(lit.Value)
				out = append(out, use{k, fset.Position(lit.Pos()).String()})
			}
			return true
		})
	}
	return out
}
