package accounts

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"time"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
)

// maxRestorations bounds the file; the oldest seen events go first.
const maxRestorations = 20

// ListRepair is one repair of the account list: what was damaged or
// missing, what it was restored from, and what may be missing now.
type ListRepair struct {
	ID   string    `json:"id"`
	Time time.Time `json:"time"`
	// Missing: accounts.json was not there. Damaged: where the damaged
	// accounts.json was kept. BackupDamaged: where a damaged backup was kept.
	Missing       bool   `json:"missing,omitempty"`
	Damaged       string `json:"damaged,omitempty"`
	BackupDamaged string `json:"backup_damaged,omitempty"`
	// RestoredFrom is the backup used ("" when nothing could be restored),
	// BackupTime when it was written, Restored how many accounts it held.
	RestoredFrom string    `json:"restored_from,omitempty"`
	BackupTime   time.Time `json:"backup_time,omitzero"`
	Restored     int       `json:"restored"`
	// Seen is the acknowledged marker, for this event only.
	Seen bool `json:"seen,omitempty"`
}

// Lost reports that no account could be restored: the list is empty
// because of the damage, not because none was ever added.
func (r ListRepair) Lost() bool { return r.RestoredFrom == "" }

// Message says what happened, from where it was restored, and what is
// missing, with what to do.
func (r ListRepair) Message() *i18n.Error {
	when := r.Time.Local().Format("2006-01-02 15:04")
	switch {
	case r.RestoredFrom != "":
		what := "restored_damaged"
		if r.Damaged == "" {
			what = "restored_missing"
		}
		return i18n.NewError(cat.M(what, "Time", when, "From", r.RestoredFrom, "Aside", r.Damaged,
			"Count", r.Restored, "BackupTime", r.BackupTime.Local().Format("2006-01-02 15:04")),
			cat.M("hint_restored", "BackupTime", r.BackupTime.Local().Format("2006-01-02 15:04")), nil)
	case r.BackupDamaged != "":
		return i18n.NewError(cat.M("lost_both_damaged", "Time", when, "Aside", r.Damaged, "BackupAside", r.BackupDamaged),
			cat.M("hint_lost"), nil)
	}
	return i18n.NewError(cat.M("lost_no_backup", "Time", when, "Aside", r.Damaged), cat.M("hint_lost"), nil)
}

// ListRepairs lists the repairs not yet marked seen, oldest first.
func (s *Store) ListRepairs() ([]ListRepair, error) {
	var out []ListRepair
	err := s.locked(func() error {
		all, err := s.readRestorations()
		for _, r := range all {
			if !r.Seen {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

// MarkSeen records that the person has been shown the repair id; other
// repairs, earlier or later, stay unseen until shown themselves.
func (s *Store) MarkSeen(id string) error {
	return s.locked(func() error {
		all, err := s.readRestorations()
		if err != nil {
			return err
		}
		for i := range all {
			if all[i].ID == id {
				all[i].Seen = true
			}
		}
		return s.writeRestorations(all)
	})
}

// record adds r; the caller holds the lock. Failing to write it must not
// stop the account list from opening: Warnings still says it this time.
func (s *Store) record(r ListRepair) {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	r.ID = r.Time.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
	all, _ := s.readRestorations()
	all = append(all, r)
	for len(all) > maxRestorations {
		i := 0
		for i < len(all)-1 && !all[i].Seen {
			i++
		}
		all = append(all[:i], all[i+1:]...)
	}
	_ = s.writeRestorations(all)
}

func (s *Store) readRestorations() ([]ListRepair, error) {
	b, err := os.ReadFile(s.path(config.ListRepairs))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, s.ioErr(err)
	}
	var all []ListRepair
	if json.Unmarshal(b, &all) != nil {
		// Damaged itself: keep it for support and start again, rather
		// than lose the account list over a notice.
		_, _ = setAside(s.path(config.ListRepairs))
		return nil, nil
	}
	return all, nil
}

func (s *Store) writeRestorations(all []ListRepair) error {
	b, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(s.path(config.ListRepairs), append(b, '\n'), 0o600)
}
