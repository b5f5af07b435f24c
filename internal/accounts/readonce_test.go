package accounts_test

import (
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
)

// oneByOne counts single reads: the Secret Service answers each with its
// own round trips.
type oneByOne struct {
	*accountstest.Secrets
	gets int
}

func (c *oneByOne) Get(id string) (string, bool, error) {
	c.gets++
	return c.Secrets.Get(id)
}

// Adding checks the new secret against every account's with one batch
// read, as List does, not one keyring read per account.
func TestAddReadsTheOtherSecretsAtOnce(t *testing.T) {
	sec := &oneByOne{Secrets: accountstest.NewSecrets()}
	s, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"A", "B", "C"} {
		mustAdd(t, s, name, newEnrolment(t))
	}
	sec.gets = 0
	mustAdd(t, s, "D", newEnrolment(t))
	if sec.gets != 0 {
		t.Errorf("Add read %d secrets one by one", sec.gets)
	}
}
