package osdisplay

import (
	"slices"
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/omamori-app/omamori/internal/testenv"
)

// portal answers Settings.ReadOne (and Read, as old portals do) from its
// map, as xdg-desktop-portal does for org.freedesktop.appearance.
type portal struct{ values map[string]uint32 }

func (p portal) ReadOne(ns, key string) (dbus.Variant, *dbus.Error) {
	v, ok := p.values[key]
	if ns != appearanceNS || !ok {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.portal.Error.NotFound", nil)
	}
	return dbus.MakeVariant(v), nil
}

// oldPortal has only Read, whose value is a variant in a variant.
type oldPortal struct{ values map[string]uint32 }

func (p oldPortal) Read(ns, key string) (dbus.Variant, *dbus.Error) {
	v, err := portal(p).ReadOne(ns, key)
	if err != nil {
		return v, err
	}
	return dbus.MakeVariant(v), nil
}

// serve puts a fake portal on the session bus (dbus-run-session in tests)
// for the duration of the test.
func serve(t *testing.T, impl any) {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		testenv.Missingf(t, "no D-Bus session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.Export(impl, portalPath, portalIface); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(portalName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		testenv.Missingf(t, "%s is taken on this session bus (a real portal?): %v", portalName, err)
	}
	noPortal.Store(false)
	t.Cleanup(func() { noPortal.Store(false) })
}

func TestLinuxHighContrastFromPortal(t *testing.T) {
	for _, c := range []struct {
		what string
		impl any
		want *Palette
	}{
		{"off", portal{map[string]uint32{"contrast": 0, "color-scheme": 1}}, nil},
		{"on, light", portal{map[string]uint32{"contrast": 1, "color-scheme": 0}}, &White},
		{"on, prefers dark", portal{map[string]uint32{"contrast": 1, "color-scheme": 1}}, &Black},
		{"on, no colour scheme", portal{map[string]uint32{"contrast": 1}}, &White},
		{"old portal, on, dark", oldPortal{map[string]uint32{"contrast": 1, "color-scheme": 1}}, &Black},
	} {
		t.Run(c.what, func(t *testing.T) {
			serve(t, c.impl)
			s := Read()
			if (s.HighContrast == nil) != (c.want == nil) || (c.want != nil && *s.HighContrast != *c.want) {
				t.Errorf("high contrast %+v, want %+v", s.HighContrast, c.want)
			}
			if s.TextScale != 1 {
				t.Errorf("text scale %v", s.TextScale)
			}
		})
	}
}

// Without a portal there is no high contrast, and it is not asked again.
func TestLinuxNoPortal(t *testing.T) {
	conn, err := dbus.SessionBus()
	if err != nil {
		testenv.Missingf(t, "no D-Bus session bus: %v", err)
	}
	var owned bool
	var activatable []string
	conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, portalName).Store(&owned)
	conn.BusObject().Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&activatable)
	if owned || slices.Contains(activatable, portalName) {
		t.Skip("a real portal is on this bus") // a desktop session, not the test bus
	}
	noPortal.Store(false)
	t.Cleanup(func() { noPortal.Store(false) })
	if s := Read(); s.HighContrast != nil {
		t.Errorf("high contrast %+v without a portal", s.HighContrast)
	}
	if !noPortal.Load() {
		t.Error("a missing portal would be asked again every few seconds")
	}
}
