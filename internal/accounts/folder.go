package accounts

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/config"
)

// Two settings folders (OMAMORI_CONFIG_DIR) share one keyring service,
// so each keyring item says which folder it belongs to: the folder's
// random id, kept in config.KeyringFolder, and its path. A folder only
// ever takes over, rewrites or deletes its own items; another folder's
// item is left alone ("belongs to another settings folder").
//
// Items written before the tag existed carry none. The folder whose
// accounts.json refers to one claims it (tags it) the first time this
// version lists its accounts; an untagged item nobody refers to is an
// orphan, as before. An item whose folder is gone (no id file at its
// path, or another id there: the folder was deleted or made anew) is
// treated as untagged too, so a lost settings folder's secrets can still
// be recovered.

// folderFile is config.KeyringFolder.
type folderFile struct {
	ID string `json:"id"`
	// Claimed: every item accounts.json referred to has been tagged (or
	// copied, when another folder had tagged it first).
	Claimed bool `json:"claimed,omitempty"`
}

var errForeign = errors.New("accounts: keyring item belongs to another settings folder")

// ErrForeign is the cause when an item belongs to another settings folder.
var ErrForeign = errForeign

func readFolderFile(dir string) (folderFile, error) {
	var f folderFile
	b, err := os.ReadFile(filepath.Join(dir, config.KeyringFolder))
	if err != nil {
		return f, err
	}
	if json.Unmarshal(b, &f) != nil || !validID(f.ID) {
		return folderFile{}, fs.ErrNotExist // damaged: as good as none
	}
	return f, nil
}

func writeFolderFile(dir string, f folderFile) error {
	b, _ := json.MarshalIndent(f, "", "  ") // strings and a bool: cannot fail
	return atomicfile.WriteFile(filepath.Join(dir, config.KeyringFolder), append(b, '\n'), 0o600)
}

// loadFolder reads this folder's id, making one if there is none. If it
// cannot be written (a read-only folder), the id still tags this run's
// items; a later run finds them tagged by a folder that is gone, which
// counts as untagged.
func (s *Store) loadFolder() folderFile {
	f, err := readFolderFile(s.dir)
	if err == nil {
		return f
	}
	f = folderFile{ID: newID()}
	_ = writeFolderFile(s.dir, f)
	return f
}

// owner says whose an item is, as this folder sees it.
type owner int

const (
	ownMine    owner = iota // tagged with this folder's id
	ownNobody               // untagged, or its folder is gone: whoever refers to it may claim it
	ownAnother              // another folder's, which is still there: never touched
)

// ownerOf tells whose item it is (decoded; a legacy or damaged item has
// no tag and is nobody's).
func (s *Store) ownerOf(it item) owner {
	switch {
	case it.Folder == s.folder.ID:
		return ownMine
	case it.Folder == "" || it.FolderPath == "":
		return ownNobody
	}
	f, err := readFolderFile(it.FolderPath)
	if errors.Is(err, fs.ErrNotExist) || err == nil && f.ID != it.Folder {
		return ownNobody
	}
	// There, or cannot be read (unmounted, no permission): be careful.
	return ownAnother
}

// ownerOfText is ownerOf on an item's keyring text.
func (s *Store) ownerOfText(text string) owner {
	_, it, _, err := decodeItem(text)
	if err != nil {
		return ownNobody
	}
	return s.ownerOf(it)
}

// foreignErr is the error for touching another folder's item.
func foreignErr() error {
	return userErr(errForeign, cat.M("foreign_item"), cat.M("hint_foreign_item"))
}

// deleteOwn deletes item id unless another folder owns it (then it only
// stops being this folder's concern).
func (s *Store) deleteOwn(id string) error {
	text, found, err := s.secrets.Get(id)
	if err != nil {
		return err
	}
	if !found || s.ownerOfText(text) == ownAnother {
		return nil
	}
	return s.secrets.Delete(id)
}

// claim tags with this folder every item accounts.json refers to, once
// (config.KeyringFolder records it), from texts, the items List has just
// read (so a locked or hung keyring costs Open nothing more). An item
// another folder tagged first (two folders that shared an item before
// tags existed) is copied to a new item of this folder's, the account
// moved to it and texts updated. A keyring write that fails leaves it
// for the next List. The caller holds the lock.
func (s *Store) claim(m *metadata, texts map[string]string) {
	if s.folder.Claimed {
		return
	}
	done, moved := true, false
	var tagIDs, tagTexts []string // untagged items: tagged at once (setMany)
	for i, a := range m.Accounts {
		text, found := texts[a.ID]
		if !found {
			continue
		}
		key, it, _, err := decodeItem(text)
		if err != nil {
			continue // damaged: shown as such; nothing to tag
		}
		switch s.ownerOf(it) {
		case ownNobody:
			tagIDs, tagTexts = append(tagIDs, a.ID), append(tagTexts, s.encodeItem(key, a))
		case ownAnother:
			a.ID = newID()
			if s.secrets.Set(a.ID, s.encodeItem(key, a)) == nil {
				m.Accounts[i].ID, moved = a.ID, true
				texts[a.ID] = text
			} else {
				done = false
			}
		}
		wipe(key)
	}
	if len(tagIDs) > 0 {
		_, err := s.setMany(tagIDs, tagTexts)
		done = done && err == nil
	}
	if moved && s.save(m) != nil {
		return // the copies stay as this folder's orphans; tried again next time
	}
	if done {
		f := s.folder
		f.Claimed = true
		if writeFolderFile(s.dir, f) == nil {
			s.folder = f
		}
	}
}

func wipe(b []byte) { clear(b) }
