package keyring

import (
	"fmt"

	dbus "github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// listIDs asks the Secret Service for the items whose "service"
// attribute is service, in the collection go-keyring writes to, and
// returns their "username" attributes. The secrets are not read.
func listIDs(service string) ([]string, error) {
	svc, coll, err := loginCollection()
	if err != nil {
		return nil, err
	}
	paths, err := svc.SearchItems(coll, map[string]string{"service": service})
	if err != nil {
		return nil, err
	}
	// Every item's attributes asked for before any answer is awaited: one
	// round trip, not one per item (the window lists at start).
	calls := make([]*dbus.Call, len(paths))
	for i, p := range paths {
		calls[i] = svc.Object(ssName, p).Go("org.freedesktop.DBus.Properties.Get", 0, nil,
			"org.freedesktop.Secret.Item", "Attributes")
	}
	var ids []string
	for i, p := range paths {
		var v dbus.Variant
		if err := (<-calls[i].Done).Store(&v); err != nil {
			return nil, err
		}
		attrs, ok := v.Value().(map[string]string)
		if !ok {
			return nil, fmt.Errorf("secret service: item %s has attributes of type %T", p, v.Value())
		}
		if attrs["service"] == service && attrs["username"] != "" {
			ids = append(ids, attrs["username"])
		}
	}
	return ids, nil
}

// loginCollection connects to the Secret Service and unlocks the
// collection go-keyring writes to (it may ask the user).
func loginCollection() (*ss.SecretService, dbus.BusObject, error) {
	svc, err := ss.NewSecretService()
	if err != nil {
		return nil, nil, err
	}
	coll := svc.GetLoginCollection()
	if err := svc.Unlock(coll.Path()); err != nil {
		return nil, nil, err
	}
	return svc, coll, nil
}
