package assets

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ReleaseFonts hands the pages of the embedded fonts back to the OS.
// Parsing a font reads its tables' headers, and drawing reads the outlines
// of the glyphs drawn (Fyne and go-text patches keep the parsed tables as
// parts of these bytes, not copies: docs/performance.md), so the pages read
// at start-up stay resident though most are not read again. The bytes are
// in the executable's data segment and never written, so dropping the pages
// loses nothing: a later read (a glyph not drawn yet) faults its page back
// in from the file.
func ReleaseFonts() {
	release(regular)
	release(bold)
}

// release drops the whole pages inside b (never a page it shares with
// other data, which may be written).
func release(b []byte) {
	if p, n := inner(b); n > 0 {
		// A failure (there is none for our own mapped data) leaves the
		// pages where they were: nothing to report.
		_ = unix.Madvise(unsafe.Slice(p, n), unix.MADV_DONTNEED)
	}
}

// inner is the first whole page inside b and how many bytes of whole
// pages follow it.
func inner(b []byte) (*byte, int) {
	page := uintptr(os.Getpagesize())
	base := unsafe.Pointer(unsafe.SliceData(b))
	start := uintptr(base)
	first := (start + page - 1) &^ (page - 1)
	last := (start + uintptr(len(b))) &^ (page - 1)
	if last <= first {
		return nil, 0
	}
	return (*byte)(unsafe.Add(base, first-start)), int(last - first)
}
