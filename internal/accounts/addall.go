package accounts

import (
	"context"
	"crypto/subtle"
	"errors"
	"slices"
	"time"

	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/totp"
)

// NewAccount is one account for AddAll: what Add takes.
type NewAccount struct {
	Name      string
	Enrolment newaccount.Details
}

// UndoLimit bounds how long AddAll spends deleting what it wrote after a
// failure; what is left then stays noted for deletion (pending_delete)
// and goes at the next write, so the account list never lists it.
var UndoLimit = 20 * time.Second

// ErrStopped is the cause when AddAll was stopped (ctx ended) midway.
var ErrStopped = errors.New("accounts: stopped before all accounts were added")

// AddAll adds every account in news as Add would, all or nothing, and
// returns them in order. A restore of a backup goes through it.
//
// Add reads every existing secret per call, which a restore of n
// accounts made n times (n² keyring reads). AddAll reads the existing
// secrets and the orphans once (GetMany) and compares in memory.
//
// Order: every new id goes into pending_delete in one save; then each
// secret goes into the keyring; then all the accounts are added and the
// ids taken off pending_delete in one more save. So the account list
// gets all of them or none. If a keyring write fails, or ctx ends (the
// user pressed Ctrl-C, the terminal closed), the items written so far
// are deleted again, for at most UndoLimit; an item not deleted in time,
// and the item of a write whose answer never came (a timeout: it may
// still happen), stay in pending_delete and are deleted by the next
// write. If the process dies midway, the same happens at the next start.
func (s *Store) AddAll(ctx context.Context, news []NewAccount) ([]Account, error) {
	accs, gens, err := s.prepare(news)
	if err != nil {
		return nil, err
	}
	err = s.update(func(m *metadata) error {
		if err := s.refuseAll(m, news, accs); err != nil {
			return err
		}
		takeover := s.orphansByKey(m, news, accs)
		var fresh []string // the ids this call notes for deletion
		for i := range accs {
			if !takeover[i] {
				fresh = append(fresh, accs[i].ID)
			}
		}
		m.Pending = append(m.Pending, fresh...)
		if err := s.save(m); err != nil {
			return err
		}
		// In chunks, so that a stop (ctx) waits for one chunk at most.
		var written, tried []string
		for i := 0; i < len(accs); i += addChunk {
			if err := ctx.Err(); err != nil {
				return s.undo(m, fresh, written, tried, userErr(ErrStopped, cat.M("add_all_stopped", "Done", i, "Count", len(accs)), cat.M("hint_add_all_again")))
			}
			end := min(i+addChunk, len(accs))
			ids, texts := make([]string, 0, end-i), make([]string, 0, end-i)
			for j := i; j < end; j++ {
				ids = append(ids, accs[j].ID)
				texts = append(texts, s.encodeItem(news[j].Enrolment.Secret, accs[j]))
			}
			tried = append(tried, ids...)
			ok, err := s.setMany(ids, texts)
			for j, id := range ids {
				if ok[j] && !takeover[i+j] {
					written = append(written, id)
				}
			}
			if err != nil {
				return s.undo(m, fresh, written, tried, err)
			}
		}
		m.Accounts = append(m.Accounts, accs...)
		done := setOf(written)
		m.Pending = slices.DeleteFunc(m.Pending, func(id string) bool { return done[id] })
		if err := s.save(m); err != nil {
			m.Accounts = m.Accounts[:len(m.Accounts)-len(accs)]
			return s.undo(m, fresh, written, tried, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.gmu.Lock()
	for i, a := range accs {
		s.gens[a.ID] = gens[i]
	}
	s.gmu.Unlock()
	return accs, nil
}

// prepare checks news as Add does, before anything is read or written.
func (s *Store) prepare(news []NewAccount) ([]Account, []*totp.Generator, error) {
	accs := make([]Account, len(news))
	gens := make([]*totp.Generator, len(news))
	now := time.Now().UTC().Truncate(time.Second)
	for i, n := range news {
		name, err := CleanName(n.Name)
		if err != nil {
			return nil, nil, err
		}
		e := n.Enrolment
		if len(e.Secret) == 0 {
			return nil, nil, userErr(ErrBadSecret, cat.M("key_empty"), cat.M("hint_key"))
		}
		if gens[i], err = totp.New(e.Secret, e.Profile); err != nil {
			return nil, nil, err
		}
		issuer := e.Issuer
		if issuer == "" {
			issuer = e.Profile.Issuer
		}
		accs[i] = Account{ID: newID(), Name: name, Issuer: cleanText(issuer), Label: cleanText(e.Account), Profile: e.Profile, Created: now}
	}
	return accs, gens, nil
}

// refuseAll refuses a name already used (in m or twice in accs) and a
// secret an account in m already has, reading those secrets at once
// (GetMany) and comparing in memory, in constant time.
func (s *Store) refuseAll(m *metadata, news []NewAccount, accs []Account) error {
	taken := indexNames(m.Accounts)
	for _, a := range accs {
		if other, ok := taken.find(a.Name); ok {
			return userErr(ErrNameTaken, cat.M("name_taken", "Name", other.Name), cat.M("hint_name_taken"))
		}
		taken.add(a)
	}
	texts, err := s.secrets.GetMany(m.ids())
	if err != nil {
		return err
	}
	for _, a := range m.Accounts {
		k, err := decodeKey(texts[a.ID])
		if err != nil {
			continue
		}
		for _, n := range news {
			if subtle.ConstantTimeCompare(k, n.Enrolment.Secret) == 1 {
				wipe(k)
				return userErr(ErrSecretTaken, cat.M("secret_taken", "Name", a.Name), cat.M("hint_secret_taken", "Name", a.Name))
			}
		}
		wipe(k)
	}
	return nil
}

// orphansByKey gives each account of accs whose secret an orphan of
// this folder holds that orphan's id (as Add takes over its item), and
// says which. A keyring that cannot list only loses this tidying.
func (s *Store) orphansByKey(m *metadata, news []NewAccount, accs []Account) map[int]bool {
	out := map[int]bool{}
	ids, err := s.orphanIDs(m)
	if err != nil || len(ids) == 0 {
		return out
	}
	texts, err := s.secrets.GetMany(ids)
	if err != nil {
		return out
	}
	for _, id := range ids {
		key, it, _, err := decodeItem(texts[id])
		if err != nil || s.ownerOf(it) == ownAnother {
			continue
		}
		for i, n := range news {
			if !out[i] && subtle.ConstantTimeCompare(key, n.Enrolment.Secret) == 1 {
				accs[i].ID, out[i] = id, true
				break
			}
		}
		wipe(key)
	}
	return out
}

// undo deletes the items in written, for at most UndoLimit, and saves m
// with pending_delete keeping, of fresh, only the ids tried and not
// deleted: the
// item of a write that failed or timed out may exist or yet appear.
// It returns cause.
func (s *Store) undo(m *metadata, fresh, written, tried []string, cause error) error {
	deadline := time.Now().Add(UndoLimit)
	var gone []string
	for _, id := range written {
		if time.Now().After(deadline) || s.secrets.Delete(id) != nil {
			break
		}
		gone = append(gone, id)
	}
	isGone, isTried, isFresh := setOf(gone), setOf(tried), setOf(fresh)
	m.Pending = slices.DeleteFunc(m.Pending, func(id string) bool {
		return isGone[id] || !isTried[id] && isFresh[id]
	})
	_ = s.save(m) // failing, everything stays pending: deleted later all the same
	return cause
}

// setOf is ids as a set: a restore's lists hold a thousand ids, and
// slices.Contains on each against each is a million comparisons.
func setOf(ids []string) map[string]bool {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// addChunk is how many items AddAll writes between two looks at ctx.
const addChunk = 20

// batchSetter is a SecretStore that stores many items in one go
// (internal/keyring: a few round trips on Linux, not five per item).
type batchSetter interface {
	SetMany(ids, secrets []string) ([]bool, error)
}

// setMany stores texts[i] under ids[i], at once if the store can.
func (s *Store) setMany(ids, texts []string) ([]bool, error) {
	if b, ok := s.secrets.(batchSetter); ok {
		return b.SetMany(ids, texts)
	}
	ok := make([]bool, len(ids))
	for i := range ids {
		if err := s.secrets.Set(ids[i], texts[i]); err != nil {
			return ok, err
		}
		ok[i] = true
	}
	return ok, nil
}
