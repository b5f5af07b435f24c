//go:build !windows

package clipboard

import (
	"os"
	"strings"
	"testing"
)

// clipboard_darwin.go needs cgo and AppKit, so it is neither built nor run
// here; this checks its source instead: a copied code is offered to this
// Mac only (no Universal Clipboard to the customer's iPhone or iPad), set
// before the types are declared, and nothing clears the pasteboard
// without that option. (Not in the Windows test binary, which runs under
// wine with no source beside it.)
func TestDarwinPasteboardIsCurrentHostOnly(t *testing.T) {
	b, err := os.ReadFile("clipboard_darwin.go")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	prep := strings.Index(src, "[pb prepareForNewContentsWithOptions:NSPasteboardContentsCurrentHostOnly]")
	decl := strings.Index(src, "[pb declareTypes:")
	if prep < 0 || decl < 0 || prep > decl {
		t.Fatalf("the pasteboard is not prepared for the current host only before the code goes on it (prepare at %d, declare at %d)", prep, decl)
	}
	if strings.Contains(src, "[pb clearContents]") {
		t.Error("clearContents resets the pasteboard without the current-host option")
	}
}
