//go:build linux && cgo && !nofido2

package seal

// Sealing through the real libfido2 (go-libfido2, cgo) against the
// virtual key behind the hidshim (fidotest), on the real Secret Service
// (keyringtest), with the items read back by secret-tool.

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
	"github.com/omamori-app/omamori/internal/setupcode"
	"github.com/omamori-app/omamori/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(fidotest.RunPackageUnderShim(m)) }

const pin = "tsuru-kame-1234"

// rig is a plugged-in virtual key with a PIN, seen through libfido2.
func rig(t *testing.T, q virtualkey.Quirks) (*fidotest.Rig, *securitykey.Service) {
	t.Helper()
	r := fidotest.Start(t, fidotest.Options{Key: virtualkey.Options{Quirks: q}})
	if !r.UnderShim() {
		t.Fatal("rig started outside the shim: libfido2 cannot see the key")
	}
	if err := r.Key().SetPIN(context.Background(), pin); err != nil {
		t.Fatal(err)
	}
	return r, securitykey.New(libfido2.New())
}

type fixture struct {
	dir     string
	kr      *keyring.Secrets
	seal    *Store
	store   *accounts.Store
	secrets map[string]string // account id → base32 secret
}

// newFixture is a settings folder with n accounts on the real keyring,
// sealing wired in (off).
func newFixture(t *testing.T, keys KeyService, n int) *fixture {
	t.Helper()
	f := &fixture{dir: filepath.Join(t.TempDir(), "Omamori"), kr: keyringtest.Real(t), secrets: map[string]string{}}
	f.seal = New(f.dir, f.kr, keys)
	s, err := accounts.Open(f.dir, f.seal)
	if err != nil {
		t.Fatal(err)
	}
	f.store = s
	for i := range n {
		key := accountstest.RandomKey(t, 20)
		a, err := s.Add("三菱 太郎 "+string(rune('A'+i)), newaccount.Details{Secret: key, Profile: profile.SmartOTP})
		if err != nil {
			t.Fatal(err)
		}
		f.secrets[a.ID] = setupcode.Encode(key)
	}
	return f
}

func (f *fixture) ids() []string {
	var ids []string
	for id := range f.secrets {
		ids = append(ids, id)
	}
	return ids
}

// passphraseBackup makes the backup sealing asks for first.
func (f *fixture) passphraseBackup(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b"+backup.FileExt)
	rcp := func() (age.Recipient, error) { return backup.Recipient("さくら もみじ いちょう", 10) }
	if _, err := backup.Create(f.store, rcp, backup.NewFile{Path: path, ConfigDir: f.dir, Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return path
}

// item reads an item as another program of the user can: secret-tool.
func (f *fixture) item(t *testing.T, id string) string {
	t.Helper()
	tool := testenv.Tool(t, "secret-tool", "libsecret-tools")
	out, err := exec.Command(tool, "lookup", "service", f.kr.Service, "username", id).Output()
	if err != nil {
		t.Fatalf("secret-tool lookup %s: %v", id, err)
	}
	return string(out)
}

// codesOK checks every account makes codes from its own secret.
func (f *fixture) codesOK(t *testing.T, s *accounts.Store) {
	t.Helper()
	for id, secret := range f.secrets {
		d, err := s.Export(id)
		if err != nil {
			t.Fatalf("account %s: %v", id, err)
		}
		if got := setupcode.Encode(d.Secret); got != secret {
			t.Fatalf("account %s: secret differs after the round trip", id)
		}
	}
}

func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	if got := i18n.MessageKey(err); got != key {
		t.Fatalf("message %q, want %q (err: %v)", got, key, err)
	}
}

// Every kind of key: one with hmac-secret seals (after a passphrase
// backup), the keyring items then hold no secret in clear, a fresh start
// is locked until the key's PIN and touch, a wrong PIN and an unplugged
// key leave it locked, and turning it off writes the items back. A key
// without hmac-secret is not offered, and says why.
func TestSealVariants(t *testing.T) {
	for _, v := range fidotest.Variants() {
		t.Run(v.Name, func(t *testing.T) {
			ctx := context.Background()
			r, svc := rig(t, v.Quirks)
			f := newFixture(t, svc, 2)
			err := f.seal.Check(ctx)
			if !errors.Is(err, ErrNoBackup) || !strings.Contains(i18n.Localize(err, i18n.JA), "パスフレーズでバックアップ") {
				t.Fatalf("sealing offered before a passphrase backup: %v", err)
			}
			if err := f.seal.Enable(ctx, pin, f.ids()); !errors.Is(err, ErrNoBackup) || f.seal.On() {
				t.Fatalf("sealed before a passphrase backup: %v", err)
			}
			f.passphraseBackup(t)
			if v.Quirks.NoHMACSecret {
				err := f.seal.Check(ctx)
				wantKey(t, err, "no_hmac")
				if !errors.Is(err, ErrNoHMAC) || !strings.Contains(i18n.Localize(err, i18n.EN), "hmac-secret") {
					t.Fatalf("no hmac-secret: %v", err)
				}
				if err := f.seal.Enable(ctx, pin, f.ids()); !errors.Is(err, ErrNoHMAC) || f.seal.On() {
					t.Fatalf("sealed with a key without hmac-secret: %v", err)
				}
				return
			}
			if err := f.seal.Check(ctx); err != nil {
				t.Fatalf("sealing not offered: %v", err)
			}
			if err := f.seal.Enable(ctx, pin, f.ids()); err != nil {
				t.Fatal(err)
			}
			for id, secret := range f.secrets {
				text := f.item(t, id)
				if !strings.HasPrefix(text, Prefix) || strings.Contains(text, secret) || strings.Contains(text, "三菱") {
					t.Fatalf("sealed item readable: %.60q…", text)
				}
			}
			b, _ := os.ReadFile(filepath.Join(f.dir, File))
			for _, secret := range f.secrets {
				if strings.Contains(string(b), secret) {
					t.Fatal("seal.json holds a secret")
				}
			}
			f.codesOK(t, f.store) // unlocked in this process

			// The next start: locked.
			again := New(f.dir, f.kr, svc)
			if !again.Locked() {
				t.Fatal("a fresh store of a sealed folder is not locked")
			}
			s2, err := accounts.Open(f.dir, again)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s2.Export(f.ids()[0]); !errors.Is(err, ErrLocked) {
				t.Fatalf("read while locked: %v", err)
			}
			if err := again.Unlock(ctx, "0000-wrong"); i18n.MessageKey(err) != "pin_wrong" || !again.Locked() {
				t.Fatalf("wrong PIN: %v (%s)", err, i18n.MessageKey(err))
			}
			r.Unplug()
			if err := again.Unlock(ctx, pin); !errors.Is(err, ErrNoKey) || !again.Locked() {
				t.Fatalf("key missing: %v", err)
			}
			r.Plug()
			if err := again.Unlock(ctx, pin); err != nil || again.Locked() {
				t.Fatalf("right PIN: %v", err)
			}
			f.codesOK(t, s2)
			again.Lock()
			if _, err := s2.Export(f.ids()[0]); !errors.Is(err, ErrLocked) {
				t.Fatalf("read after Lock: %v", err)
			}

			// Off: needs the key (locked here), then the items are plain.
			if err := again.Disable(ctx); !errors.Is(err, ErrLocked) || !again.On() {
				t.Fatalf("turned off while locked: %v", err)
			}
			if err := again.Unlock(ctx, pin); err != nil {
				t.Fatal(err)
			}
			if err := again.Disable(ctx); err != nil || again.On() {
				t.Fatalf("off: %v", err)
			}
			for id, secret := range f.secrets {
				if text := f.item(t, id); Sealed(text) || !strings.Contains(text, secret) {
					t.Fatal("item not written back plain")
				}
			}
			f.codesOK(t, s2)
		})
	}
}

// The key reset after sealing: it no longer opens the accounts (and says
// so, with what to do); giving sealing up and restoring the passphrase
// backup brings every account back.
func TestKeyResetRestoreFromBackup(t *testing.T) {
	ctx := context.Background()
	r, svc := rig(t, virtualkey.Quirks{})
	f := newFixture(t, svc, 3)
	file := f.passphraseBackup(t)
	if err := f.seal.Enable(ctx, pin, f.ids()); err != nil {
		t.Fatal(err)
	}
	f.seal.Lock()
	r.Replug()
	if err := r.Key().Reset(ctx); err != nil {
		t.Fatal(err)
	}
	err := f.seal.Unlock(ctx, pin)
	wantKey(t, err, "wrong_key")
	if !errors.Is(err, ErrWrongKey) || !strings.Contains(i18n.Localize(err, i18n.JA), "パスフレーズのバックアップ") {
		t.Fatalf("reset key, no PIN: %v", err)
	}
	if err := r.Key().SetPIN(ctx, pin); err != nil {
		t.Fatal(err)
	}
	if err := f.seal.Unlock(ctx, pin); !errors.Is(err, ErrWrongKey) || !f.seal.Locked() {
		t.Fatalf("reset key with a new PIN: %v", err)
	}

	if err := f.seal.Forget(); err != nil || f.seal.On() {
		t.Fatalf("forget: %v", err)
	}
	entries, err := f.store.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.State != accounts.NeedsSetupAgain {
			t.Fatalf("%s: state %v after giving sealing up", e.Name, e.State)
		}
	}
	data, err := backup.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := backup.Identity("さくら もみじ いちょう")
	doc, err := backup.Open(data, "b", id)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := backup.MakePlan(f.store, doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Apply(f.store, plan); err != nil {
		t.Fatal(err)
	}
	f.codesOK(t, f.store)
	for id := range f.secrets {
		if Sealed(f.item(t, id)) {
			t.Fatal("a restored item is still sealed")
		}
	}
}

// faulty fails SetMany part-way (the first half written, then an error)
// and, when undo is false, every write after that.
type faulty struct {
	*keyring.Secrets
	broken bool
	undo   bool
}

func (k *faulty) SetMany(ids, texts []string) ([]bool, error) {
	done := make([]bool, len(ids))
	if k.broken && !k.undo {
		return done, errors.New("keyring gone")
	}
	if !k.broken {
		k.broken = true
		for i := range len(ids) / 2 {
			if err := k.Secrets.Set(ids[i], texts[i]); err != nil {
				return done, err
			}
			done[i] = true
		}
		return done, errors.New("keyring fault half-way")
	}
	return k.Secrets.SetMany(ids, texts)
}

func (k *faulty) Set(id, text string) error {
	if k.broken && !k.undo {
		return errors.New("keyring gone")
	}
	return k.Secrets.Set(id, text)
}

// All or nothing: a keyring fault half-way through sealing many accounts
// puts the written ones back (nothing sealed, seal.json gone); when even
// that fails, seal.json stays and every account still reads with the key.
func TestSealFaultHalfWay(t *testing.T) {
	ctx := context.Background()
	_, svc := rig(t, virtualkey.Quirks{})
	for _, undo := range []bool{true, false} {
		t.Run(map[bool]string{true: "undone", false: "stuck"}[undo], func(t *testing.T) {
			f := newFixture(t, svc, 12)
			f.passphraseBackup(t)
			k := &faulty{Secrets: f.kr, undo: undo}
			st := New(f.dir, k, svc)
			err := st.Enable(ctx, pin, f.ids())
			sealed := 0
			for id := range f.secrets {
				if Sealed(f.item(t, id)) {
					sealed++
				}
			}
			if undo {
				wantKey(t, err, "not_sealed_fault")
				if st.On() || sealed != 0 {
					t.Fatalf("after an undone fault: on %v, %d sealed", st.On(), sealed)
				}
				f.codesOK(t, f.store)
				return
			}
			if !errors.Is(err, ErrStopped) || !st.On() || sealed != 6 {
				t.Fatalf("stuck: %v, on %v, %d of 12 sealed", err, st.On(), sealed)
			}
			// Every account reads, in a new start too, with the key.
			again := New(f.dir, f.kr, svc)
			if err := again.Unlock(ctx, pin); err != nil {
				t.Fatal(err)
			}
			s, err := accounts.Open(f.dir, again)
			if err != nil {
				t.Fatal(err)
			}
			f.codesOK(t, s)
			if err := again.Disable(ctx); err != nil {
				t.Fatal(err)
			}
			for id := range f.secrets {
				if Sealed(f.item(t, id)) {
					t.Fatal("still sealed after turning it off")
				}
			}
		})
	}
}

// pausing is the real keyring whose first batch write stops half-way
// because the Secret Service itself is paused (kill -STOP) there: a real
// fault, at a known point.
type pausing struct {
	*keyring.Secrets
	pid    int
	paused bool
}

func (p *pausing) SetMany(ids, texts []string) ([]bool, error) {
	if p.paused {
		return p.Secrets.SetMany(ids, texts)
	}
	p.paused = true
	half := len(ids) / 2
	done := make([]bool, len(ids))
	for i := range half {
		if err := p.Secrets.Set(ids[i], texts[i]); err != nil {
			return done, err
		}
		done[i] = true
	}
	if err := syscall.Kill(p.pid, syscall.SIGSTOP); err != nil {
		return done, err
	}
	rest, err := p.Secrets.SetMany(ids[half:], texts[half:])
	copy(done[half:], rest)
	return done, err
}

// settle waits until the keyring answers and its items stop changing:
// the writes queued while it was paused land at their own pace.
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

// The Secret Service paused half-way through sealing many accounts (and
// still paused for the undo): sealing says it stopped part-way, within
// the keyring's timeouts; once it answers again, every account opens
// with the key in a new start, whatever the late writes left sealed or
// plain, and turning sealing off finishes the job.
func TestSealKeyringPausedHalfWay(t *testing.T) {
	ctx := context.Background()
	_, svc := rig(t, virtualkey.Quirks{})
	f := newFixture(t, svc, 30)
	f.passphraseBackup(t)
	pid := keyringtest.Daemon(t)
	resumed := false
	resume := func() {
		if !resumed {
			resumed = true
			_ = syscall.Kill(pid, syscall.SIGCONT)
		}
	}
	t.Cleanup(resume) // never leave the keyring paused
	f.kr.Timeout = 3 * time.Second
	st := New(f.dir, &pausing{Secrets: f.kr, pid: pid}, svc)
	start := time.Now()
	err := st.Enable(ctx, pin, f.ids())
	if !errors.Is(err, ErrStopped) || !st.On() {
		t.Fatalf("paused keyring: %v, on %v", err, st.On())
	}
	if took := time.Since(start); took > 4*f.kr.Timeout+20*time.Second {
		t.Errorf("took %v to give up", took)
	}
	resume()
	settle(t, f.kr.Service)
	f.kr.Timeout = 30 * time.Second
	again := New(f.dir, f.kr, svc)
	if err := again.Unlock(ctx, pin); err != nil {
		t.Fatal(err)
	}
	s, err := accounts.Open(f.dir, again)
	if err != nil {
		t.Fatal(err)
	}
	f.codesOK(t, s)
	if err := again.Disable(ctx); err != nil {
		t.Fatal(err)
	}
	for id, secret := range f.secrets {
		if text := f.item(t, id); Sealed(text) || !strings.Contains(text, secret) {
			t.Fatal("an item is not plain after turning sealing off")
		}
	}
}
