package accountstest_test

import (
	"errors"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
)

var _ accounts.SecretStore = (*accountstest.Secrets)(nil)

func TestFakeContract(t *testing.T) {
	accountstest.TestSecretStore(t, accountstest.NewSecrets())
}

func TestFakeFailWith(t *testing.T) {
	f := accountstest.NewSecrets()
	boom := errors.New("locked")
	if err := f.Set("a", "AAAA"); err != nil {
		t.Fatal(err)
	}
	f.FailWith(func(op, id string) error {
		if op == "delete" {
			return boom
		}
		return nil
	})
	if err := f.Delete("a"); !errors.Is(err, boom) {
		t.Fatalf("Delete = %v, want %v", err, boom)
	}
	if _, ok := f.Items()["a"]; !ok {
		t.Fatal("a failed Delete removed the item")
	}
	f.FailWith(nil)
	if err := f.Delete("a"); err != nil || len(f.Items()) != 0 {
		t.Fatalf("Delete after FailWith(nil) = %v, items %d", err, len(f.Items()))
	}
	if f.Gets() != 0 {
		t.Fatalf("Gets = %d, want 0", f.Gets())
	}
}
