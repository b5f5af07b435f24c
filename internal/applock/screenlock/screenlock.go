// Package screenlock hears the desktop say that the PC is left, for the
// app lock (internal/applock); WatchDesktop is the app's entry on each
// OS:
//   - Linux (and other desktops with D-Bus): org.freedesktop.ScreenSaver's
//     ActiveChanged(true) on the session bus (GNOME, KDE, Xfce and others
//     send it when the screen locks) and logind's PrepareForSleep(true)
//     on the system bus (Watch, desktop_dbus.go);
//   - Windows: WM_WTSSESSION_CHANGE/WTS_SESSION_LOCK and the
//     WM_POWERBROADCAST/PBT_APMSUSPEND broadcast, in a hidden window
//     (desktop_windows.go);
//   - macOS: "com.apple.screenIsLocked" and
//     NSWorkspaceWillSleepNotification (desktop_darwin.go).
//
// Only "locked" and "going to sleep" lock: unlocking or waking never
// unlocks. Where a signal cannot be heard, idle time still locks.
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
