// Package accountstest has an in-memory accounts.SecretStore for other
// packages' tests, and the contract tests that every SecretStore must
// pass. internal/keyring runs the same contract against the real OS
// keyring and against this fake, so the fake behaves like the real thing.
package accountstest

import (
	"maps"
	"slices"
	"sync"
)

// Secrets is an in-memory SecretStore. The zero value is not usable; use
// NewSecrets. It is safe for concurrent use.
type Secrets struct {
	mu    sync.Mutex
	items map[string]string
	fail  func(op, id string) error
	gets  int
}

// NewSecrets returns an empty store.
func NewSecrets() *Secrets { return &Secrets{items: map[string]string{}} }

// FailWith makes every later call for which fn returns an error fail
// with it, before touching the store; op is "get", "set", "delete" or "list".
// Pass nil to stop failing. Use it to act out a locked or missing
// keyring, as internal/keyring reports it.
func (f *Secrets) FailWith(fn func(op, id string) error) {
	f.mu.Lock()
	f.fail = fn
	f.mu.Unlock()
}

func (f *Secrets) failed(op, id string) error {
	if f.fail == nil {
		return nil
	}
	return f.fail(op, id)
}

// Get returns the secret of id; found is false when there is none.
func (f *Secrets) Get(id string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets++
	if err := f.failed("get", id); err != nil {
		return "", false, err
	}
	s, ok := f.items[id]
	return s, ok, nil
}

// GetMany returns the secrets of ids that have one. Each id counts as a
// Get, and fails as one: the first failing id fails the call.
func (f *Secrets) GetMany(ids []string) (map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for _, id := range ids {
		f.gets++
		if err := f.failed("get", id); err != nil {
			return nil, err
		}
		if s, ok := f.items[id]; ok {
			out[id] = s
		}
	}
	return out, nil
}

// Set stores secret under id, replacing any earlier one.
func (f *Secrets) Set(id, secret string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failed("set", id); err != nil {
		return err
	}
	f.items[id] = secret
	return nil
}

// Delete removes id; a missing id is not an error.
func (f *Secrets) Delete(id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failed("delete", id); err != nil {
		return err
	}
	delete(f.items, id)
	return nil
}

// List returns every id, sorted.
func (f *Secrets) List() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failed("list", ""); err != nil {
		return nil, err
	}
	return slices.Sorted(maps.Keys(f.items)), nil
}

// Items returns a copy of everything stored, by id.
func (f *Secrets) Items() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.items)
}

// Gets counts the secrets asked for so far (each Get, each id given to
// GetMany), failed ones included.
func (f *Secrets) Gets() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gets
}
