package tray

import (
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
