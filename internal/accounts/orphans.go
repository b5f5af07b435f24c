package accounts

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// Orphan is a secret in the keyring that no account points to: left by a
// lost or restored account list, or by anything else. It is shown by the
// name it was enrolled under; the secret itself is never shown.
type Orphan struct {
	ID      string
	Name    string // as enrolled; "" for items from before names were kept
	Issuer  string
	Profile profile.Profile // profile.SmartOTP for items from before profiles were kept
	Created time.Time       // zero when unknown
	Damaged bool            // the item cannot be read as a secret: it can only be deleted

	foreign bool // another settings folder's (folder.go): not an orphan, never touched
}

// Orphans lists the keyring items of this store's service that no
// account and no pending deletion refers to.
func (s *Store) Orphans() ([]Orphan, error) {
	var out []Orphan
	err := s.view(func(m *metadata) error {
		ids, err := s.orphanIDs(m)
		if err != nil {
			return err
		}
		for _, id := range ids {
			o, _, found, err := s.readOrphan(id)
			if err != nil {
				return err
			}
			if found && !o.foreign {
				out = append(out, o)
			}
		}
		return nil
	})
	return out, err
}

// orphanIDs are the listed ids that m knows nothing of. Ids not in the
// store's format are not Omamori's accounts and are left alone.
func (s *Store) orphanIDs(m *metadata) ([]string, error) {
	ids, err := s.secrets.List()
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ids, func(id string) bool {
		return !validID(id) || m.index(id) >= 0 || slices.Contains(m.Pending, id)
	}), nil
}

// readOrphan reads item id; key is nil when the item is damaged.
func (s *Store) readOrphan(id string) (Orphan, []byte, bool, error) {
	secret, found, err := s.secrets.Get(id)
	if err != nil || !found {
		return Orphan{}, nil, false, err
	}
	key, it, legacy, err := decodeItem(secret)
	if it.Name != "" {
		it.Name = SanitizeName(it.Name)
	}
	SanitizeProfile(&it.Profile)
	o := Orphan{ID: id, Name: it.Name, Issuer: cleanText(it.Issuer), Profile: it.Profile, Created: it.Created,
		foreign: err == nil && s.ownerOf(it) == ownAnother}
	if legacy || o.Profile.Name == "" {
		o.Profile = profile.SmartOTP
	}
	if err != nil {
		return Orphan{ID: id, Damaged: true}, nil, true, nil
	}
	return o, key, true, nil
}

// ReattachOrphan makes orphan id an account again, under name, or under
// the name it was enrolled with when name is "". The rules of Add apply:
// a name in use or a secret another account has is refused.
func (s *Store) ReattachOrphan(id, name string) (Account, error) {
	var a Account
	err := s.update(func(m *metadata) error {
		if m.index(id) >= 0 || slices.Contains(m.Pending, id) || !validID(id) {
			return notFound()
		}
		o, key, found, err := s.readOrphan(id)
		if err != nil {
			return err
		}
		if !found || o.Damaged {
			return userErr(ErrNotFound, cat.M("orphan_unusable"), cat.M("hint_orphan_unusable"))
		}
		if o.foreign {
			return foreignErr()
		}
		// An item whose codes this version cannot make (7 digits, say)
		// would become an account that at once needs re-registration.
		if _, err := totp.New(key, o.Profile); err != nil {
			var ie *i18n.Error
			if errors.As(err, &ie) {
				return userErr(fmt.Errorf("%w: %w", ErrNeedsReenrol, err), ie.Msg, cat.M("hint_orphan_cannot_make_codes"))
			}
			return userErr(fmt.Errorf("%w: %w", ErrNeedsReenrol, err), cat.M("orphan_unusable"), cat.M("hint_orphan_cannot_make_codes"))
		}
		if name == "" {
			name = o.Name
		}
		if name, err = CleanName(name); err != nil {
			return err
		}
		if other, ok := m.byName(name); ok {
			return userErr(ErrNameTaken, cat.M("name_taken", "Name", other.Name), cat.M("hint_restore_name_taken"))
		}
		if err := s.refuseEnrolled(m, key); err != nil {
			return err
		}
		created := o.Created
		if created.IsZero() {
			created = time.Now().UTC().Truncate(time.Second)
		}
		a = Account{ID: id, Name: name, Issuer: o.Issuer, Profile: o.Profile, Created: created}
		m.Accounts = append(m.Accounts, a)
		// Rewrite the item so a bare legacy secret gains its name now.
		return s.secrets.Set(id, s.encodeItem(key, a))
	})
	return a, err
}

// DeleteOrphan deletes orphan id from the keyring. An id an account
// uses is refused: Remove is the way to delete an account.
func (s *Store) DeleteOrphan(id string) error {
	return s.update(func(m *metadata) error {
		if m.index(id) >= 0 || !validID(id) {
			return notFound()
		}
		text, found, err := s.secrets.Get(id)
		if err != nil || !found {
			return err
		}
		if s.ownerOfText(text) == ownAnother {
			return foreignErr()
		}
		return s.secrets.Delete(id)
	})
}

// orphanWithKey returns the id of an orphan of this folder holding key,
// so that enrolling the same secret again takes over its item instead of
// adding a second one. The orphans are read at once (GetMany).
func (s *Store) orphanWithKey(m *metadata, key []byte) string {
	accs := []Account{{}}
	if s.orphansByKey(m, []NewAccount{{Enrolment: newaccount.Details{Secret: key}}}, accs)[0] {
		return accs[0].ID
	}
	return ""
}
