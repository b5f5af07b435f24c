package app

import (
	"sync/atomic"
	"time"

	"github.com/omamori-app/omamori/app/session"
)

// Hidden in the tray after showing, the process starts again in the tray
// (Linux; docs/performance.md, "Hidden in the tray after showing"). A
// process that has drawn a window keeps the OpenGL driver mapped for good
// (Mesa's libLLVM is linked NODELETE), with the C heap it filled: about
// 143 MiB where a process started in the tray holds 42. Closing Fyne's
// window cannot give that back; a new process can. The tray icon goes and
// comes back once, a few seconds after the window went; the next show
// draws the window afresh (about 90–130 ms from the tray on llvmpipe, not
// 31–35).

// restarter decides when the tray process starts again. Its fields but
// ended are read and written on Fyne's goroutine only.
type restarter struct {
	sess  *session.Session
	ok    func() bool  // ui.Shell.Restartable
	do    func(func()) // fyne.Do
	delay time.Duration
	// drawn: this process has shown a window, so it holds the OpenGL
	// driver. One started in the tray and never shown holds nothing to
	// give back, and must not start again and again.
	drawn bool
	// asked: Run starts the process again once Fyne has stopped.
	asked bool
	// ended: Fyne has stopped; a timer still running asks nothing.
	ended atomic.Bool
}

// follow hears the session (on Fyne's goroutine): a shown window loads the
// driver; a hidden or a newly locked one may start again.
func (r *restarter) follow(c session.Change) {
	switch c.Kind {
	case session.Shown:
		r.drawn = true
	case session.Hidden, session.Locked:
		r.later()
	}
}

// later asks after delay (settleTime), on Fyne's goroutine: a window
// closed by mistake and shown again at once keeps its fast show. Safe
// from any goroutine (the tick's pause calls it).
func (r *restarter) later() {
	if !canRestart {
		return
	}
	time.AfterFunc(r.delay, func() {
		if !r.ended.Load() {
			r.do(r.now)
		}
	})
}

// now ends the app, to start again in the tray, if nothing would be lost.
func (r *restarter) now() {
	if r.ended.Load() || r.asked || !r.drawn || r.sess.Shown() || !r.ok() {
		return
	}
	r.asked = true
	r.sess.Quit()
}
