package seal

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// Turning sealing on and off, unlocking, and giving it up when the key is
// lost.

// plugged is the first security key plugged in.
func (s *Store) plugged() (string, error) {
	if s.keys == nil {
		return "", i18n.NewError(cat.M("key_missing"), cat.M("hint_key_missing"), ErrNoKey)
	}
	keys, err := s.keys.List()
	if err != nil {
		return "", err
	}
	if len(keys) == 0 {
		return "", i18n.NewError(cat.M("key_missing"), cat.M("hint_key_missing"), ErrNoKey)
	}
	return keys[0].Path, nil
}

// keyErr words the security key's refusals for sealing; the service's
// own messages (wrong PIN, no touch, removed) pass as they are.
func keyErr(err error) error {
	switch {
	case errors.Is(err, securitykey.ErrNoHMACSecret):
		return i18n.NewError(cat.M("no_hmac"), cat.M("hint_no_hmac"), errors.Join(ErrNoHMAC, err))
	case errors.Is(err, securitykey.ErrNoCredentials), errors.Is(err, securitykey.ErrPINNotSet):
		// A reset key has no PIN, then no credential: either way it can
		// never open the data key again.
		return i18n.NewError(cat.M("wrong_key"), cat.M("hint_wrong_key"), errors.Join(ErrWrongKey, err))
	}
	return err
}

// Check says whether sealing can be turned on now: nil, or why not (no
// passphrase backup made yet, no key plugged in, a key without
// hmac-secret). It asks the key nothing that needs a PIN or a touch.
func (s *Store) Check(ctx context.Context) error {
	if s.On() {
		return i18n.NewError(cat.M("already_on"), cat.M("hint_already_on"), ErrSealed)
	}
	if backup.LastPassphraseBackup(s.dir) == "" {
		return i18n.NewError(cat.M("no_backup"), cat.M("hint_no_backup"), ErrNoBackup)
	}
	path, err := s.plugged()
	if err != nil {
		return err
	}
	return keyErr(s.keys.CanProtect(ctx, path))
}

// Unlock asks the security key (PIN, a touch) for the data key and keeps
// it in memory until Lock. Nothing to do when sealing is off.
func (s *Store) Unlock(ctx context.Context, pin string) error {
	r, err := load(s.dir)
	if err != nil {
		return nil
	}
	path, err := s.plugged()
	if err != nil {
		return err
	}
	k, err := readKey(ctx, s.keys, path, pin, r)
	if err != nil {
		return err
	}
	s.setKey(k)
	return nil
}

// Enable turns sealing on for the items of ids (the accounts of this
// settings folder and its own lost registrations): a new hmac-secret
// credential on the plugged-in key (PIN, two touches), a new data key,
// then every item sealed in one batch. All or nothing: when the keyring
// fails part-way the items written are put back as they were; if even
// that fails, seal.json stays and every account still reads with the
// key (ErrStopped). It asks for a passphrase backup first (Check).
func (s *Store) Enable(ctx context.Context, pin string, ids []string) error {
	if err := s.Check(ctx); err != nil {
		return err
	}
	path, err := s.plugged()
	if err != nil {
		return err
	}
	plain, err := s.inner.GetMany(ids)
	if err != nil {
		return err
	}
	defer clearMap(plain)
	rcp, err := backup.ProtectWithKey(ctx, s.keys, path, pin)
	if err != nil {
		return keyErr(err)
	}
	k := make([]byte, chacha20poly1305.KeySize)
	_, _ = rand.Read(k)
	var wrapped bytes.Buffer
	w, err := age.Encrypt(&wrapped, rcp)
	if err == nil {
		_, err = w.Write(k)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return err
	}
	var todo, sealed, orig []string
	for _, id := range ids {
		text, ok := plain[id]
		if !ok || Sealed(text) {
			continue
		}
		st, err := seal(k, id, text)
		if err != nil {
			return err
		}
		todo, sealed, orig = append(todo, id), append(sealed, st), append(orig, text)
	}
	// seal.json first: a crash part-way leaves items that it opens.
	if err := save(s.dir, record{V: 1, Key: wrapped.Bytes()}); err != nil {
		return err
	}
	s.setKey(k)
	if _, err := setMany(s.inner, todo, sealed); err != nil {
		return s.undoSeal(todo, orig, err)
	}
	return nil
}

// undoSeal puts the plain items back after a failed Enable. Each one is
// written again, written or not (the keyring may have taken one it did
// not confirm).
func (s *Store) undoSeal(ids, orig []string, cause error) error {
	if _, err := setMany(s.inner, ids, orig); err != nil {
		return i18n.NewError(cat.M("stopped_on"), cat.M("hint_stopped_on"), errors.Join(ErrStopped, cause, err))
	}
	if err := remove(s.dir); err != nil {
		return i18n.NewError(cat.M("stopped_on"), cat.M("hint_stopped_on"), errors.Join(ErrStopped, cause, err))
	}
	s.Lock()
	return i18n.NewError(cat.M("not_sealed_fault"), cat.M("hint_fault"), cause)
}

// Disable turns sealing off: every item that opens under the data key is
// written back plain, then seal.json goes. It needs the data key (Unlock,
// or OnLocked asks). When the keyring fails part-way seal.json stays, so
// every account still reads with the key, and running it again finishes.
func (s *Store) Disable(ctx context.Context) error {
	if !s.On() {
		return i18n.NewError(cat.M("already_off"), cat.M("hint_already_off"), ErrNotSealed)
	}
	k, err := s.key()
	if err != nil {
		return err
	}
	defer clear(k)
	ids, err := s.inner.List()
	if err != nil {
		return err
	}
	items, err := s.inner.GetMany(ids)
	if err != nil {
		return err
	}
	var todo, plain []string
	for _, id := range ids {
		if p, ok := open(k, id, items[id]); ok {
			todo, plain = append(todo, id), append(plain, p)
		}
	}
	defer clear(plain)
	if _, err := setMany(s.inner, todo, plain); err != nil {
		return i18n.NewError(cat.M("stopped_off"), cat.M("hint_stopped_off"), errors.Join(ErrStopped, err))
	}
	if err := remove(s.dir); err != nil {
		return err
	}
	s.Lock()
	return nil
}

// Forget gives sealing up without the key (lost, or reset): seal.json
// goes, and with it every way to open the sealed items. The accounts
// then read as damaged ("set up again"), and restoring the passphrase
// backup puts their secrets back (backup.Repair steps).
func (s *Store) Forget() error {
	s.Lock()
	return remove(s.dir)
}

func clearMap(m map[string]string) {
	for k := range m {
		delete(m, k) // strings cannot be wiped; drop the references
	}
}
