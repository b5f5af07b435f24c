package codes

import (
	"time"

	"fyne.io/fyne/v2"
)

// Clipboard is where the guard puts codes: internal/clipboard's OS adapter
// or the toolkit's (Toolkit). SetContent's error means the text did not get
// there (on Windows, another program held the clipboard too long).
type Clipboard interface {
	Content() string
	SetContent(string) error
}

// Toolkit is Fyne's clipboard as a Clipboard; it reports no failures.
func Toolkit(c fyne.Clipboard) Clipboard { return toolkit{c} }

type toolkit struct{ c fyne.Clipboard }

func (t toolkit) Content() string { return t.c.Content() }

func (t toolkit) SetContent(s string) error { t.c.SetContent(s); return nil }

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

// Copy puts code (account id's) on the clipboard. When that fails nothing
// is armed for it: the clipboard still holds what it held, and a code of
// ours copied before keeps its own timer.
func (g *Guard) Copy(id, code string, now time.Time) error {
	if err := g.clip.SetContent(code); err != nil {
		return err
	}
	g.ours, g.id, g.copiedAt, g.recopied = code, id, now, false
	return nil
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
	if !g.OnClipboard() {
		return false // the user copied something else: left alone for good
	}
	g.recopied = true
	if g.clip.SetContent(code) != nil {
		return false // the stale code stays, and is cleared on time
	}
	g.ours = code
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
	return g.clip.SetContent("") == nil
}

// Holding reports whether a code of ours may still be on the clipboard.
func (g *Guard) Holding() bool { return g.ours != "" }

// OnClipboard reports whether the clipboard holds a code of ours now. It
// asks the clipboard (Holding only remembers the copy): a code the user has
// replaced since is forgotten, so a guard that never clears on a timer
// does not hold on to it for ever.
func (g *Guard) OnClipboard() bool {
	if g.ours == "" {
		return false
	}
	if g.clip.Content() != g.ours {
		g.ours = ""
		return false
	}
	return true
}
