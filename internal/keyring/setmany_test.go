package keyring_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
)

// SetMany stores items as Set does: Get, GetMany and List find them, and
// a second SetMany replaces them instead of adding more.
func TestSetMany(t *testing.T) {
	s := keyringtest.Real(t)
	var ids, secrets []string
	for i := range 120 {
		ids = append(ids, accountstest.RandomID(t))
		secrets = append(secrets, fmt.Sprint("secret-", i))
	}
	for round := range 2 {
		ok, err := s.SetMany(ids, secrets)
		if err != nil || slices.Contains(ok, false) {
			t.Fatalf("round %d: SetMany: %v", round, err)
		}
	}
	m, err := s.GetMany(ids)
	if err != nil || len(m) != len(ids) || m[ids[7]] != "secret-7" {
		t.Fatalf("GetMany: %d of %d, %v", len(m), len(ids), err)
	}
	if v, found, err := s.Get(ids[119]); err != nil || !found || v != "secret-119" {
		t.Fatalf("Get: %q %v %v", v, found, err)
	}
	if l := keyringtest.IDs(t, s.Service); len(l) != len(ids) {
		t.Fatalf("%d items in the keyring, want %d", len(l), len(ids))
	}
}
