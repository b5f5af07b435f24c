package codes

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
)

// firstStore is a manyStore that can list its first accounts alone, and
// counts how many secrets each call read.
type firstStore struct {
	*manyStore
	firstK, lists int
}

func (s *firstStore) ListFirst(k int) ([]accounts.Entry, []accounts.Account, error) {
	s.firstK = k
	if k >= len(s.entries) {
		return s.entries, nil, nil
	}
	var later []accounts.Account
	for _, e := range s.entries[k:] {
		later = append(later, e.Account)
	}
	return s.entries[:k], later, nil
}

func (s *firstStore) List() ([]accounts.Entry, error) { s.lists++; return s.manyStore.List() }

func firstView(t *testing.T, n, first int, now *time.Time) (*View, *firstStore, *int) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	s := &firstStore{manyStore: newManyStore(n)}
	changed := new(int)
	w := test.NewTempWindow(t, nil)
	v := New(s, Options{Window: w, Now: func() time.Time { return *now }, Lang: i18n.JA, FirstRows: first,
		OnChanged: func() { *changed++ }})
	w.SetContent(v.Object())
	w.Resize(fyne.NewSize(520, 560))
	return v, s, changed
}

// loadRest runs LoadRest with a do that hands the UI part back to the
// test's goroutine, as fyne.Do hands it to Fyne's.
func loadRest(v *View) func() {
	q := make(chan func(), 1)
	v.LoadRest(func(f func()) { q <- f })
	return <-q
}

// With FirstRows the view reads only the first accounts' secrets: the
// rows on screen show codes, the others are listed as not read yet (no
// code, nothing to copy, not in the tray's list) until LoadRest reads
// them all, leaving the scroll, selection and filter where they were.
func TestFirstRowsThenTheRest(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	v, s, changed := firstView(t, 200, 8, &now)
	if s.firstK != 8 || s.lists != 0 {
		t.Fatalf("New read: ListFirst(%d), List %d times; want ListFirst(8) only", s.firstK, s.lists)
	}
	for i, r := range v.live {
		if want := wantCode(t, s.manyStore, i, now); r.code.Text != want {
			t.Errorf("row %d on screen shows %q, want its code %q", i, r.code.Text, want)
		}
	}
	if len(v.Usable()) != 8 || !v.Unread() {
		t.Errorf("usable %d, unread %v: want the 8 read, the rest waiting", len(v.Usable()), v.Unread())
	}
	if ok, _, unknown := v.Counts(); ok != 200 || unknown != 0 {
		t.Errorf("counts ok %d unknown %d: an unread account is not a problem", ok, unknown)
	}
	// Scrolled to the bottom before the rest is read: loading, no copy.
	v.scroll.ScrollToBottom()
	last := v.live[199]
	if last == nil {
		t.Fatal("no row for the last account at the bottom")
	}
	if m := strings.Join(uitest.Texts(last), "\n"); !strings.Contains(m, "読み込み中") {
		t.Errorf("an unread row reads:\n%s", m)
	}
	if v.Copy(last.e.ID) {
		t.Error("an unread account's code was copied")
	}
	height := v.body.MinSize().Height
	v.Select(150)
	v.SetFilter("account 1")

	loadRest(v)()
	if v.Unread() || len(v.Usable()) != 200 || s.lists != 1 || *changed != 1 {
		t.Fatalf("after LoadRest: unread %v, usable %d, lists %d, OnChanged %d times", v.Unread(), len(v.Usable()), s.lists, *changed)
	}
	if v.SelectedID() != "id150" || v.filter != "account 1" {
		t.Errorf("selection %q, filter %q: LoadRest moved them", v.SelectedID(), v.filter)
	}
	v.SetFilter("")
	if got := v.body.MinSize().Height; got != height {
		t.Errorf("list height %v after reading, %v before: unread rows must be as tall as code rows", got, height)
	}
	v.scroll.ScrollToBottom()
	if want := wantCode(t, s.manyStore, 199, now); v.live[199] == nil || v.live[199].code.Text != want {
		t.Errorf("the last account does not show its code %s once read", want)
	}
	v.LoadRest(func(func()) { t.Error("LoadRest with nothing unread read again") })
}

// A list read again before LoadRest's answer (a rename) wins: the older
// answer is dropped.
func TestLoadRestDroppedAfterAReload(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	v, s, _ := firstView(t, 30, 5, &now)
	apply := loadRest(v)
	s.entries = s.entries[:10] // twenty removed elsewhere
	v.Reload()
	apply()
	if len(v.rows) != 10 {
		t.Errorf("%d rows: the stale answer replaced the newer list", len(v.rows))
	}
}

// Fewer accounts than FirstRows: all read at once, nothing left.
func TestFirstRowsCoversAll(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	v, s, _ := firstView(t, 3, 8, &now)
	if v.Unread() || len(v.Usable()) != 3 || s.lists != 0 {
		t.Errorf("unread %v, usable %d, lists %d", v.Unread(), len(v.Usable()), s.lists)
	}
}

// slowFirst is a firstStore whose ListFirst waits until released, as a
// keyring does while its answers come over D-Bus.
type slowFirst struct {
	*firstStore
	release chan struct{}
	calls   int
}

func (s *slowFirst) ListFirst(k int) ([]accounts.Entry, []accounts.Account, error) {
	<-s.release
	s.calls++
	return s.firstStore.ListFirst(k)
}

// ReadFirst reads on a goroutine of its own: the caller goes on (the
// window's start makes its OpenGL window meanwhile), and New shows that
// read instead of reading again.
func TestReadFirstAheadOfNew(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	s := &slowFirst{firstStore: &firstStore{manyStore: newManyStore(30)}, release: make(chan struct{})}
	started := make(chan *First)
	go func() { started <- ReadFirst(s, 8) }()
	var f *First
	select {
	case f = <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("ReadFirst waited for the keyring instead of reading on a goroutine of its own")
	}
	close(s.release)
	now := time.Unix(1_700_000_000, 0)
	w := test.NewTempWindow(t, nil)
	v := New(s, Options{Window: w, Now: func() time.Time { return now }, Lang: i18n.JA, FirstRows: 8, First: f})
	w.SetContent(v.Object())
	w.Resize(fyne.NewSize(520, 560))
	if s.calls != 1 || s.lists != 0 || s.firstK != 8 {
		t.Errorf("ListFirst %d times (k %d), List %d times; want the one early read", s.calls, s.firstK, s.lists)
	}
	if len(v.Usable()) != 8 || !v.Unread() {
		t.Errorf("usable %d, unread %v: want the early read's 8, the rest waiting", len(v.Usable()), v.Unread())
	}
	for i, r := range v.live {
		if want := wantCode(t, s.manyStore, i, now); r.code.Text != want {
			t.Errorf("row %d shows %q, want %q", i, r.code.Text, want)
		}
	}
	if ReadFirst(s.manyStore, 8) != nil {
		t.Error("ReadFirst of a store that cannot read its first accounts alone: want nil (New reads them all)")
	}
}
