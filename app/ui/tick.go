package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/codes"
)

// The once-a-second tick: codes, the clipboard timer, the status line.

// Tick runs once a second on Fyne's goroutine. A hidden window only
// looks after the clipboard.
func (s *Shell) Tick() {
	now := s.d.Now()
	s.lk.l.Tick()
	if s.ticks++; s.ticks%5 == 0 {
		s.followOS()
	}
	if !s.sess.Shown() {
		s.guard.Tick(now, func(string) (string, bool) { return "", false })
	} else {
		s.codes.Tick()
	}
	if !s.statusUntil.IsZero() && !now.Before(s.statusUntil) {
		s.statusUntil = time.Time{}
		s.status.SetText("")
		s.status.Hide()
	}
}

// Start ticks once a second, on the second, until stop is closed. While
// the tick has nothing to do (Idle) it pauses until Wake, or until the app
// lock's idle time is up, so a window hidden in the tray does not wake the
// process every second; each pause calls Deps.OnTrayIdle.
func (s *Shell) Start(stop <-chan struct{}) {
	go func() {
		t := time.NewTimer(untilNextSecond())
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			var idle, lockDue bool
			var untilLock time.Duration
			fyne.DoAndWait(func() {
				s.Tick()
				if idle = s.Idle(); idle {
					untilLock, lockDue = s.untilIdleLock()
				}
			})
			if idle {
				if s.d.OnTrayIdle != nil {
					s.d.OnTrayIdle()
				}
				var lock <-chan time.Time // nil: no idle lock to wait for
				var lt *time.Timer
				if lockDue {
					lt = time.NewTimer(untilLock)
					lock = lt.C
				}
				select {
				case <-stop:
					return
				case <-s.wake:
				case <-lock: // the next tick locks
				}
				if lt != nil {
					lt.Stop()
				}
			}
			t.Reset(untilNextSecond())
		}
	}()
}

func untilNextSecond() time.Duration {
	now := time.Now()
	return now.Truncate(time.Second).Add(time.Second).Sub(now)
}

// Idle reports whether a tick has nothing to do: the window is hidden, no
// code of ours is on the clipboard and no confirmation waits to be cleared.
func (s *Shell) Idle() bool {
	return !s.sess.Shown() && !s.guard.Holding() && s.statusUntil.IsZero()
}

// untilIdleLock is how long until the app lock's idle time locks, if it
// will: the paused tick wakes for it, so that a window hidden in the tray
// locks on time (and its tray menu stops offering codes).
func (s *Shell) untilIdleLock() (time.Duration, bool) {
	due, ok := s.lk.l.Due()
	if !ok {
		return 0, false
	}
	return max(due.Sub(s.d.Now()), 0), true
}

// Wake resumes the paused tick (see Start); safe from any goroutine.
func (s *Shell) Wake() {
	select {
	case s.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

func (s *Shell) copied(name, host string) {
	s.Wake() // the clipboard timer needs the tick, also from the tray
	s.lockActivity()
	text := "✓ " + s.t("copied") + " — " + name
	if host != "" {
		text += " — " + codes.HostLine(s.Language(), host)
	}
	s.status.SetText(text)
	s.status.Show()
	s.statusUntil = s.d.Now().Add(4 * time.Second)
}

// copyFailed says the code is not on the clipboard, in place of "copied";
// a copy from the tray shows the window, or no one would read it.
func (s *Shell) copyFailed(name string) {
	s.Wake()
	s.lockActivity()
	if !s.sess.Shown() {
		s.sess.Show()
	}
	s.status.SetText("✗ " + s.t("copy_failed", "Name", name))
	s.status.Show()
	s.statusUntil = s.d.Now().Add(10 * time.Second)
}
