package backup

import (
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

// A security-key reset destroys the credential behind every backup that
// key protects: such a file can never be opened again. So we remember
// where backups protected by a key were saved, and the reset says which
// ones (ResetWarning).

// KeyBackup is one backup protected by a security key, as saved here.
type KeyBackup struct {
	File string `json:"file"` // full path as saved
	Date string `json:"date"` // YYYY-MM-DD
}

// maxKeyBackups bounds the record; the oldest are forgotten first.
const maxKeyBackups = 50

// RecordKeyBackup notes that the backup in data, written to path, is
// protected by a security key. It does nothing for a passphrase backup,
// so callers pass every backup they write. Which key is not recorded:
// keys have no serial number we can read without a touch.
func RecordKeyBackup(dir string, now time.Time, path string, data []byte) error {
	if !KeyProtected(data) {
		return nil
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	s, _ := LoadState(dir)
	s.KeyBackups = slices.DeleteFunc(s.KeyBackups, func(k KeyBackup) bool { return k.File == path })
	s.KeyBackups = append(s.KeyBackups, KeyBackup{File: path, Date: now.Format(dateLayout)})
	if n := len(s.KeyBackups); n > maxKeyBackups {
		s.KeyBackups = s.KeyBackups[n-maxKeyBackups:]
	}
	return SaveState(dir, s)
}

// KeyBackups are the recorded key-protected backups whose files are
// still where they were saved, newest first.
func KeyBackups(dir string) []KeyBackup {
	s, _ := LoadState(dir)
	var out []KeyBackup
	for _, k := range slices.Backward(s.KeyBackups) {
		if st, err := os.Stat(k.File); err == nil && st.Mode().IsRegular() {
			out = append(out, k)
		}
	}
	return out
}

// ResetWarning is what a security-key reset must say about backups
// (command line and window): which recorded backups need a security key,
// that those made with this key can never be opened after the reset, and
// to make a passphrase backup first.
func ResetWarning(dir string) []i18n.Message {
	ks := KeyBackups(dir)
	if len(ks) == 0 {
		return []i18n.Message{cat.M("reset_backups_none"), cat.M("reset_backups_first")}
	}
	out := []i18n.Message{cat.M("reset_backups_some", "Count", len(ks))}
	for _, k := range ks {
		out = append(out, cat.M("reset_backup_item", "File", k.File, "Date", k.Date))
	}
	return append(out, cat.M("reset_backups_first"))
}
