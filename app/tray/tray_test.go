package tray

import (
	"fmt"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/internal/i18n"
)

// counted is a session whose shows and quits are counted.
func counted() (s *session.Session, shown, quit *int) {
	s = session.New()
	shown, quit = new(int), new(int)
	s.Watch(func(c session.Change) {
		switch c.Kind {
		case session.Shown:
			*shown++
		case session.Quitting:
			*quit++
		}
	})
	return s, shown, quit
}

func TestMenu(t *testing.T) {
	var copied int
	s, shown, quit := counted()
	m := Menu(i18n.JA, []Account{{Name: "三菱 太郎", Copy: func() { copied++ }}}, s)
	var labels []string
	for _, it := range m.Items {
		labels = append(labels, it.Label)
		if it.Action != nil {
			it.Action()
		}
	}
	if copied != 1 || *shown != 1 || *quit != 1 {
		t.Errorf("actions: copy %d show %d quit %d", copied, *shown, *quit)
	}
	last := m.Items[len(m.Items)-1]
	if !last.IsQuit || last.Label != "終了" {
		t.Errorf("last item %q IsQuit=%v", last.Label, last.IsQuit)
	}
	if labels[0] != "ウィンドウを表示" || labels[2] != "「三菱 太郎」のワンタイムパスワードをコピー" {
		t.Errorf("labels %q", labels)
	}
}

// While the session is locked the tray copies no codes; it still shows
// the window (where the lock is lifted) and quits.
func TestLockedMenuOffersNoCodes(t *testing.T) {
	s, shown, quit := counted()
	s.Lock()
	m := Menu(i18n.EN, []Account{{Name: "Bank", Copy: func() { t.Error("a locked menu copied a code") }}}, s)
	for _, it := range m.Items {
		if it.Action != nil {
			it.Action()
		}
	}
	if len(m.Items) != 3 || *shown != 1 || *quit != 1 {
		t.Errorf("locked menu: %d items (want show, separator, quit), show %d quit %d", len(m.Items), *shown, *quit)
	}
}

// With many accounts the menu keeps to MaxCopies copy entries and one
// entry that shows the window for the rest: 200 entries would run off
// the screen.
func TestManyAccountsMenuIsCapped(t *testing.T) {
	for _, n := range []int{MaxCopies, MaxCopies + 1, 200} {
		s, shown, _ := counted()
		copied := map[int]bool{}
		var accts []Account
		for i := 0; i < n; i++ {
			i := i
			accts = append(accts, Account{Name: fmt.Sprint("口座 ", i), Copy: func() { copied[i] = true }})
		}
		m := Menu(i18n.JA, accts, s)
		var copies, more int
		for _, it := range m.Items {
			switch {
			case strings.HasSuffix(it.Label, "のワンタイムパスワードをコピー"):
				copies++
				it.Action()
			case strings.HasPrefix(it.Label, "ほかの"):
				more++
				if want := fmt.Sprintf("ほかの%d件はウィンドウでコピー", n-MaxCopies); it.Label != want {
					t.Errorf("%d accounts: %q, want %q", n, it.Label, want)
				}
				it.Action()
			}
		}
		if copies != min(n, MaxCopies) || len(copied) != copies || !copied[0] {
			t.Errorf("%d accounts: %d copy entries (%d distinct), want the first %d", n, copies, len(copied), min(n, MaxCopies))
		}
		if wantMore := n > MaxCopies; (more == 1) != wantMore || *shown != more {
			t.Errorf("%d accounts: %d 'more' entries, window shown %d times", n, more, *shown)
		}
	}
}
