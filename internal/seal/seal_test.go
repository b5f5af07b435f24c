package seal

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// practiceStore is sealing over the in-memory keyring with the virtual
// key (in process, PIN 1234) and a passphrase backup recorded.
func practiceStore(t *testing.T) (*Store, *accountstest.Secrets) {
	t.Helper()
	d, err := practice.New(practice.Options{AutoTouch: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Key().SetPIN(context.Background(), "1234"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := backup.SaveState(dir, backup.State{LastPassphrase: "2026-12-06"}); err != nil {
		t.Fatal(err)
	}
	kr := accountstest.NewSecrets()
	return New(dir, kr, securitykey.New(d)), kr
}

// An item too long to be sealed within Credential Manager's limit stops
// sealing before anything is written: no seal.json, every item as it was.
func TestTooLongStopsBeforeAnything(t *testing.T) {
	st, kr := practiceStore(t)
	short, long := `{"v":2,"secret":"JBSWY3DPEHPK3PXP"}`, `{"v":2,"secret":"GEZDGNBV","issuer":"`+strings.Repeat("x", 2300)+`"}`
	_ = kr.Set("a", short)
	_ = kr.Set("b", long)
	err := st.Enable(context.Background(), "1234", []string{"a", "b"})
	if !errors.Is(err, ErrTooLong) || st.On() {
		t.Fatalf("too long: %v, on %v", err, st.On())
	}
	if got := kr.Items(); got["a"] != short || got["b"] != long {
		t.Fatal("an item changed")
	}
}

// While sealed and locked, reads and writes ask OnLocked (the command
// line's PIN prompt) once each time they find no data key; its error is
// what the caller gets, and nothing is written in clear.
func TestOnLockedAsksForTheKey(t *testing.T) {
	ctx := context.Background()
	st, kr := practiceStore(t)
	_ = kr.Set("a", `{"v":2,"secret":"JBSWY3DPEHPK3PXP"}`)
	if err := st.Enable(ctx, "1234", []string{"a"}); err != nil {
		t.Fatal(err)
	}
	st.Lock()
	asked := 0
	refused := errors.New("no PIN typed")
	st.OnLocked = func() error { asked++; return refused }
	if err := st.Set("b", `{"v":2,"secret":"GEZDGNBV"}`); !errors.Is(err, refused) || asked != 1 {
		t.Fatalf("write while locked: %v, asked %d", err, asked)
	}
	if _, ok := kr.Items()["b"]; ok {
		t.Fatal("written while locked")
	}
	if _, err := st.GetMany([]string{"a"}); !errors.Is(err, refused) || asked != 2 {
		t.Fatalf("read while locked: %v, asked %d", err, asked)
	}
	st.OnLocked = func() error { asked++; return st.Unlock(ctx, "1234") }
	text, found, err := st.Get("a")
	if err != nil || !found || !strings.Contains(text, "JBSWY3DPEHPK3PXP") || asked != 3 {
		t.Fatalf("after the PIN: %q %v %v, asked %d", text, found, err, asked)
	}
	if err := st.Set("b", `{"v":2,"secret":"GEZDGNBV"}`); err != nil || asked != 3 || !Sealed(kr.Items()["b"]) {
		t.Fatalf("write once unlocked: %v, asked %d", err, asked)
	}
	// An item moved under another id does not open.
	_ = kr.Set("c", kr.Items()["a"])
	if text, _, _ := st.Get("c"); !Sealed(text) {
		t.Fatal("a sealed item opened under another id")
	}
}
