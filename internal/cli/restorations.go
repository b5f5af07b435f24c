package cli

import (
	"fmt"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
)

// restorer is the part of the account store that remembers repairs to
// the account list until the person has seen them (accounts.Store).
type restorer interface {
	Restorations() ([]accounts.Restoration, error)
	MarkSeen(id string) error
}

// openStore opens the account store and tells, on standard error, of
// every repair to the account list not yet seen, then marks it seen: a
// damaged list is never silent, and is not repeated for ever.
func (e *Env) openStore() (Store, error) {
	s, err := e.OpenStore()
	if err != nil {
		return nil, err
	}
	r, ok := s.(restorer)
	if !ok {
		return s, nil
	}
	events, _ := r.Restorations()
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
