package app

import (
	"testing"
	"time"

	"github.com/omamori-app/omamori/app/session"
)

// restartRig is a restarter over a real session whose "Fyne goroutine" is
// the test's: later's timers post to a channel the test drains.
type restartRig struct {
	r     *restarter
	sess  *session.Session
	posts chan func()
	ok    bool
	quits int
}

func newRestartRig(t *testing.T) *restartRig {
	t.Helper()
	if !canRestart {
		t.Skip("the tray process starts again on Linux only")
	}
	g := &restartRig{sess: session.New(), posts: make(chan func(), 16), ok: true}
	g.r = &restarter{sess: g.sess, ok: func() bool { return g.ok }, delay: time.Millisecond,
		do: func(f func()) { g.posts <- f }}
	g.sess.Watch(g.r.follow)
	g.sess.Watch(func(c session.Change) {
		if c.Kind == session.Quitting {
			g.quits++
		}
	})
	return g
}

// settle runs what later posted (one timer each), as Fyne's loop would.
func (g *restartRig) settle(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case f := <-g.posts:
			f()
		case <-time.After(5 * time.Second):
			t.Fatal("later posted nothing")
		}
	}
}

// A process started in the tray and never shown holds no OpenGL driver:
// it must not start again (and again).
func TestRestartNotWithoutADrawnWindow(t *testing.T) {
	g := newRestartRig(t)
	g.sess.Hide() // started in the tray
	g.settle(t, 1)
	g.r.later() // the tick paused
	g.settle(t, 1)
	if g.quits != 0 || g.r.asked {
		t.Fatalf("never shown, yet it ended to start again (%d quits)", g.quits)
	}
}

// Shown, then hidden: once nothing would be lost it ends once to start
// again; not while shown again, not while Restartable says no.
func TestRestartAfterShowingOnceIdle(t *testing.T) {
	g := newRestartRig(t)
	g.sess.Hide()
	g.settle(t, 1)
	g.sess.Show() // a second launch or the tray
	g.sess.Hide()
	g.sess.Show() // shown again before the delay ran out
	g.settle(t, 1)
	if g.quits != 0 {
		t.Fatal("shown again, yet it ended")
	}

	g.ok = false // a code of ours on the clipboard, say
	g.sess.Hide()
	g.settle(t, 1)
	if g.quits != 0 {
		t.Fatal("Restartable said no, yet it ended")
	}
	g.ok = true // the code was cleared: the tick paused
	g.r.later()
	g.r.later()
	g.settle(t, 2)
	if g.quits != 1 || !g.r.asked {
		t.Fatalf("%d quits, asked %v; want one end, to start again", g.quits, g.r.asked)
	}
}

// A hidden window that gets locked (the screen lock) may start again.
func TestRestartWhenLockedInTheTray(t *testing.T) {
	g := newRestartRig(t)
	g.r.drawn = true // started shown
	g.ok = false     // unlocked with the lock on
	g.sess.Hide()
	g.settle(t, 1)
	g.ok = true
	g.sess.Lock()
	g.settle(t, 1)
	if g.quits != 1 {
		t.Fatalf("locked in the tray: %d quits, want 1", g.quits)
	}
}

// Once Fyne has stopped (a quit from the tray within settleTime of a hide),
// a timer still running asks nothing: the app ended, it does not start again.
func TestRestartNotAfterTheAppEnded(t *testing.T) {
	g := newRestartRig(t)
	g.r.drawn = true
	g.sess.Hide()
	g.r.ended.Store(true)
	select {
	case f := <-g.posts:
		f()
		t.Fatal("a timer posted after the app ended")
	case <-time.After(100 * time.Millisecond):
	}
	g.r.now()
	if g.quits != 0 || g.r.asked {
		t.Fatal("the app ended, yet it asked to start again")
	}
}
