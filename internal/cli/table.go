package cli

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// writeTable prints rows in aligned columns. Unlike text/tabwriter it
// measures display width, so Japanese names (two cells a character) line up.
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)+2))
			}
		}
		io.WriteString(w, b.String()+"\n")
	}
}
