// Package accounts is the account store: each account's non-secret
// metadata in accounts.json in the user's config directory, its TOTP
// secret in the OS keyring (through a SecretStore) and nowhere else.
//
// Safety rules the code keeps:
//   - Every read and write holds an exclusive lock on accounts.lock and
//     re-reads the file inside it, so the window and the CLI (or two
//     CLIs) never lose each other's changes.
//   - accounts.json is replaced atomically and the previous good version
//     kept as accounts.json.bak. A corrupt file is set aside, never
//     deleted, and the backup used; Warnings says so.
//   - A change touching both the keyring and the file first notes the id
//     in the file's pending_delete list, so a crash between the two
//     leaves nothing that the next write does not clean up (see Add,
//     Remove).
//   - An account whose secret is missing is listed as NeedsSetupAgain, not
//     dropped. A keyring that cannot be used is an error, never a reason
//     to store the secret anywhere else.
package accounts

import (
	"cmp"
	"crypto/rand"
	"embed"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("accounts", locales)

// SecretStore keeps secrets by account id. internal/keyring implements it
// over the OS keyring; accountstest has an in-memory fake.
type SecretStore interface {
	Get(id string) (secret string, found bool, err error)
	// GetMany returns the secrets of ids by id, leaving out the ids that
	// have none: List reads every account's secret with one call (the
	// Secret Service answers it in a few round trips, not several per
	// account, which is what the first window waits for).
	GetMany(ids []string) (map[string]string, error)
	Set(id, secret string) error
	Delete(id string) error // deleting a missing item is not an error
	// List returns the ids of every item in the store, so that secrets no
	// account points to can be found and offered back (see Orphans).
	List() ([]string, error)
}

// Causes inside the *i18n.Error values this package returns, for errors.Is.
var (
	ErrBadName      = errors.New("accounts: invalid display name")
	ErrNameTaken    = errors.New("accounts: display name already used")
	ErrSecretTaken  = errors.New("accounts: secret already enrolled")
	ErrBadSecret    = errors.New("accounts: empty or unusable key")
	ErrNotFound     = errors.New("accounts: no such account")
	ErrNeedsReenrol = errors.New("accounts: secret missing or damaged in keyring")
	ErrNewerVersion = errors.New("accounts: metadata from a newer version")
	ErrStorage      = errors.New("accounts: cannot read or write the account list")
)

// Account is what is known about an account besides its secret. Its
// order is its position in List.
type Account struct {
	ID      string          `json:"id"`               // 32 hex digits, random; the keyring user name
	Name    string          `json:"name"`             // display name, unique (see CleanName, Find)
	Issuer  string          `json:"issuer,omitempty"` // e.g. the broker, from the URI or profile
	Label   string          `json:"label,omitempty"`  // account label from an otpauth URI
	Profile profile.Profile `json:"profile"`          // how codes are made
	Created time.Time       `json:"created"`
}

// State says whether an account can make codes.
type State int

// Account states.
const (
	OK              State = iota
	NeedsSetupAgain       // its secret is missing from the keyring or damaged
	Unknown               // the keyring could not be asked; see Entry.Err
)

func (st State) String() string {
	switch st {
	case OK:
		return "ok"
	case NeedsSetupAgain:
		return "needs-reenrol"
	}
	return "unknown"
}

// Entry is one account as List sees it.
type Entry struct {
	Account
	State State
	Err   error // why State is not OK, as an *i18n.Error; nil when OK
}

// Store is the account list in one config directory. It is safe for
// concurrent use, and other processes may use the same directory.
type Store struct {
	dir     string
	secrets SecretStore
	folder  folderFile // this folder's tag on its keyring items (folder.go)

	mu       sync.Mutex // serialises this Store's operations
	wmu      sync.Mutex
	warnings []i18n.Message
	gmu      sync.Mutex
	gens     map[string]*totp.Generator
}

// Open opens the account list in dir, creating dir (mode 0700) if needed.
// It repairs what it can (corrupt file → backup, leftover pending
// deletions) and reports it through Warnings.
func Open(dir string, secrets SecretStore) (*Store, error) {
	if secrets == nil {
		return nil, errors.New("accounts.Open: nil SecretStore")
	}
	s := &Store{dir: dir, secrets: secrets, gens: map[string]*totp.Generator{}}
	if err := privateDir(dir); err != nil {
		return nil, s.ioErr(err)
	}
	err := s.locked(func() error {
		s.folder = s.loadFolder()
		m, err := s.load()
		if err != nil {
			return err
		}
		if s.cleanup(m) {
			return s.save(m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// privateDir creates dir with mode 0700 if it does not exist. An
// existing directory is left as it is: OMAMORI_CONFIG_DIR may name one
// that is not ours to change. The files themselves are always 0600.
func privateDir(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	return os.MkdirAll(dir, 0o700)
}

// Dir is the config directory the Store uses.
func (s *Store) Dir() string { return s.dir }

// Warnings lists what was repaired since Open, for the user to read:
// a corrupt account list set aside, the backup used.
func (s *Store) Warnings() []i18n.Message {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return slices.Clone(s.warnings)
}

func (s *Store) warn(m i18n.Message) {
	s.wmu.Lock()
	s.warnings = append(s.warnings, m)
	s.wmu.Unlock()
}

// view runs fn on the current metadata, under the lock.
func (s *Store) view(fn func(m *metadata) error) error {
	return s.locked(func() error {
		m, err := s.load()
		if err != nil {
			return err
		}
		return fn(m)
	})
}

// update runs fn on the current metadata under the lock and saves the
// result if fn succeeds. Pending keyring deletions are retried first.
func (s *Store) update(fn func(m *metadata) error) error {
	return s.locked(func() error {
		m, err := s.load()
		if err != nil {
			return err
		}
		s.cleanup(m)
		if err := fn(m); err != nil {
			return err
		}
		return s.save(m)
	})
}

// cleanup deletes the keyring items of pending ids and reports whether
// m changed. It stops at the first keyring error; the rest wait for the
// next write.
func (s *Store) cleanup(m *metadata) bool {
	changed := false
	for len(m.Pending) > 0 {
		id := m.Pending[0]
		// An id that is listed again must keep its secret.
		if m.index(id) < 0 && s.deleteOwn(id) != nil {
			break
		}
		m.Pending = m.Pending[1:]
		changed = true
	}
	return changed
}

// List returns every account in order with its state. When the keyring
// cannot be asked, the entries are still returned (State Unknown, so
// names can be shown) together with the keyring's error.
func (s *Store) List() ([]Entry, error) {
	out, _, err := s.list(-1)
	return out, err
}

// ListFirst is List for the first k accounts only: it asks the keyring
// for their secrets alone and returns the other accounts unread, in
// order after them. A window shows its first screenful from it before
// the keyring has given every secret, then calls List for the rest
// (with 200 accounts the whole read was most of the wait for the
// window). It does not tag items for this folder (folder.go): that
// needs every secret, so the List that follows does it.
func (s *Store) ListFirst(k int) (read []Entry, later []Account, err error) {
	return s.list(max(k, 0))
}

// list is List (k < 0) or ListFirst(k).
func (s *Store) list(k int) ([]Entry, []Account, error) {
	var out []Entry
	var later []Account
	var kerr error
	err := s.view(func(m *metadata) error {
		if len(m.Accounts) == 0 {
			return nil
		}
		if k >= 0 && k < len(m.Accounts) {
			ids := m.ids()[:k]
			if secrets, err := s.secrets.GetMany(ids); err == nil {
				for _, a := range m.Accounts[:k] {
					secret, found := secrets[a.ID]
					e, _ := s.checkSecret(a, secret, found, nil)
					out = append(out, e)
				}
				later = slices.Clone(m.Accounts[k:])
				return nil
			} // else: as List, which says what failed
		}
		secrets, err := s.secrets.GetMany(m.ids())
		if err != nil {
			out, kerr = s.listOneByOne(m.Accounts)
			return nil
		}
		s.claim(m, secrets)
		for _, a := range m.Accounts {
			secret, found := secrets[a.ID]
			e, _ := s.checkSecret(a, secret, found, nil)
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, later, kerr
}

// Count is how many accounts accounts.json lists, without asking the
// keyring: doctor and the support code still count them when the
// keyring is locked, missing or hung.
func (s *Store) Count() (int, error) {
	n := 0
	err := s.view(func(m *metadata) error { n = len(m.Accounts); return nil })
	return n, err
}

// listOneByOne reads the secrets one account at a time, after the batch
// read failed: the accounts read before the keyring's first failure stay
// usable, the rest are Unknown with its error.
func (s *Store) listOneByOne(accs []Account) ([]Entry, error) {
	var out []Entry
	var kerr error
	for _, a := range accs {
		e := Entry{Account: a, State: Unknown, Err: kerr}
		if kerr == nil {
			e, _ = s.check(a)
			if e.State == Unknown {
				kerr = e.Err
			}
		}
		out = append(out, e)
	}
	return out, kerr
}

// check reads a's secret from the keyring and caches its generator.
func (s *Store) check(a Account) (Entry, *totp.Generator) {
	secret, found, err := s.secrets.Get(a.ID)
	return s.checkSecret(a, secret, found, err)
}

// checkSecret is check with a's secret already read (err: the keyring's
// error, if it could not be).
func (s *Store) checkSecret(a Account, secret string, found bool, err error) (Entry, *totp.Generator) {
	switch {
	case err != nil:
		return Entry{Account: a, State: Unknown, Err: err}, nil
	case !found:
		s.forget(a.ID)
		return Entry{Account: a, State: NeedsSetupAgain, Err: userErr(ErrNeedsReenrol, cat.M("secret_missing", "Name", a.Name), cat.M("hint_reenrol"))}, nil
	}
	key, err := decodeKey(secret)
	if err != nil {
		s.forget(a.ID)
		return Entry{Account: a, State: NeedsSetupAgain, Err: userErr(ErrNeedsReenrol, cat.M("secret_damaged", "Name", a.Name), cat.M("hint_reenrol"))}, nil
	}
	g, err := totp.New(key, a.Profile)
	if err != nil {
		s.forget(a.ID)
		return Entry{Account: a, State: NeedsSetupAgain, Err: userErr(fmt.Errorf("%w: %w", ErrNeedsReenrol, err), cat.M("profile_bad", "Name", a.Name), cat.M("hint_reenrol"))}, nil
	}
	s.gmu.Lock()
	s.gens[a.ID] = g
	s.gmu.Unlock()
	return Entry{Account: a, State: OK}, g
}

// ForgetSecrets drops every code generator kept in memory (each holds a
// secret): the Sealed level's lock calls it, so a locked window keeps no
// secret; the next Generator or List reads them again.
func (s *Store) ForgetSecrets() {
	s.gmu.Lock()
	s.gens = map[string]*totp.Generator{}
	s.gmu.Unlock()
}

func (s *Store) forget(id string) {
	s.gmu.Lock()
	delete(s.gens, id)
	s.gmu.Unlock()
}

// Generator returns the code generator of account id. The secret is read
// from the keyring once and kept in memory until Remove.
func (s *Store) Generator(id string) (*totp.Generator, error) {
	s.gmu.Lock()
	g := s.gens[id]
	s.gmu.Unlock()
	if g != nil {
		return g, nil
	}
	err := s.view(func(m *metadata) error {
		i := m.index(id)
		if i < 0 {
			return notFound()
		}
		var e Entry
		e, g = s.check(m.Accounts[i])
		return e.Err
	})
	return g, err
}

// Find returns the account whose display name matches name, ignoring
// case, full-width/half-width and extra spaces.
func (s *Store) Find(name string) (Account, error) {
	var a Account
	err := s.view(func(m *metadata) error {
		var ok bool
		if a, ok = m.byName(name); !ok {
			return userErr(ErrNotFound, cat.M("no_such_name", "Name", name), cat.M("hint_no_such_name"))
		}
		return nil
	})
	return a, err
}

// Add stores a new account for e under display name name.
//
// A secret that is already enrolled is refused, naming the account that
// has it; the comparison reads the existing accounts' secrets from the
// keyring and compares them in constant time, so no hash of a secret is
// kept anywhere. A display name already used (see Find for what counts
// as the same) is refused too.
//
// Order: the new id goes into pending_delete and the file is saved; then
// the secret goes into the keyring; then the account is added and the id
// taken off pending_delete in one atomic save. If that last save fails
// the keyring item is deleted again; if the process dies at any point,
// the next write finds the id still pending and deletes its item.
func (s *Store) Add(name string, e newaccount.Details) (Account, error) {
	name, err := CleanName(name)
	if err != nil {
		return Account{}, err
	}
	if len(e.Secret) == 0 {
		return Account{}, userErr(ErrBadSecret, cat.M("key_empty"), cat.M("hint_key"))
	}
	g, err := totp.New(e.Secret, e.Profile)
	if err != nil {
		return Account{}, err
	}
	issuer := e.Issuer
	if issuer == "" {
		issuer = e.Profile.Issuer
	}
	a := Account{
		ID:      newID(),
		Name:    name,
		Issuer:  cleanText(issuer),
		Label:   cleanText(e.Account),
		Profile: e.Profile,
		Created: time.Now().UTC().Truncate(time.Second),
	}
	err = s.update(func(m *metadata) error {
		if other, ok := m.byName(name); ok {
			return userErr(ErrNameTaken, cat.M("name_taken", "Name", other.Name), cat.M("hint_name_taken"))
		}
		if err := s.refuseEnrolled(m, e.Secret); err != nil {
			return err
		}
		// The same secret left behind by a lost list: take over its item.
		// Its id is not put in pending_delete, since a failure must not
		// delete the only copy; the Set below just overwrites it.
		// A keyring that cannot list (or an OS without a way to) only
		// loses this tidying: the Set below still says if it works at all.
		orphan := s.orphanWithKey(m, e.Secret)
		if orphan != "" {
			a.ID = orphan
			if err := s.secrets.Set(a.ID, s.encodeItem(e.Secret, a)); err != nil {
				return err
			}
			m.Accounts = append(m.Accounts, a)
			return s.save(m)
		}
		m.Pending = append(m.Pending, a.ID)
		if err := s.save(m); err != nil {
			return err
		}
		if err := s.secrets.Set(a.ID, s.encodeItem(e.Secret, a)); err != nil {
			return err // a.ID stays pending: whatever reached the keyring is deleted later
		}
		m.Accounts = append(m.Accounts, a)
		m.Pending = slices.DeleteFunc(m.Pending, func(id string) bool { return id == a.ID })
		if err := s.save(m); err != nil {
			_ = s.deleteOwn(a.ID)
			return err
		}
		return nil
	})
	if err != nil {
		return Account{}, err
	}
	s.gmu.Lock()
	s.gens[a.ID] = g
	s.gmu.Unlock()
	return a, nil
}

// refuseEnrolled fails if key is the secret of an account in m. The
// secrets are read at once (GetMany), not one Get per account.
func (s *Store) refuseEnrolled(m *metadata, key []byte) error {
	return s.refuseAll(m, []NewAccount{{Enrolment: newaccount.Details{Secret: key}}}, nil)
}

// Repairing is one lost secret to put back (from a backup): account
// ID's, with the profile it came with.
type Repairing struct {
	ID        string
	Enrolment newaccount.Details
}

// RepairAll puts back the lost secrets of accounts, each with the
// profile it came with. The secrets are read once and the items written
// at once (SetMany): a restore that repairs every account of a lost
// keyring read every secret again for each account (n² reads).
// An unknown account, a profile that cannot make codes or a secret
// another account (or an earlier repair) has refuses that repair alone;
// the others go ahead and the first refusal is returned. On a keyring or
// file failure, the accounts whose items were written have their secret
// back and the others stay as they were: needing re-registration.
func (s *Store) RepairAll(repairs []Repairing) error {
	var refused error
	err := s.update(func(m *metadata) error {
		texts, err := s.secrets.GetMany(m.ids())
		if err != nil {
			return err
		}
		keys, owners := secretsInUse(m, texts) // and whose (for the message)
		defer func() {
			for _, k := range keys {
				wipe(k)
			}
		}()
		var idx []int // of m.Accounts, each repaired in turn, as accs
		var accs []Account
		var ids, items []string
		for _, r := range repairs {
			i, err := m.repairable(r, keys, owners)
			if err != nil {
				refused = cmp.Or(refused, err)
				continue
			}
			a := m.Accounts[i]
			a.Profile = r.Enrolment.Profile
			key := slices.Clone(r.Enrolment.Secret)
			keys, owners = append(keys, key), append(owners, a)
			idx, accs = append(idx, i), append(accs, a)
			ids, items = append(ids, a.ID), append(items, s.encodeItem(key, a))
		}
		if len(ids) == 0 {
			return nil
		}
		ok, err := s.setMany(ids, items)
		for j, i := range idx {
			if ok[j] {
				m.Accounts[i] = accs[j]
			}
			s.forget(ids[j])
		}
		if err != nil {
			_ = s.save(m) // the repairs that were written
		}
		return err
	})
	return cmp.Or(err, refused)
}

// repairable is the index of r's account in m, or why r is refused;
// keys (owners[i]'s) are the secrets in use.
func (m *metadata) repairable(r Repairing, keys [][]byte, owners []Account) (int, error) {
	i := m.index(r.ID)
	if i < 0 {
		return -1, notFound()
	}
	if _, err := totp.New(r.Enrolment.Secret, r.Enrolment.Profile); err != nil {
		return -1, err
	}
	if err := refuseKey(r.Enrolment.Secret, keys, owners); err != nil {
		return -1, err
	}
	return i, nil
}

// Rename gives account id a new display name.
func (s *Store) Rename(id, name string) error {
	name, err := CleanName(name)
	if err != nil {
		return err
	}
	return s.update(func(m *metadata) error {
		i := m.index(id)
		if i < 0 {
			return notFound()
		}
		if other, ok := m.byName(name); ok && other.ID != id {
			return userErr(ErrNameTaken, cat.M("name_taken", "Name", other.Name), cat.M("hint_name_taken"))
		}
		m.Accounts[i].Name = name
		return nil
	})
}

// Move puts account id at position to (0 = first); positions past either
// end mean first or last.
func (s *Store) Move(id string, to int) error {
	return s.update(func(m *metadata) error {
		i := m.index(id)
		if i < 0 {
			return notFound()
		}
		a := m.Accounts[i]
		m.Accounts = slices.Delete(m.Accounts, i, i+1)
		to = max(0, min(to, len(m.Accounts)))
		m.Accounts = slices.Insert(m.Accounts, to, a)
		return nil
	})
}

// Remove deletes account id: its keyring item and its metadata. Removing
// an account that is not there is not an error.
//
// Order (mark, then delete): the account leaves the list and its id goes
// into pending_delete in one save; then the keyring item is deleted; then
// the id leaves pending_delete. A crash after the first save leaves a
// pending id the next write finishes; the keyring never keeps a secret
// that the file no longer mentions. If the keyring refuses the deletion,
// the account is put back and the error returned, so nothing changed.
func (s *Store) Remove(id string) error {
	return s.update(func(m *metadata) error {
		i := m.index(id)
		if i < 0 {
			return nil
		}
		a := m.Accounts[i]
		m.Accounts = slices.Delete(m.Accounts, i, i+1)
		m.Pending = append(m.Pending, id)
		if err := s.save(m); err != nil {
			return err
		}
		s.forget(id)
		isID := func(p string) bool { return p == id } // id is no longer pending
		if err := s.deleteOwn(id); err != nil {
			m.Accounts = slices.Insert(m.Accounts, i, a)
			m.Pending = slices.DeleteFunc(m.Pending, isID)
			_ = s.save(m) // if this fails, id stays pending and is deleted later, as asked
			return err
		}
		m.Pending = slices.DeleteFunc(m.Pending, isID)
		return nil
	})
}

func notFound() error {
	return userErr(ErrNotFound, cat.M("no_such_id"), cat.M("hint_no_such_id"))
}

func userErr(cause error, msg, hint i18n.Message) error {
	return i18n.NewError(msg, hint, cause)
}

func (s *Store) ioErr(err error) error {
	cause := fmt.Errorf("%w: %w", ErrStorage, err)
	switch {
	case errors.Is(err, fs.ErrPermission):
		// A restart does not help here: the folder or a file in it is
		// not ours to read or write (mode 000, another user's).
		return userErr(cause, cat.M("storage_permission", "Dir", s.dir), cat.M("hint_storage_permission", "Dir", s.dir))
	case errors.Is(err, syscall.EROFS):
		return userErr(cause, cat.M("storage_read_only", "Dir", s.dir), cat.M("hint_storage_read_only"))
	}
	return userErr(cause, cat.M("storage"), cat.M("hint_storage", "Dir", s.dir))
}

// newID returns 16 random bytes as hex.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func validID(id string) bool {
	b, err := hex.DecodeString(id)
	return err == nil && len(b) == 16 && hex.EncodeToString(b) == id
}

// Secrets are kept in keyring items (item.go) as canonical RFC 4648 base32 without
// padding (setupcode.Encode); decoding is strict, so a damaged item is
// noticed rather than guessed at.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func decodeSecret(s string) ([]byte, error) {
	k, err := b32.DecodeString(s)
	if err == nil && (len(k) == 0 || b32.EncodeToString(k) != s) {
		err = ErrBadSecret
	}
	return k, err
}
