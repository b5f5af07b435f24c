package assets

import (
	"os"
	"strconv"
	"strings"
	"unsafe"

	"fyne.io/fyne/v2/theme"
	"golang.org/x/sys/unix"
)

// ReleaseFonts hands the pages of the embedded fonts back to the OS: ours
// and Fyne's emoji font (4.2 MB, parsed only if a rune is missing from every
// other font). Parsing a font reads its tables' headers, and drawing reads
// the outlines of the glyphs drawn (Fyne and go-text patches keep the
// parsed tables as parts of these bytes, not copies: docs/performance.md),
// yet all their pages can be resident after start-up (the kernel maps a
// freshly read file's pages in large pieces) though few are read again.
// The bytes are in the executable's data segment and never written, so
// dropping the pages loses nothing: a later read (a glyph not drawn yet)
// faults its page back in from the file.
func ReleaseFonts() {
	release(regular)
	release(bold)
	if emoji := theme.DefaultEmojiFont(); emoji != nil && inExecutable(emoji.Content()) {
		release(emoji.Content())
	}
}

// inExecutable tells whether b lies in a mapping of the executable's own
// file: dropping pages anywhere else (the heap) would lose their contents.
func inExecutable(b []byte) bool {
	exe, err := os.Executable()
	if err != nil || len(b) == 0 {
		return false
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return false
	}
	start := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	end := start + uint64(len(b))
	for _, line := range strings.Split(string(maps), "\n") {
		f := strings.Fields(line) // from-to perms offset dev inode path
		if len(f) < 6 || f[5] != exe {
			continue
		}
		from, to, ok := strings.Cut(f[0], "-")
		lo, err1 := strconv.ParseUint(from, 16, 64)
		hi, err2 := strconv.ParseUint(to, 16, 64)
		if ok && err1 == nil && err2 == nil && lo <= start && end <= hi {
			return true
		}
	}
	return false
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
