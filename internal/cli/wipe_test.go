package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Wiping a byte slice after string(b) copied it clears nothing that
// matters: the string (immutable, never cleared) still holds the secret.
// Such a wipe only claims a protection we do not give, so none may stay
// (docs/security.md says why we do not keep secrets in bytes end to end).
func TestNoWipeAfterStringCopy(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			wiped, copied := map[string]token.Pos{}, map[string]bool{}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					return true
				}
				fun, ok1 := call.Fun.(*ast.Ident)
				arg, ok2 := call.Args[0].(*ast.Ident)
				if ok1 && ok2 {
					switch fun.Name {
					case "wipe", "clear":
						wiped[arg.Name] = call.Pos()
					case "string":
						copied[arg.Name] = true
					}
				}
				return true
			})
			for v, pos := range wiped {
				if copied[v] {
					t.Errorf("%s: %s wipes %s, which string(%s) already copied", fset.Position(pos), fn.Name.Name, v, v)
				}
			}
		}
	}
}
