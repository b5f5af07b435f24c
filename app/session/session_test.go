package session

import (
	"slices"
	"sync"
	"testing"
)

// record watches s and returns what it heard so far.
func record(s *Session) func() []Change {
	var mu sync.Mutex
	var got []Change
	s.Watch(func(c Change) { mu.Lock(); got = append(got, c); mu.Unlock() })
	return func() []Change {
		mu.Lock()
		defer mu.Unlock()
		out := got
		got = nil
		return out
	}
}

func TestNewIsShownUnlockedWithNothingOpen(t *testing.T) {
	s := New()
	if !s.Shown() || s.Locked() || len(s.Screens()) != 0 {
		t.Fatalf("new session: shown %v locked %v screens %v", s.Shown(), s.Locked(), s.Screens())
	}
}

func TestHideAndShow(t *testing.T) {
	s := New()
	heard := record(s)
	s.Hide()
	s.Hide() // already hidden: nothing new
	if s.Shown() {
		t.Fatal("still shown after Hide")
	}
	if got := heard(); !slices.Equal(got, []Change{{Kind: Hidden}}) {
		t.Fatalf("Hide twice told %v, want one Hidden", got)
	}
	s.Show()
	s.Show() // shown already: still told, to bring the window to the front
	if !s.Shown() {
		t.Fatal("not shown after Show")
	}
	if got := heard(); !slices.Equal(got, []Change{{Kind: Shown}, {Kind: Shown}}) {
		t.Fatalf("Show twice told %v, want Shown twice", got)
	}
}

func TestLockAndUnlock(t *testing.T) {
	s := New()
	heard := record(s)
	s.Unlock() // not locked: nothing to tell
	s.Lock()
	s.Lock()
	if !s.Locked() {
		t.Fatal("not locked after Lock")
	}
	s.Unlock()
	if s.Locked() {
		t.Fatal("still locked after Unlock")
	}
	if got := heard(); !slices.Equal(got, []Change{{Kind: Locked}, {Kind: Unlocked}}) {
		t.Fatalf("told %v, want Locked then Unlocked", got)
	}
	if !s.Shown() {
		t.Fatal("locking hid the window")
	}
}

func TestScreensOpenAndClose(t *testing.T) {
	s := New()
	heard := record(s)
	const other Screen = "other"
	if !s.Open(Keys) || s.Open(Keys) {
		t.Fatal("Open reports true only for a screen not yet open")
	}
	s.Open(other)
	if !s.IsOpen(Keys) || !slices.Equal(s.Screens(), []Screen{Keys, other}) {
		t.Fatalf("open screens %v", s.Screens())
	}
	s.Close(Keys)
	s.Close(Keys) // closed already
	if s.IsOpen(Keys) || !slices.Equal(s.Screens(), []Screen{other}) {
		t.Fatalf("after closing the key screen: %v", s.Screens())
	}
	want := []Change{{Opened, Keys}, {Opened, other}, {Closed, Keys}}
	if got := heard(); !slices.Equal(got, want) {
		t.Fatalf("told %v, want %v", got, want)
	}
	// Screens is a copy: changing it changes nothing.
	s.Screens()[0] = Keys
	if s.IsOpen(Keys) {
		t.Fatal("Screens' result writes through to the session")
	}
}

func TestEveryWatcherHearsQuit(t *testing.T) {
	s := New()
	a, b := record(s), record(s)
	s.Quit()
	for _, heard := range []func() []Change{a, b} {
		if got := heard(); !slices.Equal(got, []Change{{Kind: Quitting}}) {
			t.Fatalf("told %v, want Quitting", got)
		}
	}
}

// A watcher may ask the session again: it runs outside the lock, after
// the state changed.
func TestWatcherSeesNewState(t *testing.T) {
	s := New()
	var shownThen bool
	s.Watch(func(c Change) {
		if c.Kind == Hidden {
			shownThen = s.Shown()
		}
	})
	s.Hide()
	if shownThen {
		t.Fatal("the watcher saw the window still shown")
	}
}

// A second launch asks from its own goroutine: nothing happens until the
// window attached its poster, then Show runs through it.
func TestAskShowGoesThroughThePoster(t *testing.T) {
	s := New()
	s.Hide()
	heard := record(s)
	s.AskShow()
	if s.Shown() || len(heard()) != 0 {
		t.Fatal("a request before the window attached showed it")
	}
	var posted int
	s.Attach(func(f func()) { posted++; f() })
	done := make(chan struct{})
	go func() { s.AskShow(); close(done) }()
	<-done
	if posted != 1 || !s.Shown() {
		t.Fatalf("posted %d, shown %v", posted, s.Shown())
	}
	if got := heard(); !slices.Equal(got, []Change{{Kind: Shown}}) {
		t.Fatalf("told %v, want Shown", got)
	}
}

func TestKindNames(t *testing.T) {
	if Hidden.String() != "hidden" || Quitting.String() != "quitting" || Kind(99).String() != "?" {
		t.Fatalf("names: %v %v %v", Hidden, Quitting, Kind(99))
	}
}
