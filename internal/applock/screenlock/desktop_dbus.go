//go:build !windows && !darwin

package screenlock

import (
	"os"

	"github.com/godbus/dbus/v5"

	"github.com/omamori-app/omamori/internal/applock"
)

// WatchDesktop watches the user's session bus (screen lock) and the
// system bus (sleep), where there are any; a missing bus is skipped (a
// desktop without one locks on idle only). stop ends both.
func WatchDesktop(f func(applock.Event)) (stop func()) {
	var stops []func()
	buses := []func(...dbus.ConnOption) (*dbus.Conn, error){dbus.ConnectSystemBus}
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		// Only a bus the desktop announced: without the address, godbus
		// would start a bus daemon of its own (dbus-launch).
		buses = append(buses, dbus.ConnectSessionBus)
	}
	for _, connect := range buses {
		conn, err := connect()
		if err != nil {
			continue
		}
		st, err := Watch(conn, f)
		if err != nil {
			conn.Close()
			continue
		}
		stops = append(stops, func() { st(); conn.Close() })
	}
	return func() {
		for _, st := range stops {
			st()
		}
	}
}
