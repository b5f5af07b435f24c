package accounts_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
)

// ListFirst reads the first k accounts' secrets only and returns the rest
// unread, in order; states of the read ones are as List gives them.
func TestListFirstReadsOnlyTheFirst(t *testing.T) {
	sec := accountstest.NewSecrets()
	s, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	var accs []accounts.Account
	for i := range 12 {
		accs = append(accs, mustAdd(t, s, fmt.Sprint("口座 ", i), newEnrolment(t)))
	}
	must(t, sec.Delete(accs[2].ID)) // lost: needs setting up again

	before := sec.Gets()
	read, later, err := s.ListFirst(5)
	if err != nil {
		t.Fatal(err)
	}
	if got := sec.Gets() - before; got != 5 {
		t.Errorf("ListFirst(5) asked the keyring for %d secrets", got)
	}
	if len(read) != 5 || len(later) != 7 {
		t.Fatalf("read %d, later %d; want 5 and 7", len(read), len(later))
	}
	for i, e := range read {
		want := accounts.OK
		if i == 2 {
			want = accounts.NeedsSetupAgain
		}
		if e.ID != accs[i].ID || e.State != want {
			t.Errorf("read[%d] = %s %v, want %s %v", i, e.Name, e.State, accs[i].Name, want)
		}
	}
	for i, a := range later {
		if a.ID != accs[5+i].ID {
			t.Errorf("later[%d] = %s, want %s", i, a.Name, accs[5+i].Name)
		}
	}
	if g, err := s.Generator(read[0].ID); err != nil || g == nil {
		t.Errorf("a read account has no generator: %v", err)
	}

	// k at or past the end: all read, as List.
	for _, k := range []int{12, 50} {
		read, later, err := s.ListFirst(k)
		if err != nil || len(read) != 12 || later != nil {
			t.Errorf("ListFirst(%d): %d read, %d later, %v", k, len(read), len(later), err)
		}
	}
}

// A keyring that cannot be asked: ListFirst answers as List does, every
// account listed with the keyring's error.
func TestListFirstKeyringUnavailable(t *testing.T) {
	sec := accountstest.NewSecrets()
	s, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		mustAdd(t, s, fmt.Sprint("口座 ", i), newEnrolment(t))
	}
	sec.FailWith(func(op, _ string) error { return fmt.Errorf("locked (%s)", op) })
	read, later, err := s.ListFirst(2)
	if err == nil || len(read) != 4 || later != nil {
		t.Fatalf("read %d, later %d, err %v", len(read), len(later), err)
	}
	for _, e := range read {
		if e.State != accounts.Unknown {
			t.Errorf("%s: %v, want unknown", e.Name, e.State)
		}
	}
}

// ListFirst never tags items for this folder, which needs every secret:
// an untagged item among the unread ones is tagged by the List after it.
func TestListFirstLeavesTaggingToList(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		var accs []accounts.Account
		var ens = make(map[string][]byte)
		for i := range 3 {
			en := newEnrolment(t)
			a := mustAdd(t, s, fmt.Sprint("A", i), en)
			accs, ens[a.ID] = append(accs, a), en.Secret
		}
		for _, a := range accs {
			untag(t, e, a, ens[a.ID])
		}
		if err := os.Remove(filepath.Join(e.dir, "keyring-folder.json")); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		s = e.open(t)
		if _, _, err := s.ListFirst(1); err != nil {
			t.Fatal(err)
		}
		mustList(t, s)
		for _, a := range accs {
			v, found, err := e.secrets.Get(a.ID)
			if err != nil || !found || !strings.Contains(v, `"folder":`) {
				t.Errorf("%s's item not tagged after ListFirst then List (found %v, %v)", a.Name, found, err)
			}
		}
	})
}
