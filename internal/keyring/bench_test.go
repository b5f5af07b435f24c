package keyring_test

import (
	"fmt"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
)

// BenchmarkRead reads n secrets from the real keyring one at a time (Get,
// as accounts.List did before) and all at once (GetMany, as it does now):
// the window's first list waits for this (docs/performance.md, "Time to
// window"). On Linux each Get is seven Secret Service round trips,
// GetMany four in all. List (the ids only, for the recovery notice at
// start) is four.
//
//	dbus-run-session -- sh -c 'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; go test -run - -bench Read ./internal/keyring'
func BenchmarkRead(b *testing.B) {
	s := keyringtest.Real(b)
	var ids []string
	for _, n := range []int{1, 2, 5, 20, 200} {
		for len(ids) < n {
			id := accountstest.RandomID(b)
			if err := s.Set(id, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
		b.Run(fmt.Sprintf("Get/%d", n), func(b *testing.B) {
			for b.Loop() {
				for _, id := range ids {
					if _, found, err := s.Get(id); err != nil || !found {
						b.Fatalf("Get: found=%v err=%v", found, err)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("List/%d", n), func(b *testing.B) {
			for b.Loop() {
				if l, err := s.List(); err != nil || len(l) != n {
					b.Fatalf("List: %d of %d, %v", len(l), n, err)
				}
			}
		})
		b.Run(fmt.Sprintf("GetMany/%d", n), func(b *testing.B) {
			for b.Loop() {
				if m, err := s.GetMany(ids); err != nil || len(m) != n {
					b.Fatalf("GetMany: %d of %d, %v", len(m), n, err)
				}
			}
		})
	}
}
