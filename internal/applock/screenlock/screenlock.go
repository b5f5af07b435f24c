// Package screenlock hears the desktop say that the PC is left, for the
// app lock (internal/applock): org.freedesktop.ScreenSaver's
// ActiveChanged(true) on the session bus (GNOME, KDE, Xfce and others
// send it when the screen locks) and logind's PrepareForSleep(true) on
// the system bus. Windows' session notifications and macOS's are a
// follow-up of issue 25: there the lock comes from idle time only.
package screenlock

import (
	"github.com/godbus/dbus/v5"

	"github.com/omamori-app/omamori/internal/applock"
)

// The signals listened to.
const (
	screenSaverIface = "org.freedesktop.ScreenSaver"
	logindIface      = "org.freedesktop.login1.Manager"
)

// Watch calls f with applock.ScreenLocked when the screen saver of conn's
// bus becomes active, and with applock.Sleeping when logind prepares for
// sleep (when conn is the system bus). stop ends the watch; f runs on the
// watch's goroutine.
func Watch(conn *dbus.Conn, f func(applock.Event)) (stop func(), err error) {
	rules := [][]dbus.MatchOption{
		{dbus.WithMatchInterface(screenSaverIface), dbus.WithMatchMember("ActiveChanged")},
		{dbus.WithMatchInterface(logindIface), dbus.WithMatchMember("PrepareForSleep")},
	}
	for _, r := range rules {
		if err := conn.AddMatchSignal(r...); err != nil {
			return nil, err
		}
	}
	ch := make(chan *dbus.Signal, 8)
	conn.Signal(ch)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case s, ok := <-ch:
				if !ok {
					return
				}
				if e, ok := eventOf(s); ok {
					f(e)
				}
			}
		}
	}()
	return func() {
		conn.RemoveSignal(ch)
		for _, r := range rules {
			_ = conn.RemoveMatchSignal(r...)
		}
		close(done)
	}, nil
}

// eventOf reads a signal: only "became active" and "going to sleep"
// lock; the screen coming back or the PC waking does not unlock.
func eventOf(s *dbus.Signal) (applock.Event, bool) {
	if len(s.Body) != 1 {
		return 0, false
	}
	on, ok := s.Body[0].(bool)
	if !ok || !on {
		return 0, false
	}
	switch s.Name {
	case screenSaverIface + ".ActiveChanged":
		return applock.ScreenLocked, true
	case logindIface + ".PrepareForSleep":
		return applock.Sleeping, true
	}
	return 0, false
}
