package seal

import "context"

// The store is also the lock screen's way back when sealed (an
// applock.Verifier): the PIN and a touch that unlock the window are the
// ones that release the data key, so a sealed window unlocks once.

// Kind is "key".
func (*Store) Kind() string { return "key" }

// Available is nil when sealing is on (the key releases the data key).
func (s *Store) Available() error {
	if !s.On() {
		return lockedOff()
	}
	return nil
}

// Verify unlocks with the PIN typed and a touch of the key.
func (s *Store) Verify(ctx context.Context, pin string) error { return s.Unlock(ctx, pin) }

func lockedOff() error {
	return i18nError("lock_off", "hint_lock_off", ErrNotSealed)
}
