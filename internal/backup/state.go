package backup

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/config"
)

// RemindAfter is how long after the last backup (or the last dismissed
// reminder) the window offers a new one.
const RemindAfter = 180 * 24 * time.Hour

const dateLayout = time.DateOnly

// State is what the settings folder remembers about backups.
type State struct {
	LastBackup string      `json:"last_backup,omitempty"`        // YYYY-MM-DD, local date
	Dismissed  string      `json:"reminder_dismissed,omitempty"` // YYYY-MM-DD
	KeyBackups []KeyBackup `json:"key_backups,omitempty"`        // made here with a security key (keybackups.go)
	// LastPassphrase is the last backup protected by a passphrase
	// (YYYY-MM-DD): sealing (internal/seal) asks for one first, since a
	// lost or reset key must not lose the accounts.
	LastPassphrase string `json:"last_passphrase_backup,omitempty"`
}

// LoadState reads dir's state; a missing file is the zero State, a
// broken one the zero State and the error (a reminder too many is
// harmless).
func LoadState(dir string) (State, error) {
	var s State
	b, err := os.ReadFile(filepath.Join(dir, config.BackupState))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &s)
	}
	if err != nil {
		return State{}, err
	}
	return s, nil
}

// SaveState writes s atomically.
func SaveState(dir string, s State) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(dir, config.BackupState), append(b, '\n'), 0o600)
}

// RecordBackup notes today as the last backup date.
func RecordBackup(dir string, now time.Time) error {
	s, _ := LoadState(dir)
	s.LastBackup = now.Format(dateLayout)
	return SaveState(dir, s)
}

// RecordPassphraseBackup notes today as the last passphrase backup when
// data is one (not protected by a security key).
func RecordPassphraseBackup(dir string, now time.Time, data []byte) error {
	if KeyProtected(data) {
		return nil
	}
	s, _ := LoadState(dir)
	s.LastPassphrase = now.Format(dateLayout)
	return SaveState(dir, s)
}

// LastPassphraseBackup is the date of the last passphrase backup made
// in dir ("" when none, or the file cannot be read).
func LastPassphraseBackup(dir string) string {
	st, err := LoadState(dir)
	if err != nil {
		return ""
	}
	return st.LastPassphrase
}

// Dismiss notes that the reminder was put away today.
func Dismiss(dir string, now time.Time) error {
	s, _ := LoadState(dir)
	s.Dismissed = now.Format(dateLayout)
	return SaveState(dir, s)
}

// LastBackupDate is the last backup's date (YYYY-MM-DD) as doctor and
// サポート情報 show it (support.Facts.LastBackup); "" when there was none
// or the file cannot be read.
func LastBackupDate(dir string) string {
	st, err := LoadState(dir)
	if _, ok := st.Last(); err != nil || !ok {
		return ""
	}
	return st.LastBackup
}

// Last returns the date of the last backup, if any.
func (s State) Last() (time.Time, bool) {
	t, err := time.ParseInLocation(dateLayout, s.LastBackup, time.Local)
	return t, err == nil
}

// ShouldRemind reports whether the window should offer a backup: once
// there are accounts and none was ever made nor the offer put away,
// then RemindAfter past the later of the two.
func (s State) ShouldRemind(now time.Time, accounts int) bool {
	if accounts == 0 {
		return false
	}
	var ref time.Time
	for _, d := range []string{s.LastBackup, s.Dismissed} {
		if t, err := time.ParseInLocation(dateLayout, d, time.Local); err == nil && t.After(ref) {
			ref = t
		}
	}
	return ref.IsZero() || !now.Before(ref.Add(RemindAfter))
}

// WriteFile writes a backup's bytes to path atomically with mode 0600,
// so an interrupted write never leaves half a backup under its name. It
// replaces a file already there: the window's save dialog has asked
// about that (and made the file) already.
func WriteFile(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data, 0o600); err != nil {
		return userErr(errors.Join(ErrIO, err), "write_failed", "hint_write_failed", "File", path)
	}
	return nil
}

// WriteNewFile is WriteFile that never replaces anything: if path exists
// (even if it appeared while the backup was being made) it returns an
// error matching fs.ErrExist and leaves that file alone.
func WriteNewFile(path string, data []byte) error {
	err := atomicfile.WriteNew(path, data, 0o600)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return userErr(errors.Join(ErrIO, err), "write_failed", "hint_write_failed", "File", path)
	}
	return err
}

// ReadFile reads a backup file, refusing one too large to be ours
// before reading it all.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, userErr(errors.Join(ErrIO, err), "read_failed", "hint_read_failed", "File", filepath.Base(path))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > 2*maxPlaintext {
		return nil, userErr(ErrNotBackup, "not_backup", "hint_not_backup", "File", filepath.Base(path))
	}
	b, err := readAll(f)
	if err != nil {
		return nil, userErr(errors.Join(ErrIO, err), "read_failed", "hint_read_failed", "File", filepath.Base(path))
	}
	return b, nil
}

func readAll(f *os.File) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(f, 2*maxPlaintext+1))
	if err == nil && len(b) > 2*maxPlaintext {
		err = errors.New("file too large")
	}
	return b, err
}
