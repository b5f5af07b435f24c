package accounts_test

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
)

// recover --restore with the keyring paused (kill -STOP) and resumed: it
// says the keyring did not answer, within the time limit; the account
// list is unchanged; the item is still offered afterwards and restores
// then. Nothing is lost either way.
func TestRecoverKeyringPaused(t *testing.T) {
	k := keyringtest.Real(t)
	pid := keyringtest.Daemon(t)
	e := env{dir: t.TempDir() + "/Omamori", secrets: k, service: k.Service}
	s := e.open(t)
	en := newEnrolment(t)
	a := mustAdd(t, s, "A", en)
	loseList(t, e)
	s = e.open(t)
	if o, err := s.Orphans(); err != nil || len(o) != 1 {
		t.Fatalf("orphans: %v %v", o, err)
	}
	k.Timeout = 2 * time.Second
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	resumed := false
	resume := func() {
		if !resumed {
			resumed = true
			_ = syscall.Kill(pid, syscall.SIGCONT)
		}
	}
	t.Cleanup(resume)
	start := time.Now()
	_, err := s.ReattachOrphan(a.ID, "")
	took := time.Since(start)
	if !errors.Is(err, keyring.ErrTimeout) {
		t.Errorf("restore with a paused keyring: %v", err)
	}
	if took > 3*k.Timeout+5*time.Second {
		t.Errorf("took %v to give up", took)
	}
	resume()
	k.Timeout = 30 * time.Second
	if l := mustList(t, e.open(t)); len(l) != 0 {
		t.Errorf("the list after a failed recover: %+v", l)
	}
	s = e.open(t)
	o, err := s.Orphans()
	if err != nil || len(o) != 1 || o[0].ID != a.ID {
		t.Fatalf("after resuming, orphans %+v %v", o, err)
	}
	if _, err := s.ReattachOrphan(a.ID, ""); err != nil {
		t.Fatal(err)
	}
	wantCodes(t, s, a.ID, en.Secret)
}
