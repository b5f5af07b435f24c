// Package session is the window app's state: shown or hidden in the tray,
// locked or unlocked, and which screens are open. The main window, the
// tray menu and the single-instance hand-over ask and change it here
// instead of reaching into the window (app/ui), and they learn of changes
// as watchers. An app lock or a second window gets its state here later.
//
// It holds state, no rules and no Fyne: it is tested without a display,
// and a request from another goroutine (a second launch) reaches the UI
// through the poster the window attaches (fyne.Do). The command line has
// no session, so it lives in app/, not internal/.
package session

import (
	"slices"
	"sync"
)

// Screen names a screen that can be open beside the code list.
type Screen string

// The screens the window opens.
const (
	Keys     Screen = "keys"     // the security-key window
	Settings Screen = "settings" // the settings dialog
	Help     Screen = "help"     // サポート情報
	Passkeys Screen = "passkeys" // the passkey-readiness window(s)
)

// Kind is what changed.
type Kind int

// The changes watchers hear of.
const (
	Shown    Kind = iota + 1 // the window was shown or asked to the front
	Hidden                   // the window went to the tray
	Locked                   // the codes are locked away
	Unlocked                 // the lock was lifted
	Opened                   // Change.Screen was opened
	Closed                   // Change.Screen was closed
	Quitting                 // the app is ending
)

func (k Kind) String() string {
	names := [...]string{"?", "shown", "hidden", "locked", "unlocked", "opened", "closed", "quitting"}
	if k < 0 || int(k) >= len(names) {
		return names[0]
	}
	return names[k]
}

// Change is one change, told to every watcher.
type Change struct {
	Kind   Kind
	Screen Screen // for Opened and Closed
}

// Session is the state of one running window. Its methods are safe from
// any goroutine; watchers run on the caller's goroutine, after the state
// changed and outside the session's lock, so they may ask it again.
type Session struct {
	mu       sync.Mutex
	shown    bool
	locked   bool
	open     []Screen
	watchers []func(Change)
	post     func(func())
}

// New is a session whose window is shown, unlocked, with nothing open.
func New() *Session { return &Session{shown: true} }

// Watch adds f to the watchers told of every change.
func (s *Session) Watch(f func(Change)) {
	s.mu.Lock()
	s.watchers = append(s.watchers, f)
	s.mu.Unlock()
}

// Attach sets how a request from another goroutine reaches the UI's
// goroutine (fyne.Do). Until then such requests are dropped: there is no
// window to show yet.
func (s *Session) Attach(post func(func())) {
	s.mu.Lock()
	s.post = post
	s.mu.Unlock()
}

// Shown reports whether the window is on screen (not hidden in the tray).
func (s *Session) Shown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shown
}

// Show shows the window. Watchers hear of it even when it was shown
// already: the tray and a second launch use it to bring it to the front.
func (s *Session) Show() {
	s.mu.Lock()
	s.shown = true
	s.mu.Unlock()
	s.tell(Change{Kind: Shown})
}

// AskShow is Show for another goroutine (a second launch): it runs on the
// UI's goroutine through the attached poster, or not at all before one is
// attached.
func (s *Session) AskShow() {
	s.mu.Lock()
	post := s.post
	s.mu.Unlock()
	if post != nil {
		post(s.Show)
	}
}

// Hide sends the window to the tray.
func (s *Session) Hide() {
	if s.set(&s.shown, false) {
		s.tell(Change{Kind: Hidden})
	}
}

// Locked reports whether the codes are locked away.
func (s *Session) Locked() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.locked
}

// Lock locks the codes away (no screen asks for it yet).
func (s *Session) Lock() {
	if s.set(&s.locked, true) {
		s.tell(Change{Kind: Locked})
	}
}

// Unlock lifts the lock.
func (s *Session) Unlock() {
	if s.set(&s.locked, false) {
		s.tell(Change{Kind: Unlocked})
	}
}

// Open records that sc was opened; it reports false (and tells no one)
// when sc was open already.
func (s *Session) Open(sc Screen) bool {
	s.mu.Lock()
	if slices.Contains(s.open, sc) {
		s.mu.Unlock()
		return false
	}
	s.open = append(s.open, sc)
	s.mu.Unlock()
	s.tell(Change{Kind: Opened, Screen: sc})
	return true
}

// Close records that sc was closed.
func (s *Session) Close(sc Screen) {
	s.mu.Lock()
	n := len(s.open)
	s.open = slices.DeleteFunc(s.open, func(o Screen) bool { return o == sc })
	closed := len(s.open) < n
	s.mu.Unlock()
	if closed {
		s.tell(Change{Kind: Closed, Screen: sc})
	}
}

// IsOpen reports whether sc is open.
func (s *Session) IsOpen(sc Screen) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Contains(s.open, sc)
}

// Screens are the open screens, in the order they were opened.
func (s *Session) Screens() []Screen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.open)
}

// Quit tells the watchers that the app ends (the window clears our code
// from the clipboard and stops the app).
func (s *Session) Quit() { s.tell(Change{Kind: Quitting}) }

// set stores v in *field and reports whether that changed it.
func (s *Session) set(field *bool, v bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if *field == v {
		return false
	}
	*field = v
	return true
}

func (s *Session) tell(c Change) {
	s.mu.Lock()
	ws := slices.Clone(s.watchers)
	s.mu.Unlock()
	for _, w := range ws {
		w(c)
	}
}
