package codes

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// manyStore holds n accounts, each with its own key, half of them with
// 30-second steps (Generic) and half with Smart OTP's 60.
type manyStore struct{ fakeStore }

func newManyStore(n int) *manyStore {
	s := &manyStore{}
	for i := range n {
		p := profile.SmartOTP
		if i%2 == 1 {
			p = profile.Generic
		}
		s.entries = append(s.entries, accounts.Entry{Account: accounts.Account{
			ID: fmt.Sprint("id", i), Name: fmt.Sprintf("Account %03d", i), Profile: p}, State: accounts.OK})
	}
	return s
}

func manyKey(id string) []byte { return []byte(fmt.Sprintf("%-20s", "key-"+id)) }

func (s *manyStore) Generator(id string) (*totp.Generator, error) {
	for _, e := range s.entries {
		if e.ID == id {
			return totp.New(manyKey(id), e.Profile)
		}
	}
	return nil, fmt.Errorf("no account %s", id)
}

// wantCode is account i's code at now, computed apart from the view.
func wantCode(t testing.TB, s *manyStore, i int, now time.Time) string {
	t.Helper()
	e := s.entries[i]
	g, err := totp.New(manyKey(e.ID), e.Profile)
	if err != nil {
		t.Fatal(err)
	}
	return Group(g.At(now).Code)
}

// manyView shows n accounts in a window of the app's size.
func manyView(t testing.TB, n int, now *time.Time) (*View, *manyStore, fyne.Window) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	s := newManyStore(n)
	w := test.NewTempWindow(t, nil)
	v := New(s, Options{Window: w, Now: func() time.Time { return *now }, Lang: i18n.JA})
	w.SetContent(v.Object())
	w.Resize(fyne.NewSize(520, 560))
	return v, s, w
}

// onScreen checks that every live row lies (at least partly) in the
// scrolled viewport, and returns how many there are.
func onScreen(t *testing.T, v *View) int {
	t.Helper()
	top, bottom := v.scroll.Offset.Y, v.scroll.Offset.Y+v.scroll.Size().Height
	for i, r := range v.live {
		if y := r.Position().Y; y+r.Size().Height < top || y > bottom {
			t.Errorf("row %d built at y=%v, off the viewport %v..%v", i, y, top, bottom)
		}
	}
	return len(v.live)
}

// With 200 accounts only the rows on screen are built, and a tick
// refreshes those and no others; their countdown still moves each second.
func TestManyAccountsTickOnlyRowsOnScreen(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	v, s, _ := manyView(t, 200, &now)
	n := onScreen(t, v)
	if n == 0 || n > 8 {
		t.Fatalf("%d rows built for a 560-px window; want the few on screen", n)
	}
	if v.binds != n {
		t.Errorf("%d rows bound, %d on screen", v.binds, n)
	}
	before := map[int]string{}
	fill := map[int]float32{}
	for i, r := range v.live {
		before[i] = r.left.Text
		fill[i] = r.bar.fill.Size().Width
	}
	for range 3 {
		now = now.Add(time.Second)
		u := v.updates
		v.Tick()
		if got := v.updates - u; got != n {
			t.Errorf("a tick brought %d rows up to the clock, want the %d on screen", got, n)
		}
	}
	for i, r := range v.live {
		if r.left.Text == before[i] {
			t.Errorf("row %d still says %q after 3 s", i, r.left.Text)
		}
		// The bar refreshes its fill alone: it must still shrink.
		if w, track := r.bar.fill.Size().Width, r.bar.track.Size().Width; w >= fill[i] || w <= 0 || track <= w {
			t.Errorf("row %d's bar: fill %v wide (was %v), track %v", i, w, fill[i], track)
		}
	}
	if v.binds != n {
		t.Errorf("ticks bound %d rows more", v.binds-n)
	}
	// A new step on both periods: the rows on screen show the new codes.
	now = now.Add(95 * time.Second)
	v.Tick()
	for i, r := range v.live {
		if want := wantCode(t, s, i, now); r.code.Text != want {
			t.Errorf("row %d shows %q at the new step, want %q", i, r.code.Text, want)
		}
	}
}

// Scrolling to the bottom long after the list was built shows the last
// account's current code at once.
func TestManyAccountsScrollShowsCurrentCode(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	v, s, _ := manyView(t, 200, &now)
	now = now.Add(95 * time.Second) // steps of both periods have passed
	v.scroll.ScrollToBottom()
	onScreen(t, v)
	last := v.live[199]
	if last == nil {
		t.Fatal("the last account has no row after scrolling to the bottom")
	}
	if want := wantCode(t, s, 199, now); last.code.Text != want {
		t.Errorf("last account shows %q, its current code is %q", last.code.Text, want)
	}
	m := strings.Join(uitest.Texts(v.Object()), "\n")
	if !strings.Contains(m, "Account 199") || strings.Contains(m, "Account 000") {
		t.Errorf("after scrolling to the bottom the screen reads:\n%s", m)
	}
	// Keyboard: the selection focused at the top scrolls back into view.
	v.scroll.ScrollToTop()
	v.Select(150)
	v.FocusSelected()
	if r, ok := v.opt.Window.Canvas().Focused().(*row); !ok || r.i != 150 {
		t.Errorf("focus on %v, want account 150's row", v.opt.Window.Canvas().Focused())
	}
	onScreen(t, v)
	// Scrolled away and back, the row keeps the focus (and its ring).
	off := v.scroll.Offset
	v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: off.Y}})
	if v.live[150] != nil {
		t.Fatal("row 150 still built at the top of the list")
	}
	v.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.Delta{DY: -off.Y}})
	if r, ok := v.opt.Window.Canvas().Focused().(*row); !ok || r.i != 150 || r != v.live[150] || !r.focused {
		t.Errorf("after scrolling away and back the focus is not on account 150's row on screen (%T)", v.opt.Window.Canvas().Focused())
	}
}

// Search finds an account far off screen, with its current code.
func TestManyAccountsSearchOffScreen(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	v, s, _ := manyView(t, 200, &now)
	v.SetFilter("account 187")
	m := strings.Join(uitest.Texts(v.Object()), "\n")
	if !strings.Contains(m, "Account 187") || strings.Contains(m, "Account 000") {
		t.Fatalf("search 'account 187' shows:\n%s", m)
	}
	if want := wantCode(t, s, 187, now); !strings.Contains(m, want) {
		t.Errorf("search result lacks the code %s:\n%s", want, m)
	}
	v.SetFilter("")
	if m := strings.Join(uitest.Texts(v.Object()), "\n"); !strings.Contains(m, "Account 000") {
		t.Errorf("clearing the search does not show the first account again:\n%s", m)
	}
}

// The cost of the one-second tick must not grow with the accounts: compare
// accounts=20 (a screenful) with accounts=200: the same ns/op; accounts=1
// shows what one row on screen costs.
func BenchmarkTick(b *testing.B) {
	for _, n := range []int{1, 20, 200} {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			now := time.Unix(1_700_000_000, 0)
			v, _, _ := manyView(b, n, &now)
			b.ReportAllocs()
			for b.Loop() {
				now = now.Add(time.Second)
				v.Tick()
			}
		})
	}
}
