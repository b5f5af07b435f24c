package backup

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
)

// settle waits until the keyring's item count has stopped changing: the
// writes it queued while paused land at their own pace on a busy machine.
func settle(t *testing.T, service string) {
	t.Helper()
	last, same := -1, 0
	for deadline := time.Now().Add(60 * time.Second); same < 4 && time.Now().Before(deadline); {
		time.Sleep(500 * time.Millisecond)
		if n := len(keyringtest.IDs(t, service)); n == last {
			same++
		} else {
			last, same = n, 0
		}
	}
}

// The keyring paused midway through a restore (kill -STOP), resumed
// later (kill -CONT): the restore says the keyring did not answer, within
// a bounded time; the account list gets none of the accounts; what the
// keyring writes late is deleted at the next start; a second run
// restores them all. This is what docs/backup.md promises.
func TestRestoreKeyringPausedMidway(t *testing.T) {
	k := keyringtest.Real(t)
	pid := keyringtest.Daemon(t)
	k.Timeout = 3 * time.Second
	saved := accounts.UndoLimit
	accounts.UndoLimit = 2 * time.Second
	t.Cleanup(func() { accounts.UndoLimit = saved })
	dir := filepath.Join(t.TempDir(), "Omamori")
	s, err := accounts.Open(dir, k)
	if err != nil {
		t.Fatal(err)
	}
	const n = 300
	d := docOf(t, n)
	plan, err := MakePlan(s, d)
	if err != nil {
		t.Fatal(err)
	}
	resumed := false
	resume := func() {
		if !resumed {
			resumed = true
			_ = syscall.Kill(pid, syscall.SIGCONT)
		}
	}
	t.Cleanup(resume) // never leave the keyring paused for other tests

	done := make(chan error, 1)
	start := time.Now()
	go func() { _, err := ApplyContext(context.Background(), s, plan); done <- err }()
	for len(keyringtest.IDs(t, k.Service)) == 0 { // the first items are in
		if time.Since(start) > 60*time.Second {
			t.Fatal("no item written in a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	paused := time.Now()
	err = <-done
	took := time.Since(paused)
	if !errors.Is(err, keyring.ErrTimeout) {
		t.Errorf("restore with a paused keyring: %v", err)
	}
	// One call's timeout, the undo's limit and its one call that may
	// time out, with room for a busy machine.
	if limit := 2*k.Timeout + accounts.UndoLimit + 5*time.Second; took > limit {
		t.Errorf("the restore took %v to give up, want at most %v", took, limit)
	}
	// The account list, read without the keyring: none restored.
	var list struct{ Accounts []json.RawMessage }
	b, err := os.ReadFile(filepath.Join(dir, "accounts.json"))
	if err != nil || json.Unmarshal(b, &list) != nil || len(list.Accounts) != 0 {
		t.Errorf("a failed restore left %d accounts in the list (%v)", len(list.Accounts), err)
	}

	resume()
	settle(t, k.Service) // the late writes land
	k.Timeout = 30 * time.Second
	s, err = accounts.Open(dir, k) // the next start cleans up
	if err != nil {
		t.Fatal(err)
	}
	if l, err := s.List(); err != nil || len(l) != 0 {
		t.Fatalf("after resuming: %d accounts, %v", len(l), err)
	}
	if ids := keyringtest.IDs(t, k.Service); len(ids) != 0 {
		t.Errorf("after resuming and a restart: %d items left in the keyring", len(ids))
	}
	if err := restore(t, s, d); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if l, _ := s.List(); len(l) != n {
		t.Errorf("second run restored %d of %d", len(l), n)
	}
}
