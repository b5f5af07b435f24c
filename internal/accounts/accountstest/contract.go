package accountstest

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
)

// TestSecretStore checks the SecretStore contract on the store s. It uses
// fresh random ids, so s may already hold other items.
func TestSecretStore(t *testing.T, s accounts.SecretStore) {
	t.Helper()
	id := func() string { return RandomID(t) }
	b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
	secret := func(n int) string { return b32.EncodeToString(RandomKey(t, n)) }

	t.Run("missing", func(t *testing.T) {
		got, found, err := s.Get(id())
		if err != nil || found || got != "" {
			t.Fatalf("Get(unknown) = %q, %v, %v; want \"\", false, nil", got, found, err)
		}
	})
	t.Run("round trip", func(t *testing.T) {
		for _, n := range []int{10, 20, 32, 64, 1000} {
			k, want := id(), secret(n)
			mustSet(t, s, k, want)
			mustGet(t, s, k, want)
			mustDelete(t, s, k)
		}
	})
	t.Run("overwrite", func(t *testing.T) {
		k := id()
		mustSet(t, s, k, secret(20))
		want := secret(20)
		mustSet(t, s, k, want)
		mustGet(t, s, k, want)
		mustDelete(t, s, k)
	})
	t.Run("delete idempotent", func(t *testing.T) {
		k := id()
		mustSet(t, s, k, secret(20))
		mustDelete(t, s, k)
		if _, found, err := s.Get(k); err != nil || found {
			t.Fatalf("Get after Delete: found=%v err=%v", found, err)
		}
		mustDelete(t, s, k)
		mustDelete(t, s, id())
	})
	t.Run("ids independent", func(t *testing.T) {
		a, b := id(), id()
		sa, sb := secret(20), secret(20)
		mustSet(t, s, a, sa)
		mustSet(t, s, b, sb)
		mustDelete(t, s, a)
		mustGet(t, s, b, sb)
		mustDelete(t, s, b)
	})
	t.Run("get many", func(t *testing.T) {
		a, b, missing := id(), id(), id()
		sa, sb := secret(20), secret(32)
		mustSet(t, s, a, sa)
		mustSet(t, s, b, sb)
		got, err := s.GetMany([]string{a, missing, b})
		if err != nil {
			t.Fatal(err)
		}
		_, hasMissing := got[missing]
		if len(got) != 2 || got[a] != sa || got[b] != sb || hasMissing {
			t.Fatalf("GetMany(a, missing, b): %d secrets; a right %v, b right %v, missing given %v",
				len(got), got[a] == sa, got[b] == sb, hasMissing)
		}
		if got, err := s.GetMany(nil); err != nil || len(got) != 0 {
			t.Fatalf("GetMany(nil) = %d secrets, %v", len(got), err)
		}
		mustDelete(t, s, a)
		mustDelete(t, s, b)
	})
	t.Run("list", func(t *testing.T) {
		a, b := id(), id()
		mustSet(t, s, a, secret(20))
		mustSet(t, s, b, secret(20))
		mustSet(t, s, b, secret(20)) // overwriting keeps one item
		ids, err := s.List()
		if err != nil {
			t.Fatal(err)
		}
		if n := count(ids, a) + 10*count(ids, b); n != 11 {
			t.Fatalf("List after two Sets: %d of %s and %d of %s in %v", count(ids, a), a, count(ids, b), b, ids)
		}
		mustDelete(t, s, a)
		mustDelete(t, s, b)
		ids, err = s.List()
		if err != nil || count(ids, a)+count(ids, b) != 0 {
			t.Fatalf("List after Delete: %v %v", ids, err)
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Go(func() {
				k, v := id(), secret(20)
				if err := s.Set(k, v); err != nil {
					errs <- err
					return
				}
				got, found, err := s.Get(k)
				if err == nil && (!found || got != v) {
					err = fmt.Errorf("Get(%s) after Set: found=%v, value differs=%v", k, found, got != v)
				}
				if err == nil {
					err = s.Delete(k)
				}
				if err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// The helpers never print a secret: a failing test must not leak one
// into CI logs either.

func mustSet(t *testing.T, s accounts.SecretStore, id, v string) {
	t.Helper()
	if err := s.Set(id, v); err != nil {
		t.Fatalf("Set(%s): %v", id, err)
	}
}

func mustGet(t *testing.T, s accounts.SecretStore, id, want string) {
	t.Helper()
	got, found, err := s.Get(id)
	if err != nil || !found {
		t.Fatalf("Get(%s): found=%v err=%v", id, found, err)
	}
	if got != want {
		t.Fatalf("Get(%s): got %d characters that differ from the %d set", id, len(got), len(want))
	}
}

func mustDelete(t *testing.T, s accounts.SecretStore, id string) {
	t.Helper()
	if err := s.Delete(id); err != nil {
		t.Fatalf("Delete(%s): %v", id, err)
	}
}

func count(ids []string, id string) int {
	n := 0
	for _, x := range ids {
		if x == id {
			n++
		}
	}
	return n
}

// RandomID returns an id in the store's format (32 hex digits).
func RandomID(t testing.TB) string { return hex.EncodeToString(RandomKey(t, 16)) }

// RandomKey returns n random bytes.
func RandomKey(t testing.TB, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
