package codes

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// fakeStore is a test double for the account store.
type fakeStore struct {
	entries []accounts.Entry
	listErr error
	moved   []int
}

func (f *fakeStore) List() ([]accounts.Entry, error) { return f.entries, f.listErr }
func (f *fakeStore) Generator(id string) (*totp.Generator, error) {
	return totp.New([]byte("12345678901234567890"), profile.SmartOTP)
}
func (f *fakeStore) Rename(id, name string) error { return nil }
func (f *fakeStore) Remove(id string) error       { return nil }
func (f *fakeStore) Move(id string, to int) error { f.moved = append(f.moved, to); return nil }

func render(t *testing.T, v *View) string {
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(500, 600))
	return test.RenderToMarkup(w.Canvas())
}

// workingAndLocked is a store of two accounts: one that makes codes and
// one whose secret the keyring could not give (its problem row wraps).
func workingAndLocked() *fakeStore {
	keyringDown := i18n.NewError(cat.M("problem_unknown"), cat.M("keyring_error"), errors.New("dbus"))
	return &fakeStore{entries: []accounts.Entry{
		{Account: accounts.Account{ID: "a", Name: "Works"}, State: accounts.OK},
		{Account: accounts.Account{ID: "b", Name: "Locked"}, State: accounts.Unknown, Err: keyringDown},
	}}
}

func TestStatesShownWithWhatToDo(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	store := workingAndLocked()
	clip := &memClip{}
	now := time.Unix(59, 0)
	v := New(store, Options{Now: func() time.Time { return now }, Guard: NewGuard(clip, 0), Lang: i18n.EN})
	m := render(t, v)
	if !strings.Contains(m, "Cannot show one-time passwords") || !strings.Contains(m, "Not available") {
		t.Errorf("keyring error hidden:\n%s", m)
	}
	// RFC 6238's SHA-1 key at t=59 with 60-s steps is step 0: HOTP 755224.
	if !strings.Contains(m, "755 224") {
		t.Errorf("code 755 224 not shown:\n%s", m)
	}
	if !v.CopySelected() || clip.s != "755224" {
		t.Errorf("copy gave %q", clip.s)
	}
	ok, _, unknown := v.Counts()
	if ok != 1 || unknown != 1 {
		t.Errorf("counts %d %d", ok, unknown)
	}
	v.SetFilter("lock")
	if m := render(t, v); strings.Contains(m, "Works") || !strings.Contains(m, "Locked") {
		t.Errorf("filter 'lock':\n%s", m)
	}
}

func TestListErrorAndEmptyState(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	v := New(&fakeStore{}, Options{Lang: i18n.JA})
	m := render(t, v)
	for _, s := range []string{"登録情報・手続", "ワンタイムパスワード利用登録", "スマートフォンをお持ちでない方", "アカウントを追加"} {
		if !strings.Contains(m, s) {
			t.Errorf("empty state lacks %q", s)
		}
	}
	v = New(&fakeStore{listErr: errors.New("disk on fire")}, Options{Lang: i18n.JA})
	if m := render(t, v); !strings.Contains(m, "アカウントの一覧を読み込めません") || !strings.Contains(m, "disk on fire") {
		t.Errorf("list error hidden:\n%s", m)
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{"123456": "123 456", "12345678": "1234 5678", "12": "12"} {
		if got := Group(in); got != want {
			t.Errorf("Group(%q) = %q", in, got)
		}
	}
}

// A copy the clipboard refused is reported as failed, never as copied:
// no OnCopied (the window's コピーしました), no "copied" for screen readers
// (issue 22).
func TestCopyThatFailsIsNotCopied(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	store := &fakeStore{entries: []accounts.Entry{
		{Account: accounts.Account{ID: "a", Name: "Works"}, State: accounts.OK},
	}}
	clip := &memClip{fail: true}
	var copied, failed []string
	v := New(store, Options{Now: func() time.Time { return time.Unix(59, 0) }, Guard: NewGuard(clip, 30*time.Second), Lang: i18n.EN,
		OnCopied:     func(name, _ string) { copied = append(copied, name) },
		OnCopyFailed: func(name string) { failed = append(failed, name) }})
	render(t, v)
	if v.Copy("a") {
		t.Error("Copy reported success through a failing clipboard")
	}
	if len(copied) != 0 || len(failed) != 1 || failed[0] != "Works" {
		t.Fatalf("OnCopied %v, OnCopyFailed %v; want only OnCopyFailed(Works)", copied, failed)
	}
	if !v.rows[0].copiedAt.IsZero() {
		t.Error("the row will tell screen readers it was copied")
	}

	clip.fail = false
	if !v.CopySelected() || clip.s != "755224" || len(copied) != 1 {
		t.Fatalf("a copy that works: clipboard %q, OnCopied %v", clip.s, copied)
	}
}
