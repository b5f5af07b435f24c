package ui

import (
	"os"
	"os/exec"
	"runtime"
	"testing"

	"fyne.io/fyne/v2/theme"

	"github.com/omamori-app/omamori/assets"
)

// The window holds the fonts it draws with and little else. Fyne parsed its
// own text fonts, the emoji font and the symbol font beside ours up front,
// each costing about its size in live heap for as long as the app runs
// (issue 12; third_party/fyne patch 0007 parses them only for a rune ours
// lack). Measured in a fresh process: a font once parsed stays parsed for the
// whole test binary. Live heap after a GC is a count of bytes held, not a timing.
func TestWindowHeapIsItsFontsAndLittleElse(t *testing.T) {
	const child = "OMAMORI_WINDOW_HEAP_CHILD"
	if os.Getenv(child) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWindowHeapIsItsFontsAndLittleElse$", "-test.v")
		cmd.Env = append(os.Environ(), child+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	before := liveHeap()
	s, _, _, _ := newShell(t, "ja")
	markup(s) // lays out and measures every text, as a frame does
	held := liveHeap() - before

	fonts := uint64(len(assets.FontRegular.Content()) + len(assets.FontBold.Content()) +
		len(theme.DefaultTextMonospaceFont().Content()))
	const window = 5 << 20 // the window itself held 2.4 MiB beside its fonts
	if held > fonts+window {
		t.Errorf("the window holds %d MiB of heap, its fonts are %d MiB: a font it does not draw with was parsed?",
			held>>20, fonts>>20)
	}
}

func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
