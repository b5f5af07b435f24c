package accounts

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofrs/flock"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/config"
)

// FormatVersion is the metadata format this code reads and writes.
const FormatVersion = 1

// metadata is accounts.json. It holds no secret.
type metadata struct {
	Version  int       `json:"version"`
	Accounts []Account `json:"accounts"`
	// Pending lists ids whose keyring items are to be deleted. An id is
	// written here before its keyring item is created (Add) or deleted
	// (Remove), so a crash between the two steps leaves a note that the
	// next write acts on, never an orphan in the keyring.
	Pending []string `json:"pending_delete,omitempty"`

	raw []byte // the bytes it was read from, nil if new
}

// ids are the accounts' ids, in order.
func (m *metadata) ids() []string {
	ids := make([]string, len(m.Accounts))
	for i, a := range m.Accounts {
		ids[i] = a.ID
	}
	return ids
}

func (m *metadata) index(id string) int {
	for i := range m.Accounts {
		if m.Accounts[i].ID == id {
			return i
		}
	}
	return -1
}

func (m *metadata) byName(name string) (Account, bool) {
	k := nameKey(name)
	for _, a := range m.Accounts {
		if nameKey(a.Name) == k {
			return a, true
		}
	}
	return Account{}, false
}

var errCorrupt = errors.New("accounts: metadata corrupt")

// parse reads accounts.json. A file from a newer Omamori is refused
// (ErrNewerVersion) before its body is looked at, so a format change
// does not look like corruption.
func parse(b []byte) (*metadata, error) {
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, errCorrupt
	}
	if head.Version > FormatVersion {
		return nil, userErr(ErrNewerVersion, cat.M("newer_version", "Version", head.Version), cat.M("hint_newer_version"))
	}
	var m metadata
	if head.Version < 1 || json.Unmarshal(b, &m) != nil {
		return nil, errCorrupt
	}
	seen := map[string]bool{}
	for i, a := range m.Accounts {
		if !validID(a.ID) || seen[a.ID] {
			return nil, errCorrupt
		}
		seen[a.ID] = true
		// Edited by hand or by another program: shown as Add would have
		// taken it, never with its escape sequences or line breaks.
		m.Accounts[i].Name = SanitizeName(a.Name)
		m.Accounts[i].Issuer, m.Accounts[i].Label = cleanText(a.Issuer), cleanText(a.Label)
		SanitizeProfile(&m.Accounts[i].Profile)
	}
	m.raw = b
	return &m, nil
}

func (s *Store) path(name string) string { return filepath.Join(s.dir, name) }

// locked runs fn holding this Store's mutex and the exclusive lock on
// accounts.lock, which every process using dir takes for every read and
// write, so each read-modify-write sees the latest file and none is lost.
func (s *Store) locked(fn func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := flock.New(s.path(config.AccountsLock))
	if err := l.Lock(); err != nil {
		return s.ioErr(err)
	}
	defer l.Close()
	return fn()
}

// load reads the metadata; the caller holds the lock. A corrupt file is
// set aside and the backup used, with a warning; a missing one is
// restored from the backup if there is one.
func (s *Store) load() (*metadata, error) {
	s.removeTemps()
	b, err := os.ReadFile(s.path(config.Accounts))
	if errors.Is(err, fs.ErrNotExist) {
		return s.fromBackup(ListRepair{Time: time.Now(), Missing: true})
	}
	if err != nil {
		return nil, s.ioErr(err)
	}
	m, err := parse(b)
	if err != errCorrupt {
		return m, err
	}
	aside, err := setAside(s.path(config.Accounts))
	if err != nil {
		return nil, s.ioErr(err)
	}
	s.warn(cat.M("warn_corrupt", "Path", aside))
	return s.fromBackup(ListRepair{Time: time.Now(), Damaged: aside})
}

// fromBackup loads accounts.json.bak after accounts.json turned out
// missing or corrupt (as ev says), and makes it accounts.json again. A
// repair is recorded (see ListRepairs) for the person to be told.
func (s *Store) fromBackup(ev ListRepair) (*metadata, error) {
	missing := ev.Missing
	b, err := os.ReadFile(s.path(config.AccountsBackup))
	if errors.Is(err, fs.ErrNotExist) {
		if !missing {
			s.warn(cat.M("warn_no_backup"))
			s.record(ev)
		}
		return &metadata{Version: FormatVersion}, nil
	}
	if err != nil {
		return nil, s.ioErr(err)
	}
	m, err := parse(b)
	if err == errCorrupt {
		aside, err := setAside(s.path(config.AccountsBackup))
		if err != nil {
			return nil, s.ioErr(err)
		}
		s.warn(cat.M("warn_backup_corrupt", "Path", aside))
		ev.BackupDamaged = aside
		s.record(ev)
		return &metadata{Version: FormatVersion}, nil
	}
	if err != nil {
		return nil, err
	}
	// The backup's pending ids may have become accounts in the newer,
	// lost file: deleting their secrets could destroy the only copy.
	// Better a possible orphan than that.
	m.Pending = nil
	m.raw = nil // so save writes accounts.json, and leaves the backup as it is
	if err := s.save(m); err != nil {
		return nil, err
	}
	if missing {
		s.warn(cat.M("warn_restored_missing"))
	} else {
		s.warn(cat.M("warn_restored"))
	}
	ev.RestoredFrom, ev.Restored = s.path(config.AccountsBackup), len(m.Accounts)
	if fi, err := os.Stat(s.path(config.AccountsBackup)); err == nil {
		ev.BackupTime = fi.ModTime()
	}
	s.record(ev)
	return m, nil
}

// save writes m, first keeping the previous good version as the backup.
// The caller holds the lock.
func (s *Store) save(m *metadata) error {
	m.Version = FormatVersion
	if m.Accounts == nil {
		m.Accounts = []Account{} // "accounts": [], not null
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return s.ioErr(err)
	}
	b = append(b, '\n')
	if m.raw != nil && bytes.Equal(b, m.raw) {
		return nil
	}
	if m.raw != nil {
		if err := atomicfile.WriteFile(s.path(config.AccountsBackup), m.raw, 0o600); err != nil {
			return s.ioErr(err)
		}
	}
	if err := atomicfile.WriteFile(s.path(config.Accounts), b, 0o600); err != nil {
		return s.ioErr(err)
	}
	m.raw = b
	return nil
}

// removeTemps deletes temporary files a crashed writer left; under the
// lock nobody else is writing one.
func (s *Store) removeTemps() {
	for _, f := range []string{config.Accounts, config.AccountsBackup} {
		names, _ := filepath.Glob(filepath.Join(s.dir, atomicfile.TempPattern(f)))
		for _, n := range names {
			_ = os.Remove(n)
		}
	}
}

// setAside renames a corrupt file to <name>.corrupt-<UTC time> and
// returns the new path. It is kept, never deleted: it may be all that is
// left of an account list.
func setAside(path string) (string, error) {
	base := path + ".corrupt-" + time.Now().UTC().Format("20060102T150405Z")
	aside := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = base + "-" + strconv.Itoa(i)
	}
	return aside, atomicfile.Rename(path, aside)
}
