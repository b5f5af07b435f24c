package applock

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/config"
)

// File is the lock's file in the settings folder. It holds what checks a
// proof, never the proof: a salted scrypt hash of the passphrase, and the
// id, salt and a hash of the secret of the security key's lock credential.
const File = config.AppLock

type record struct {
	Passphrase *hashRecord `json:"passphrase,omitempty"`
	Key        *keyRecord  `json:"key,omitempty"`
}

func load(dir string) (record, error) {
	var r record
	b, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return record{}, err
	}
	return r, nil
}

// update changes the record in place, so a passphrase set keeps the key
// set before it.
func update(dir string, f func(*record)) error {
	r, err := load(dir)
	if err != nil {
		// A damaged file is replaced: it could not unlock anything anyway.
		r = record{}
	}
	f(&r)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, File), append(b, '\n'), 0o600)
}
