package accounts

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/setupcode"
)

// item is what a keyring item holds: the secret, and what is needed to
// offer it back as an account if accounts.json loses it (see Orphans):
// the display name it was enrolled under, its issuer and profile. Items
// written before this format hold the bare base32 secret; both are read.
type item struct {
	V       int             `json:"v"`
	Secret  string          `json:"secret"` // canonical base32, no padding
	Name    string          `json:"name"`
	Issuer  string          `json:"issuer,omitempty"`
	Profile profile.Profile `json:"profile"`
	Created time.Time       `json:"created"`
	// Folder and FolderPath: the settings folder it belongs to (folder.go).
	Folder     string `json:"folder,omitempty"`
	FolderPath string `json:"folder_path,omitempty"`
}

const itemVersion = 2

// maxItem keeps an item under Windows Credential Manager's 2560 bytes.
const maxItem = 2400

// encodeItem is the keyring text for key enrolled as a in this folder.
func (s *Store) encodeItem(key []byte, a Account) string {
	it := item{V: itemVersion, Secret: setupcode.Encode(key), Name: a.Name, Issuer: a.Issuer, Profile: a.Profile, Created: a.Created,
		Folder: s.folder.ID, FolderPath: s.dir}
	b, _ := json.Marshal(it) // plain strings and numbers: cannot fail
	if len(b) > maxItem {
		// Only optional text makes it long; the secret and name fit.
		// A path too long to keep leaves the item owned by nobody
		// (folder.go): safe to lose, never mistaken for another's.
		it.Issuer, it.Profile.Label, it.Profile.Issuer, it.FolderPath = "", "", "", ""
		b, _ = json.Marshal(it)
	}
	return string(b)
}

// decodeItem reads a keyring item of either format. legacy is true for
// a bare secret, which carries no name or profile.
func decodeItem(s string) (key []byte, it item, legacy bool, err error) {
	if !strings.HasPrefix(s, "{") {
		key, err = decodeSecret(s)
		return key, item{}, true, err
	}
	if err := json.Unmarshal([]byte(s), &it); err != nil || it.V != itemVersion {
		return nil, item{}, false, ErrBadSecret
	}
	key, err = decodeSecret(it.Secret)
	return key, it, false, err
}

// decodeKey is decodeItem for callers that want only the key.
func decodeKey(s string) ([]byte, error) {
	key, _, _, err := decodeItem(s)
	return key, err
}

// secretsInUse decodes the secret of every account of m that has a usable
// one (texts by id, from one GetMany); owners[i] is whose keys[i] is. The
// caller wipes the keys.
func secretsInUse(m *metadata, texts map[string]string) (keys [][]byte, owners []Account) {
	for _, a := range m.Accounts {
		if k, err := decodeKey(texts[a.ID]); err == nil {
			keys, owners = append(keys, k), append(owners, a)
		}
	}
	return keys, owners
}
