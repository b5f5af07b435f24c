package keyring

import (
	"strings"

	"github.com/danieljoos/wincred"
)

// listIDs enumerates Credential Manager's generic credentials named
// "service:id", as go-keyring writes them. The blobs are not used.
func listIDs(service string) ([]string, error) {
	creds, err := wincred.FilteredList(service + ":*")
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, c := range creds {
		if id, ok := strings.CutPrefix(c.TargetName, service+":"); ok && id != "" {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
