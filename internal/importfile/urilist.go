package importfile

import "strings"

// parseURIList reads one otpauth:// link per line: a plain list, or Ente
// Auth's plain-text export (its extra codeDisplay parameter is ignored).
// Blank lines are ignored; any other line is skipped with its reason.
func parseURIList(data []byte) (Result, error) {
	var r Result
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		r.addURI(line, "")
	}
	return r, nil
}
