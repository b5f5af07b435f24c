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

// GetMany of more ids than manyIDs lists the service's items once: it
// returns the asked ids' secrets only, leaves out an id without an item,
// and never takes another service's item of the same id.
func TestGetManyOfMany(t *testing.T) {
	s, other := keyringtest.Real(t), keyringtest.Real(t)
	var ids, secrets []string
	for i := range 40 {
		ids = append(ids, accountstest.RandomID(t))
		secrets = append(secrets, fmt.Sprint("secret-", i))
	}
	if _, err := s.SetMany(ids, secrets); err != nil {
		t.Fatal(err)
	}
	if err := other.Set(ids[3], "other service"); err != nil {
		t.Fatal(err)
	}
	missing := accountstest.RandomID(t)
	if err := other.Set(missing, "other service"); err != nil {
		t.Fatal(err)
	}
	ask := append(slices.Clone(ids[:30]), missing)
	m, err := s.GetMany(ask)
	if err != nil || len(m) != 30 {
		t.Fatalf("GetMany: %d of 30, %v", len(m), err)
	}
	for i, id := range ids[:30] {
		if m[id] != secrets[i] {
			t.Errorf("id %d: %q, want %q", i, m[id], secrets[i])
		}
	}
	if _, found := m[missing]; found {
		t.Error("an id with no item of this service was returned")
	}
}
