package assets

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"
	"unsafe"

	"fyne.io/fyne/v2/theme"
)

// mapped counts the inner whole pages of b that are mapped into this
// process (its resident set), from /proc/self/pagemap's "present" bit.
// (mincore would not do: it reports the page cache, which keeps them.)
func mapped(t *testing.T, b []byte) (in, all int) {
	t.Helper()
	f, err := os.Open("/proc/self/pagemap")
	if err != nil {
		t.Skip("no pagemap:", err)
	}
	defer f.Close()
	p, n := inner(b)
	page := os.Getpagesize()
	all = n / page
	buf := make([]byte, 8*all)
	if _, err := f.ReadAt(buf, int64(uintptr(unsafe.Pointer(p))/uintptr(page))*8); err != nil {
		t.Fatal(err)
	}
	for i := range all {
		if binary.LittleEndian.Uint64(buf[8*i:])&(1<<63) != 0 {
			in++
		}
	}
	return in, all
}

// After a parse has read them, ReleaseFonts takes the fonts' pages out of
// the resident set, and the bytes read afterwards are still the font files.
func TestReleaseFontsDropsPagesKeepsBytes(t *testing.T) {
	for name, b := range map[string][]byte{"fonts/NotoSansJP-Regular.otf": regular, "fonts/NotoSansJP-Bold.otf": bold} {
		var sum byte
		for _, c := range b { // what parsing does: read every byte
			sum += c
		}
		if in, all := mapped(t, b); in < all {
			t.Fatalf("%s: %d of %d pages resident after reading it all (sum %d)", name, in, all, sum)
		}
		ReleaseFonts()
		if in, all := mapped(t, b); in != 0 {
			t.Errorf("%s: %d of %d pages still resident after ReleaseFonts", name, in, all)
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s: the embedded bytes differ from the file after ReleaseFonts", name)
		}
	}
}

// Fyne's emoji font is released too, and keeps its bytes.
func TestReleaseFontsDropsFynesEmojiFont(t *testing.T) {
	b := theme.DefaultEmojiFont().Content()
	want := bytes.Clone(b) // reads every page
	if in, all := mapped(t, b); in < all {
		t.Fatalf("%d of %d pages resident after reading it all", in, all)
	}
	ReleaseFonts()
	if in, all := mapped(t, b); in != 0 {
		t.Errorf("%d of %d pages still resident after ReleaseFonts", in, all)
	}
	if !bytes.Equal(b, want) {
		t.Error("the emoji font's bytes changed after ReleaseFonts")
	}
}

// Pages are dropped only inside the executable's file: the heap's would
// lose their contents.
func TestInExecutable(t *testing.T) {
	if !inExecutable(regular) || !inExecutable(theme.DefaultEmojiFont().Content()) {
		t.Error("embedded fonts not found in the executable's mappings")
	}
	if inExecutable(bytes.Clone(regular)) {
		t.Error("a heap copy was taken for the executable's")
	}
	if inExecutable(nil) {
		t.Error("an empty slice was taken for the executable's")
	}
}
