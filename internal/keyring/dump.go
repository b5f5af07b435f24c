package keyring

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// parseDump picks "acct" of every "genp" item whose "svce" is service.
func parseDump(out []byte, service string) []string {
	var ids []string
	var class, acct, svce string
	flush := func() {
		if class == "genp" && svce == service && acct != "" {
			ids = append(ids, acct)
		}
		class, acct, svce = "", "", ""
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "keychain:"):
			flush()
		case strings.HasPrefix(line, "class:"):
			class = strings.Trim(strings.TrimSpace(strings.TrimPrefix(line, "class:")), `"`)
		case strings.HasPrefix(line, `"acct"<blob>=`):
			acct = quoted(strings.TrimPrefix(line, `"acct"<blob>=`))
		case strings.HasPrefix(line, `"svce"<blob>=`):
			svce = quoted(strings.TrimPrefix(line, `"svce"<blob>=`))
		}
	}
	flush()
	return ids
}

// quoted undoes security's quoting of a blob ("text"); hex blobs (0x…)
// and <NULL> give "".
func quoted(v string) string {
	if s, err := strconv.Unquote(v); err == nil {
		return s
	}
	return ""
}
