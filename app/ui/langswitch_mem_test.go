package ui

import (
	"testing"

	"github.com/omamori-app/omamori/app/settings"
)

// A language switch sets the theme again, which clears Fyne's font caches.
// Fonts parsed again then stayed alive in the text shaper's cache: about
// 10 MiB more live heap on every switch (issue 12; fixed by third_party/fyne
// patch 0006, which every test run applies). Live heap after a GC is a count
// of bytes held, not a timing.
func TestLanguageSwitchesDoNotGrowHeap(t *testing.T) {
	s, _, _, _ := newShell(t, "")
	s.d.LangForced = ""
	switchTwice := func() uint64 {
		for _, l := range []string{"en", "ja"} {
			s.Apply(settings.Settings{Language: l})
			markup(s) // lays out and measures every text, as a frame does
		}
		return liveHeap()
	}
	first := switchTwice()
	var last uint64
	for range 3 {
		last = switchTwice()
	}
	const slack = 4 << 20 // less than one parsed CJK font
	if last > first+slack {
		t.Errorf("live heap grew from %d to %d MiB over 6 language switches", first>>20, last>>20)
	}
}
