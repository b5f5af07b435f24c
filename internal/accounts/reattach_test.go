package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// orphaned enrols n accounts in the store of dir, then loses the list:
// their n secrets are orphans. It returns their ids, in order.
func orphaned(t testing.TB, dir string, secrets accounts.SecretStore, n int) []string {
	t.Helper()
	s, err := accounts.Open(dir, secrets)
	if err != nil {
		t.Fatal(err)
	}
	news := make([]accounts.NewAccount, n)
	for i := range news {
		news[i] = accounts.NewAccount{Name: fmt.Sprintf("口座 %d", i+1),
			Enrolment: newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP}}
	}
	accs, err := s.AddAll(context.Background(), news)
	if err != nil {
		t.Fatal(err)
	}
	loseList(t, env{dir: dir})
	ids := make([]string, n)
	for i, a := range accs {
		ids[i] = a.ID
	}
	return ids
}

// `recover --restore-all` reads the keyring a number of times that grows
// with the orphans, not with their square: re-attaching each one read
// every account's secret again (100 orphans: about 5,000 reads).
func TestReattachOrphansReadsEachSecretOnce(t *testing.T) {
	e := fakeEnv(t)
	const n = 100
	ids := orphaned(t, e.dir, e.secrets, n)
	s := e.open(t)
	mustAdd(t, s, "already here", newEnrolment(t))
	before := e.fake.Gets()
	r, err := s.ReattachOrphans(ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.fake.Gets() - before; got > 2*n {
		t.Errorf("re-attaching %d orphans read the keyring %d times, want at most %d", n, got, 2*n)
	}
	for i, x := range r {
		if x.Err != nil || x.ID != ids[i] || x.Name != fmt.Sprintf("口座 %d", i+1) {
			t.Fatalf("orphan %d: %+v", i, x)
		}
	}
	if l := mustList(t, s); len(l) != n+1 {
		t.Errorf("%d accounts, want %d", len(l), n+1)
	}
}

// In one batch the rules of ReattachOrphan hold, against the accounts and
// against the orphans before in the batch; a refusal leaves the others.
func TestReattachOrphansRefusesAsOneByOne(t *testing.T) {
	e := fakeEnv(t)
	ids := orphaned(t, e.dir, e.secrets, 3)
	// A copy of the first orphan's item under another id: same name, same secret.
	text, _, _ := e.fake.Get(ids[0])
	copyID := "0123456789abcdef0123456789abcdef"
	must(t, e.fake.Set(copyID, text))
	s := e.open(t)
	r, err := s.ReattachOrphans([]string{ids[0], copyID, copyID, ids[1], ids[2], "nope"}, []string{"", "", "Other", " 口座 1 ", "新しい 名前"})
	if err != nil {
		t.Fatal(err)
	}
	wantErr(t, r[1].Err, accounts.ErrNameTaken)
	wantErr(t, r[2].Err, accounts.ErrSecretTaken)
	wantErr(t, r[3].Err, accounts.ErrNameTaken)
	wantErr(t, r[5].Err, accounts.ErrNotFound)
	if r[0].Err != nil || r[4].Err != nil || r[4].Name != "新しい 名前" {
		t.Fatalf("results %+v", r)
	}
	if got := names(mustList(t, s)); len(got) != 2 || got[0] != "口座 1" || got[1] != "新しい 名前" {
		t.Fatalf("accounts %q", got)
	}
	if o, err := s.Orphans(); err != nil || len(o) != 2 {
		t.Fatalf("orphans left %+v %v", o, err)
	}
}

// A keyring write that fails attaches none of the batch.
func TestReattachOrphansAllOrNothing(t *testing.T) {
	e := fakeEnv(t)
	ids := orphaned(t, e.dir, e.secrets, 5)
	s := e.open(t)
	renamed := []string{"A", "B", "C", "D", "E"} // so each item is rewritten
	broken := errors.New("keyring broke")
	e.fake.FailWith(func(op, id string) error {
		if op == "set" && id == ids[3] {
			return broken
		}
		return nil
	})
	if _, err := s.ReattachOrphans(ids, renamed); !errors.Is(err, broken) {
		t.Fatalf("error %v", err)
	}
	e.fake.FailWith(nil)
	if l := mustList(t, s); len(l) != 0 {
		t.Fatalf("%d accounts after a failed batch", len(l))
	}
	if o, err := s.Orphans(); err != nil || len(o) != 5 {
		t.Fatalf("orphans %d %v", len(o), err)
	}
	if r, err := s.ReattachOrphans(ids, renamed); err != nil || r[4].Err != nil || r[4].Name != "E" {
		t.Fatalf("again: %+v %v", r, err)
	}
}

// An orphan whose item already says what the account will be (this
// folder's, under the name it was enrolled with: the account list was
// lost) is re-attached without a keyring write; each write makes
// gnome-keyring rewrite its whole file twice. A bare legacy secret, or an
// orphan given a new name, is rewritten so its item names it.
func TestReattachOrphansWritesOnlyWhatChanges(t *testing.T) {
	e := fakeEnv(t)
	ids := orphaned(t, e.dir, e.secrets, 3)
	must(t, e.fake.Set(ids[2], "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")) // a bare legacy secret
	s := e.open(t)
	var sets []string
	e.fake.FailWith(func(op, id string) error {
		if op == "set" {
			sets = append(sets, id)
		}
		return nil
	})
	r, err := s.ReattachOrphans(ids, []string{"", "新しい 名前", "古い 口座"})
	e.fake.FailWith(nil)
	if err != nil || r[0].Err != nil || r[1].Err != nil || r[2].Err != nil {
		t.Fatalf("%+v %v", r, err)
	}
	if len(sets) != 2 || sets[0] != ids[1] || sets[1] != ids[2] {
		t.Errorf("wrote %q, want only %q", sets, ids[1:])
	}
	// Each item now names its account: lost again, they come back as such.
	loseList(t, e)
	o, err := e.open(t).Orphans()
	if err != nil || len(o) != 3 {
		t.Fatalf("orphans %+v %v", o, err)
	}
	got := map[string]string{}
	for _, x := range o {
		got[x.ID] = x.Name
	}
	if got[ids[0]] != "口座 1" || got[ids[1]] != "新しい 名前" || got[ids[2]] != "古い 口座" {
		t.Errorf("orphans named %v", got)
	}
	// A store that seals what it is given (internal/seal, sealing on)
	// reads a sealed and a clear item back alike: every item is written,
	// so none stays in the clear.
	sealed := sealingSecrets{e.fake}
	s, err = accounts.Open(e.dir, sealed)
	if err != nil {
		t.Fatal(err)
	}
	sets = nil
	e.fake.FailWith(func(op, id string) error {
		if op == "set" {
			sets = append(sets, id)
		}
		return nil
	})
	r, err = s.ReattachOrphans(ids, nil)
	e.fake.FailWith(nil)
	if err != nil || len(sets) != 3 {
		t.Errorf("sealing on: wrote %d of 3 items: %+v %v", len(sets), r, err)
	}
}

// sealingSecrets says sealing is on, as internal/seal's store does.
type sealingSecrets struct{ *accountstest.Secrets }

func (sealingSecrets) On() bool { return true }

// BenchmarkReattachOrphans re-attaches n orphans, as `recover
// --restore-all` does, on the real Secret Service (issue 23: 200 took
// 201 s one by one): after the account list was lost (the items are
// this folder's and name their accounts: nothing to rewrite), and after
// the whole settings folder was lost (each item is rewritten with the
// new folder's tag). Besides the time it reports the processor time the
// keyring daemon and this process spent (as BenchmarkRestore). Only run
// with -bench, under a private gnome-keyring:
//
//	go test -run - -bench ReattachOrphans -benchtime 1x ./internal/accounts
func BenchmarkReattachOrphans(b *testing.B) {
	for _, lost := range []string{"list", "folder"} {
		for _, n := range []int{1, 200} {
			b.Run(fmt.Sprintf("%s-lost/%d", lost, n), func(b *testing.B) {
				k := keyringtest.Real(b)
				daemon := keyringtest.Daemon(b)
				var daemonCPU, ownCPU time.Duration
				for b.Loop() {
					b.StopTimer()
					dir := filepath.Join(b.TempDir(), "Omamori")
					ids := orphaned(b, dir, k, n)
					if lost == "folder" {
						must(b, os.RemoveAll(dir))
					}
					s, err := accounts.Open(dir, k)
					if err != nil {
						b.Fatal(err)
					}
					d0, o0 := keyringtest.CPU(daemon), keyringtest.CPU(os.Getpid())
					b.StartTimer()
					r, err := s.ReattachOrphans(ids, nil)
					b.StopTimer()
					daemonCPU += keyringtest.CPU(daemon) - d0
					ownCPU += keyringtest.CPU(os.Getpid()) - o0
					if err != nil || len(r) != n || r[n-1].Err != nil {
						b.Fatalf("re-attached %d of %d: %v", len(r), n, err)
					}
					all, _ := k.List()
					for _, id := range all {
						_ = k.Delete(id)
					}
					b.StartTimer()
				}
				b.ReportMetric(daemonCPU.Seconds()/float64(b.N), "keyring-cpu-s/op")
				b.ReportMetric(ownCPU.Seconds()/float64(b.N), "own-cpu-s/op")
			})
		}
	}
}
