package accounts_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/newaccount"
)

// RepairAll puts back every lost secret it is given at once; a repair
// that is refused (an unknown account, a secret another account has)
// leaves its account as it was and the others still go ahead.
func TestRepairAllRefusesOnlyTheBadOnes(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		keep := newEnrolment(t)
		mustAdd(t, s, "keeps its secret", keep)
		lost := []newaccount.Details{newEnrolment(t), newEnrolment(t), newEnrolment(t)}
		var ids []string
		for i, en := range lost {
			a := mustAdd(t, s, fmt.Sprint("lost ", i), en)
			e.clear(t, a.ID)
			ids = append(ids, a.ID)
		}
		err := s.RepairAll([]accounts.Repairing{
			{ID: ids[0], Enrolment: lost[0]},
			{ID: ids[1], Enrolment: keep}, // the first account's secret
			{ID: "no-such-account", Enrolment: lost[1]},
			{ID: ids[2], Enrolment: lost[2]},
		})
		wantErr(t, err, accounts.ErrSecretTaken)
		states := map[string]accounts.State{}
		for _, en := range mustList(t, s) {
			states[en.ID] = en.State
		}
		if states[ids[0]] != accounts.OK || states[ids[1]] != accounts.NeedsSetupAgain || states[ids[2]] != accounts.OK {
			t.Fatalf("after the repairs: %v", states)
		}
		if err := s.RepairAll([]accounts.Repairing{{ID: ids[1], Enrolment: lost[1]}}); err != nil {
			t.Fatal(err)
		}
		if l := mustList(t, s); l[2].State != accounts.OK {
			t.Fatalf("second repair: %v", l[2].Err)
		}
		if err := s.RepairAll([]accounts.Repairing{{ID: "no-such-account", Enrolment: lost[1]}}); !errors.Is(err, accounts.ErrNotFound) {
			t.Fatalf("unknown account: %v", err)
		}
	})
}
