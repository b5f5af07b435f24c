package accounts

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/totp"
)

// Reattached is what ReattachOrphans did with one orphan: the account it
// became, or why it was refused (Err, as an *i18n.Error).
type Reattached struct {
	Account
	Err error
}

// ReattachOrphans makes the orphans ids accounts again, each under
// names[i], or under the name it was enrolled with when that is "" (a
// missing names[i] counts as ""). Each is refused for what ReattachOrphan
// refuses, an orphan earlier in ids included (the same name, the same
// secret); the refusal is in its Reattached.Err and the others go ahead.
//
// ReattachOrphan per orphan read every account's secret each time (n²
// keyring reads for `recover --restore-all`) and saved the account list
// each time. This reads the orphans and the accounts' secrets once
// (GetMany), rewrites at once (SetMany) the items that need it and saves
// the list once: the accepted orphans all become accounts, or none do
// (err).
func (s *Store) ReattachOrphans(ids, names []string) ([]Reattached, error) {
	out := make([]Reattached, len(ids))
	err := s.update(func(m *metadata) error {
		texts, err := s.secrets.GetMany(append(m.ids(), ids...))
		if err != nil {
			return err
		}
		// The secrets of the accounts, then of each orphan accepted; whose
		// is keys[i] is owners[i], for the message.
		keys, owners := secretsInUse(m, texts)
		defer func() {
			for _, k := range keys {
				wipe(k)
			}
		}()
		var writeIDs, writeTexts []string
		var accepted []Account
		// Ids and names in use, the accepted orphans' included.
		used := setOf(append(m.ids(), m.Pending...))
		taken := indexNames(m.Accounts)
		for i, id := range ids {
			name := ""
			if i < len(names) {
				name = names[i]
			}
			a, key, err := s.reattachable(used, taken, texts, id, name)
			if err == nil {
				err = refuseKey(key, keys, owners)
			}
			if err != nil {
				wipe(key)
				out[i].Err = err
				continue
			}
			out[i].Account = a
			keys, owners = append(keys, key), append(owners, a)
			accepted = append(accepted, a)
			used[id] = true
			taken.add(a)
			// Rewrite the item so a bare legacy secret gains its name, or
			// another folder's leftover this folder's tag, now; an item
			// that already says all this is left as it is (each write
			// makes gnome-keyring rewrite its whole file, twice).
			if text := s.encodeItem(key, a); text != texts[id] || s.sealing() {
				writeIDs, writeTexts = append(writeIDs, id), append(writeTexts, text)
			}
		}
		if len(accepted) == 0 {
			return nil
		}
		if len(writeIDs) > 0 {
			if _, err := s.setMany(writeIDs, writeTexts); err != nil {
				return err // what was rewritten stays an orphan, as it was
			}
		}
		m.Accounts = append(m.Accounts, accepted...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sealer is a SecretStore that may keep an item otherwise than it is
// given (internal/seal, while sealing is on): an item that reads back
// the same may still be stored in the clear, and a write seals it.
type sealer interface{ On() bool }

// sealing reports whether writing an item may change how it is kept.
func (s *Store) sealing() bool {
	x, ok := s.secrets.(sealer)
	return ok && x.On()
}

// reattachable checks orphan id (its text in texts) as ReattachOrphan
// does, besides the secret: the account it would become and its key.
// used holds the ids accounts and pending deletions have, taken their
// names; both include the orphans accepted so far.
func (s *Store) reattachable(used map[string]bool, taken nameIndex, texts map[string]string, id, name string) (Account, []byte, error) {
	if used[id] || !validID(id) {
		return Account{}, nil, notFound()
	}
	text, found := texts[id]
	if !found {
		return Account{}, nil, userErr(ErrNotFound, cat.M("orphan_unusable"), cat.M("hint_orphan_unusable"))
	}
	o, key := s.decodeOrphan(id, text)
	if o.Damaged {
		return Account{}, nil, userErr(ErrNotFound, cat.M("orphan_unusable"), cat.M("hint_orphan_unusable"))
	}
	if o.foreign {
		return Account{}, key, foreignErr()
	}
	// An item whose codes this version cannot make (7 digits, say)
	// would become an account that at once needs re-registration.
	if _, err := totp.New(key, o.Profile); err != nil {
		msg := cat.M("orphan_unusable")
		var ie *i18n.Error
		if errors.As(err, &ie) {
			msg = ie.Msg
		}
		return Account{}, key, userErr(fmt.Errorf("%w: %w", ErrNeedsReenrol, err), msg, cat.M("hint_orphan_cannot_make_codes"))
	}
	if name == "" {
		name = o.Name
	}
	name, err := CleanName(name)
	if err != nil {
		return Account{}, key, err
	}
	if other, ok := taken.find(name); ok {
		return Account{}, key, userErr(ErrNameTaken, cat.M("name_taken", "Name", other.Name), cat.M("hint_restore_name_taken"))
	}
	created := o.Created
	if created.IsZero() {
		created = time.Now().UTC().Truncate(time.Second)
	}
	return Account{ID: id, Name: name, Issuer: o.Issuer, Profile: o.Profile, Created: created}, key, nil
}

// refuseKey refuses key when keys (owners[i]'s) has it, comparing in
// constant time.
func refuseKey(key []byte, keys [][]byte, owners []Account) error {
	for i, k := range keys {
		if subtle.ConstantTimeCompare(k, key) == 1 {
			return userErr(ErrSecretTaken, cat.M("secret_taken", "Name", owners[i].Name), cat.M("hint_secret_taken", "Name", owners[i].Name))
		}
	}
	return nil
}
