package osdisplay

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/godbus/dbus/v5"
)

// read follows the desktop's high-contrast switch (GNOME, KDE, …) through
// the XDG desktop portal's Settings: org.freedesktop.appearance "contrast"
// is 1 when it is on. Linux has no system colours to take, so the scheme
// is Windows' High Contrast Black when the desktop prefers dark
// ("color-scheme" 1), else High Contrast White. No portal, no session bus
// or no answer within a second: no high contrast.
func read() Settings {
	s := Settings{TextScale: 1}
	if noPortal.Load() {
		return s
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		noPortal.Store(true)
		return s
	}
	switch appearance(conn, "contrast") {
	case -1:
		// Asked every few seconds on the window's goroutine: do not wait
		// for a missing or hung portal again.
		noPortal.Store(true)
		return s
	case 0:
		return s
	}
	p := White
	if appearance(conn, "color-scheme") == 1 {
		p = Black
	}
	s.HighContrast = &p
	return s
}

// noPortal is set once the portal did not answer.
var noPortal atomic.Bool

const (
	portalName   = "org.freedesktop.portal.Desktop"
	portalPath   = "/org/freedesktop/portal/desktop"
	portalIface  = "org.freedesktop.portal.Settings"
	appearanceNS = "org.freedesktop.appearance"
)

// appearance reads one uint32 of org.freedesktop.appearance; -1 if it
// cannot. ReadOne is the portal's call since version 2; older portals have
// Read, which wraps the value in one more variant.
func appearance(conn *dbus.Conn, key string) int64 {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	obj := conn.Object(portalName, portalPath)
	var v dbus.Variant
	if err := obj.CallWithContext(ctx, portalIface+".ReadOne", 0, appearanceNS, key).Store(&v); err != nil {
		if err := obj.CallWithContext(ctx, portalIface+".Read", 0, appearanceNS, key).Store(&v); err != nil {
			return -1
		}
	}
	for {
		switch x := v.Value().(type) {
		case dbus.Variant:
			v = x
		case uint32:
			return int64(x)
		default:
			return -1
		}
	}
}
