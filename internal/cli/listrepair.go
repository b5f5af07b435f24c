package cli

import (
	"errors"
	"fmt"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
)

// restorer is the part of the account store that remembers repairs to
// the account list until the person has seen them (accounts.Store).
type restorer interface {
	ListRepairs() ([]accounts.ListRepair, error)
	MarkSeen(id string) error
}

// openStore opens the account store and tells, on standard error, of
// every repair to the account list not yet seen, then marks it seen: a
// damaged list is never silent, and is not repeated for ever.
func (e *Env) openStore() (Store, error) {
	s, err := e.store()
	if err != nil {
		return nil, err
	}
	r, ok := s.(restorer)
	if !ok {
		return s, nil
	}
	events, _ := r.ListRepairs()
	for _, ev := range events {
		fmt.Fprintf(e.Stderr, "omamori: %s\n", i18n.Localize(ev.Message(), e.Lang))
		if ev.Lost() {
			e.listLost = true
		}
		// Marked only once it has been written where the person reads.
		_ = r.MarkSeen(ev.ID)
	}
	return s, nil
}

// store is Env.OpenStore, else the accounts in the settings folder with
// their secrets in the keyring. The folder is checked first, so that its
// permissions are not blamed on the account list.
func (e *Env) store() (Store, error) {
	if e.OpenStore != nil {
		return e.OpenStore()
	}
	if e.Secrets == nil {
		return nil, errors.New("cli: no keyring is wired in")
	}
	dir, err := e.configDir()
	if err != nil {
		return nil, err
	}
	if err := config.CheckDir(dir); err != nil {
		return nil, err
	}
	return accounts.Open(dir, e.secrets(dir))
}
