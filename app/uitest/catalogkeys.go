package uitest

import (
	"go/ast"
	"go/parser"
	"go/token"
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

// KeyUse is one catalog key named in code, and where.
type KeyUse struct{ Key, Pos string }

// KeysUsed finds the string literals handed to a renderer in the Go files
// (not the tests) of the package in dir. Calls through another package
// (backupview.Label, securitykey's catalog) are that package's business.
// A key may lack its catalog's shared prefix ("keys.x" is named "x").
func KeysUsed(t testing.TB, dir string) []KeyUse {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	var out []KeyUse
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		imported := importNames(f)
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
				out = append(out, KeyUse{k, fset.Position(lit.Pos()).String()})
			}
			return true
		})
	}
	return out
}

// importNames are the names a file's imports are known by.
func importNames(f *ast.File) map[string]bool {
	names := map[string]bool{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		n := path.Base(p)
		if im.Name != nil {
			n = im.Name.Name
		}
		names[n] = true
	}
	return names
}

// KeyPrefix is the "backup."-style prefix every key of a catalog shares,
// if any.
func KeyPrefix(keys map[string]bool) string {
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
