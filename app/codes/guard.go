package codes

import "time"

// Clipboard is the part of fyne.Clipboard the guard uses.
type Clipboard interface {
	Content() string
	SetContent(string)
}

// RecopyWindow is how soon after a copy a new step's code replaces the
// copied one: a customer who copied in the step's last second pastes a
// code that is already stale, unless we swap it while it is still ours.
const RecopyWindow = 5 * time.Second

// Guard looks after the codes we put on the clipboard: it replaces a code
// once if its step ends just after the copy, and clears it after a delay
// and on quit, but only while the clipboard still holds it (the user may
// have copied something else since). It is driven by the view's one-second
// tick, so it needs no timers of its own; it is not safe for concurrent
// use (the tick and copies all run on Fyne's goroutine).
type Guard struct {
	clip       Clipboard
	clearAfter time.Duration // <= 0: never clear on a timer

	ours     string // the code we put there; "" = nothing of ours
	id       string // whose code
	copiedAt time.Time
	recopied bool
}

// NewGuard returns a guard for clip; clearAfter <= 0 means never.
func NewGuard(clip Clipboard, clearAfter time.Duration) *Guard {
	return &Guard{clip: clip, clearAfter: clearAfter}
}

// SetClearAfter changes the delay for later ticks.
func (g *Guard) SetClearAfter(d time.Duration) { g.clearAfter = d }

// Copy puts code (account id's) on the clipboard.
func (g *Guard) Copy(id, code string, now time.Time) {
	g.clip.SetContent(code)
	g.ours, g.id, g.copiedAt, g.recopied = code, id, now, false
}

// Tick runs once a second. current returns the code account id shows now.
// It reports whether it changed the clipboard.
func (g *Guard) Tick(now time.Time, current func(id string) (string, bool)) bool {
	if g.ours == "" {
		return false
	}
	if g.clearAfter > 0 && !now.Before(g.copiedAt.Add(g.clearAfter)) {
		return g.ClearIfOurs()
	}
	if g.recopied || now.Sub(g.copiedAt) > RecopyWindow {
		return false
	}
	code, ok := current(g.id)
	if !ok || code == g.ours {
		return false
	}
	if g.clip.Content() != g.ours {
		g.ours = "" // the user copied something else: leave it alone for good
		return false
	}
	g.clip.SetContent(code)
	g.ours, g.recopied = code, true
	return true
}

// ClearIfOurs empties the clipboard if it still holds our code, and
// reports whether it did.
func (g *Guard) ClearIfOurs() bool {
	if g.ours == "" {
		return false
	}
	ours := g.ours
	g.ours = ""
	if g.clip.Content() != ours {
		return false
	}
	g.clip.SetContent("")
	return true
}

// Holding reports whether a code of ours may still be on the clipboard.
func (g *Guard) Holding() bool { return g.ours != "" }
