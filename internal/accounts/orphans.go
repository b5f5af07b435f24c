package accounts

import (
	"slices"
	"time"

	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
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
		texts, err := s.secrets.GetMany(ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			text, found := texts[id]
			if !found {
				continue
			}
			o, key := s.decodeOrphan(id, text)
			wipe(key)
			if !o.foreign {
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
	known, pending := setOf(m.ids()), setOf(m.Pending)
	return slices.DeleteFunc(ids, func(id string) bool {
		return !validID(id) || known[id] || pending[id]
	}), nil
}

// decodeOrphan reads the text of item id; key is nil when the item is
// damaged.
func (s *Store) decodeOrphan(id, text string) (Orphan, []byte) {
	key, it, legacy, err := decodeItem(text)
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
		return Orphan{ID: id, Damaged: true}, nil
	}
	return o, key
}

// ReattachOrphan makes orphan id an account again, under name, or under
// the name it was enrolled with when name is "". The rules of Add apply:
// a name in use or a secret another account has is refused.
func (s *Store) ReattachOrphan(id, name string) (Account, error) {
	r, err := s.ReattachOrphans([]string{id}, []string{name})
	if err != nil {
		return Account{}, err
	}
	return r[0].Account, r[0].Err
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
