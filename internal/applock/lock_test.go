package applock

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) add(d time.Duration)     { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)} }
func passphrase(t *testing.T) Passphrase { return Passphrase{Dir: t.TempDir(), LogN: 4} }

// Idle time locks at the configured minute, input starts it again, and
// the lock tells its watcher once.
func TestIdleLocks(t *testing.T) {
	c := newClock()
	var told []bool
	l := New(Config{Enabled: true, Idle: 5 * time.Minute}, c.now, func(b bool) { told = append(told, b) })
	if !l.Locked() {
		t.Fatal("an enabled lock did not start locked")
	}
	p := passphrase(t)
	if err := p.Set("さくら もみじ"); err != nil {
		t.Fatal(err)
	}
	if err := l.Unlock(context.Background(), p, "さくら もみじ"); err != nil || l.Locked() {
		t.Fatalf("right passphrase: %v, locked %v", err, l.Locked())
	}
	c.add(4 * time.Minute)
	l.Activity()
	c.add(4*time.Minute + 59*time.Second)
	l.Tick()
	if l.Locked() {
		t.Fatal("locked before 5 idle minutes (input 4m59s ago)")
	}
	c.add(time.Second)
	l.Tick()
	l.Tick()
	if !l.Locked() {
		t.Fatal("not locked after 5 idle minutes")
	}
	if want := []bool{false, true}; len(told) != 2 || told[0] != want[0] || told[1] != want[1] {
		t.Fatalf("told %v, want %v", told, want)
	}
}

// Due says when the idle time locks: from the last input, only while the
// lock is on, unlocked and set to lock on idle.
func TestDue(t *testing.T) {
	c := newClock()
	l := New(Config{Enabled: true, Idle: 5 * time.Minute}, c.now, nil)
	if _, ok := l.Due(); ok {
		t.Fatal("locked, yet an idle lock is due")
	}
	p := passphrase(t)
	if err := p.Set("さくら もみじ"); err != nil {
		t.Fatal(err)
	}
	if err := l.Unlock(context.Background(), p, "さくら もみじ"); err != nil {
		t.Fatal(err)
	}
	c.add(2 * time.Minute)
	l.Activity()
	if due, ok := l.Due(); !ok || !due.Equal(c.t.Add(5*time.Minute)) {
		t.Fatalf("due %v %v, want 5 minutes after the last input (%v)", due, ok, c.t.Add(5*time.Minute))
	}
	l.SetConfig(Config{Enabled: true})
	if _, ok := l.Due(); ok {
		t.Fatal("no idle time set, yet an idle lock is due")
	}
	l.SetConfig(Config{})
	if _, ok := l.Due(); ok {
		t.Fatal("the lock is off, yet an idle lock is due")
	}
}

// Screen lock and sleep lock an enabled lock and nothing else; a lock
// that is off never locks (there would be no way back set up).
func TestEventsLock(t *testing.T) {
	c := newClock()
	off := New(Config{}, c.now, nil)
	off.Event(ScreenLocked)
	off.Event(Sleeping)
	c.add(time.Hour)
	off.Tick()
	off.Lock()
	if off.Locked() {
		t.Fatal("a lock that is off locked")
	}
	on := New(Config{Enabled: true, Idle: 0}, c.now, nil)
	on.SetConfig(Config{}) // off unlocks
	on.SetConfig(Config{Enabled: true})
	c.add(24 * time.Hour)
	on.Tick()
	if on.Locked() {
		t.Fatal("idle 0 locked on idle")
	}
	on.Event(ScreenLocked)
	if !on.Locked() {
		t.Fatal("screen lock did not lock")
	}
	on.SetConfig(Config{})
	on.SetConfig(Config{Enabled: true})
	on.Event(Sleeping)
	if !on.Locked() {
		t.Fatal("sleep did not lock")
	}
}

// A wrong passphrase leaves it locked with a message in both languages;
// the file holds a salted hash, not the passphrase.
func TestWrongPassphraseStaysLocked(t *testing.T) {
	p := passphrase(t)
	l := New(Config{Enabled: true}, nil, nil)
	err := l.Unlock(context.Background(), p, "anything")
	if !errors.Is(err, ErrNoPassphrase) || !l.Locked() {
		t.Fatalf("no passphrase set: %v, locked %v", err, l.Locked())
	}
	if err := p.Set("abc"); err == nil {
		t.Fatal("a 3-character passphrase was accepted")
	}
	if err := p.Set("ひみつの合言葉"); err != nil {
		t.Fatal(err)
	}
	err = l.Unlock(context.Background(), p, "ひみつの合言")
	if !errors.Is(err, ErrWrongPassphrase) || !l.Locked() {
		t.Fatalf("wrong passphrase: %v, locked %v", err, l.Locked())
	}
	var ie *i18n.Error
	if !errors.As(err, &ie) || !strings.Contains(ie.Msg.In(i18n.JA), "パスフレーズが違います") || ie.Hint.In(i18n.EN) == "" {
		t.Fatalf("message: %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(p.Dir, File))
	if bytes.Contains(b, []byte("ひみつ")) || !bytes.Contains(b, []byte(`"salt"`)) {
		t.Fatalf("lock.json: %s", b)
	}
	if fi, _ := os.Stat(filepath.Join(p.Dir, File)); fi.Mode().Perm() != 0o600 {
		t.Errorf("lock.json mode %v", fi.Mode())
	}
	// A second hash of the same passphrase has another salt.
	p2 := Passphrase{Dir: t.TempDir(), LogN: 4}
	_ = p2.Set("ひみつの合言葉")
	b2, _ := os.ReadFile(filepath.Join(p2.Dir, File))
	if bytes.Equal(b, b2) {
		t.Error("two hashes of one passphrase are equal: no salt")
	}
	if err := l.Unlock(context.Background(), p, "ひみつの合言葉"); err != nil || l.Locked() {
		t.Fatalf("right passphrase: %v", err)
	}
}

// The OS check answers "not available" with what to use instead.
func TestOSCheckNotAvailable(t *testing.T) {
	if (OSCheck{}).Available() == nil {
		t.Skip("the OS check is set up on this PC: not asked for in a test")
	}
	l := New(Config{Enabled: true}, nil, nil)
	err := l.Unlock(context.Background(), OSCheck{}, "")
	var ie *i18n.Error
	if !errors.Is(err, ErrNotAvailable) || !errors.As(err, &ie) || !l.Locked() {
		t.Fatalf("%v, locked %v", err, l.Locked())
	}
	if !strings.Contains(ie.Hint.In(i18n.JA), "セキュリティキー") || !strings.Contains(ie.Msg.In(i18n.EN), osName) {
		t.Fatalf("%q / %q", ie.Msg.In(i18n.EN), ie.Hint.In(i18n.JA))
	}
}

func TestPolicy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.json")
	load := func(body string) (Policy, error) {
		t.Helper()
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return LoadPolicy(path)
	}
	if p, err := LoadPolicy(filepath.Join(dir, "none.json")); err != nil || p.Forced() {
		t.Fatalf("missing file: %+v %v", p, err)
	}
	if p, err := load(`{"update": {"mode": "off"}}`); err != nil || p.Forced() {
		t.Fatalf("no lock section: %+v %v", p, err)
	}
	p, err := load(`{"update": {"mode": "off"}, "lock": {"mode": "lock", "idle_minutes": 5}}`)
	if err != nil || p.Mode != ModeLock || p.IdleMinutes != 5 {
		t.Fatalf("%+v %v", p, err)
	}
	if c := Effective(p, Setting{}); !c.Enabled || c.Idle != 5*time.Minute {
		t.Errorf("policy lock over setting off: %+v", c)
	}
	if c := Effective(Policy{Mode: ModeOff}, Setting{Enabled: true, IdleMinutes: 3}); c.Enabled {
		t.Errorf("policy off over setting on: %+v", c)
	}
	if c := Effective(Policy{}, Setting{Enabled: true, IdleMinutes: 3}); !c.Enabled || c.Idle != 3*time.Minute {
		t.Errorf("no policy: %+v", c)
	}
	if c := Effective(Policy{}, Setting{}); c.Enabled {
		t.Errorf("default is on: %+v", c)
	}
	for _, bad := range []string{
		`{"lock": {"mode": "sealed"}}`,
		`{"lock": {"mode": "lock", "idle_minuts": 5}}`,
		`{"lock": {"mode": "lock", "idle_minutes": -1}}`,
		`{"lock": "lock"}`,
		`{not json`,
	} {
		p, err := load(bad)
		var ie *i18n.Error
		if !errors.As(err, &ie) || p.Forced() {
			t.Errorf("%s: %+v %v", bad, p, err)
		}
	}
}

// fakeKeys is a key that knows one credential and one PIN.
type fakeKeys struct {
	plugged bool
	pin     string
	cred    []byte
	secret  []byte
}

func (f *fakeKeys) List() ([]securitykey.KeyInfo, error) {
	if !f.plugged {
		return nil, nil
	}
	return []securitykey.KeyInfo{{Path: "/dev/hidraw0"}}, nil
}

func (f *fakeKeys) ProtectBackup(_ context.Context, _, pin string, salt []byte) ([]byte, []byte, error) {
	if pin != f.pin {
		return nil, nil, securitykey.ErrPINInvalid
	}
	f.cred = []byte("cred")
	f.secret = append([]byte("s-"), salt...)
	return f.cred, bytes.Clone(f.secret), nil
}

func (f *fakeKeys) BackupSecret(_ context.Context, _, pin string, cred, salt []byte) ([]byte, error) {
	if pin != f.pin {
		return nil, securitykey.ErrPINInvalid
	}
	if !bytes.Equal(cred, f.cred) {
		return nil, securitykey.ErrNoCredentials
	}
	return bytes.Clone(f.secret), nil
}

// The key unlocks with its PIN; a missing key, a wrong PIN or another
// key leave it locked.
func TestKeyVerifier(t *testing.T) {
	ctx := context.Background()
	dev := &fakeKeys{plugged: true, pin: "1234"}
	k := Key{Dir: t.TempDir(), Keys: dev}
	l := New(Config{Enabled: true}, nil, nil)
	if err := l.Unlock(ctx, k, "1234"); !errors.Is(err, ErrNoKey) || !l.Locked() {
		t.Fatalf("no key set: %v", err)
	}
	if err := k.Set(ctx, "1234"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(k.Dir, File))
	if bytes.Contains(b, []byte("1234")) || bytes.Contains(b, []byte("s-")) {
		t.Fatalf("lock.json holds the PIN or the secret: %s", b)
	}
	dev.plugged = false
	if err := l.Unlock(ctx, k, "1234"); !errors.Is(err, ErrNoKey) || !l.Locked() {
		t.Fatalf("key missing: %v", err)
	}
	dev.plugged = true
	if err := l.Unlock(ctx, k, "0000"); !errors.Is(err, securitykey.ErrPINInvalid) || !l.Locked() {
		t.Fatalf("wrong PIN: %v", err)
	}
	other := &fakeKeys{plugged: true, pin: "1234"}
	_, _, _ = other.ProtectBackup(ctx, "", "1234", []byte("other salt"))
	other.cred = []byte("cred") // same id, another secret
	if err := l.Unlock(ctx, Key{Dir: k.Dir, Keys: other}, "1234"); !errors.Is(err, ErrWrongKey) || !l.Locked() {
		t.Fatalf("another key: %v", err)
	}
	other.cred = []byte("x")
	if err := l.Unlock(ctx, Key{Dir: k.Dir, Keys: other}, "1234"); !errors.Is(err, ErrWrongKey) || !l.Locked() {
		t.Fatalf("a key without the credential: %v", err)
	}
	if err := l.Unlock(ctx, k, "1234"); err != nil || l.Locked() {
		t.Fatalf("right key and PIN: %v", err)
	}
	// A passphrase set afterwards keeps the key.
	p := Passphrase{Dir: k.Dir, LogN: 4}
	if err := p.Set("もう一つの鍵"); err != nil || k.Available() != nil || p.Available() != nil {
		t.Fatal("passphrase and key do not live side by side")
	}
}
