package accounts_test

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/keyring"
)

// Environment of a re-executed test binary (see runChild).
const (
	childEnv   = "OMAMORI_ACCOUNTS_CHILD" // which child test to run
	childDir   = "OMAMORI_ACCOUNTS_DIR"
	childSvc   = "OMAMORI_ACCOUNTS_SERVICE"
	childIndex = "OMAMORI_ACCOUNTS_INDEX"
)

// runChild starts this test binary running only test, with env added.
func runChild(t *testing.T, test string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^"+test+"$", "-test.v", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+test), env...)
	return cmd
}

// childOnly skips t unless this process was started by runChild for it.
func childOnly(t *testing.T) {
	if os.Getenv(childEnv) != t.Name() {
		t.Skip("runs in a child process")
	}
}

func waitChildren(t *testing.T, cmds []*exec.Cmd, outs []*strings.Builder) {
	t.Helper()
	for i, c := range cmds {
		if err := c.Wait(); err != nil || !strings.Contains(outs[i].String(), "--- PASS") {
			t.Errorf("child %d: %v\n%s", i, err, outs[i])
		}
	}
}

func startChildren(t *testing.T, n int, test string, env ...string) {
	t.Helper()
	var cmds []*exec.Cmd
	var outs []*strings.Builder
	for i := range n {
		c := runChild(t, test, append(env, childIndex+"="+strconv.Itoa(i))...)
		out := &strings.Builder{}
		c.Stdout, c.Stderr = out, out
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, c), append(outs, out)
	}
	waitChildren(t, cmds, outs)
}

// Goroutines, each with its own Store or sharing one, add at once:
// every account arrives, each with its own secret, none twice.
func TestConcurrentAddGoroutines(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		const workers, each = 6, 3
		shared := e.open(t)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				s := shared
				if w%2 == 0 {
					var err error
					if s, err = accounts.Open(e.dir, e.secrets); err != nil {
						t.Error(err)
						return
					}
				}
				for i := range each {
					if _, err := s.Add(fmt.Sprintf("w%d-%d", w, i), newEnrolment(t)); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		l := mustList(t, e.open(t))
		if len(l) != workers*each {
			t.Fatalf("%d accounts, want %d: %q", len(l), workers*each, names(l))
		}
		for _, en := range l {
			if en.State != accounts.OK {
				t.Errorf("%s: %v %v", en.Name, en.State, en.Err)
			}
		}
		if got := e.ids(t); !slices.Equal(got, accountIDs(l)) {
			t.Fatalf("keyring ids %v\n!= account ids %v", got, accountIDs(l))
		}
	})
}

// Several processes (the window and CLIs) add at once through the real
// keyring.
func TestConcurrentAddProcesses(t *testing.T) {
	e := realEnv(t)
	const procs, each = 4, 4
	startChildren(t, procs, "TestChildAdd", childDir+"="+e.dir, childSvc+"="+e.service)
	l := mustList(t, e.open(t))
	if len(l) != procs*each {
		t.Fatalf("%d accounts, want %d: %q", len(l), procs*each, names(l))
	}
	for _, en := range l {
		if en.State != accounts.OK {
			t.Errorf("%s: %v %v", en.Name, en.State, en.Err)
		}
	}
	if got := e.ids(t); !slices.Equal(got, accountIDs(l)) {
		t.Fatalf("keyring ids %v\n!= account ids %v", got, accountIDs(l))
	}
}

func TestChildAdd(t *testing.T) {
	childOnly(t)
	s, err := accounts.Open(os.Getenv(childDir), keyring.New(os.Getenv(childSvc)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		mustAdd(t, s, fmt.Sprintf("p%s-%d", os.Getenv(childIndex), i), newEnrolment(t))
	}
}

// Metadata-only updates from several processes; needs no keyring, so
// the file lock is tested everywhere.
func TestConcurrentRenameProcesses(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	const procs, rounds = 4, 5
	for i := range procs {
		mustAdd(t, s, "acct"+strconv.Itoa(i), newEnrolment(t))
	}
	startChildren(t, procs, "TestChildRename", childDir+"="+e.dir)
	var want []string
	for i := range procs {
		want = append(want, fmt.Sprintf("acct%d-r%d", i, rounds-1))
	}
	got := names(mustList(t, s))
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("names %q, want %q: an update was lost", got, want)
	}
}

func TestChildRename(t *testing.T) {
	childOnly(t)
	// Renames do not touch the keyring; each process has its own fake.
	s, err := accounts.Open(os.Getenv(childDir), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	me := "acct" + os.Getenv(childIndex)
	a, err := s.Find(me)
	if err != nil {
		t.Fatal(err)
	}
	for r := range 5 {
		if err := s.Rename(a.ID, fmt.Sprintf("%s-r%d", me, r)); err != nil {
			t.Fatal(err)
		}
		if err := s.Move(a.ID, r); err != nil {
			t.Fatal(err)
		}
	}
}
