package keyring

import (
	dbus "github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// Secret Service names (freedesktop.org Secret Service API).
const (
	ssName    = "org.freedesktop.secrets"
	ssPath    = "/org/freedesktop/secrets"
	ssService = "org.freedesktop.Secret.Service"
)

// getMany reads the secrets of ids from the Secret Service in four round
// trips however many there are: go-keyring's Get takes seven per secret
// (collection, unlock, search, session, item unlock, secret, close), and
// each one wakes the bus daemon and the keyring daemon; at start-up, with
// other programs busy, that was most of the wait for the first window.
// It finds items as Get does (service and username attributes in the
// collection go-keyring writes to). An item that would need a prompt to
// unlock is left to Get, which knows how to show one.
func getMany(service string, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	svc, coll, err := loginCollection()
	if err != nil {
		return nil, err
	}

	// One round trip: a session and the searches, sent before any answer
	// is awaited (D-Bus keeps their order; the daemon answers in turn).
	open := svc.Object(ssName, ssPath).Go(ssService+".OpenSession", 0, nil, "plain", dbus.MakeVariant(""))
	find := findEach
	if len(ids) > manyIDs {
		find = findAll
	}
	items, idOf, err := find(svc, coll, service, ids)
	var ignored dbus.Variant
	var session dbus.ObjectPath
	if oerr := (<-open.Done).Store(&ignored, &session); oerr != nil {
		return nil, oerr
	}
	defer svc.Object(ssName, session).Go("org.freedesktop.Secret.Session.Close", dbus.FlagNoReplyExpected, nil)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return out, nil
	}

	// One more: unlock the items (already so with their collection,
	// unless the keyring asks per item) and read them all.
	unlock := svc.Object(ssName, ssPath).Go(ssService+".Unlock", 0, nil, items)
	get := svc.Object(ssName, ssPath).Go(ssService+".GetSecrets", 0, nil, items, session)
	var unlocked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := (<-unlock.Done).Store(&unlocked, &prompt); err != nil {
		return nil, err
	}
	var secrets map[dbus.ObjectPath]ss.Secret
	getErr := (<-get.Done).Store(&secrets)
	if prompt != "/" || getErr != nil {
		// A keyring that asks before each item is read: one at a time,
		// with its prompt.
		return getEach(service, ids)
	}
	for p, sec := range secrets {
		if id, ok := idOf[p]; ok {
			out[id] = string(sec.Value)
		}
	}
	if len(out) != len(items) {
		return getEach(service, ids) // some item was not given: let Get say why
	}
	return out, nil
}

// manyIDs: above this many ids getMany lists the service's items once
// and reads their attributes, instead of one search per id. Each search
// makes the keyring daemon look through every item, so one per id grows
// as the square of the accounts (200: 82 ms, BenchmarkRead); a handful
// of searches is one round trip less than the listing.
const manyIDs = 16

// findEach searches for each id's item (its service and username
// attributes, as go-keyring's Get does), all sent before any answer is
// awaited; it returns the first item found per id.
func findEach(svc *ss.SecretService, coll dbus.BusObject, service string, ids []string) ([]dbus.ObjectPath, map[dbus.ObjectPath]string, error) {
	searches := make([]*dbus.Call, len(ids))
	for i, id := range ids {
		searches[i] = coll.Go("org.freedesktop.Secret.Collection.SearchItems", 0, nil,
			map[string]string{"username": id, "service": service})
	}
	var items []dbus.ObjectPath
	idOf := map[dbus.ObjectPath]string{}
	for i, c := range searches {
		var found []dbus.ObjectPath
		if err := (<-c.Done).Store(&found); err != nil {
			return nil, nil, err
		}
		if len(found) > 0 { // the first, as Get takes
			items = append(items, found[0])
			idOf[found[0]] = ids[i]
		}
	}
	return items, idOf, nil
}

// findAll lists the service's items in one search and reads every
// item's attributes (all asked before any answer is awaited, as listIDs
// does) to know whose it is; it returns the first item per wanted id,
// in the search's order.
func findAll(svc *ss.SecretService, coll dbus.BusObject, service string, ids []string) ([]dbus.ObjectPath, map[dbus.ObjectPath]string, error) {
	var paths []dbus.ObjectPath
	if err := coll.Call("org.freedesktop.Secret.Collection.SearchItems", 0,
		map[string]string{"service": service}).Store(&paths); err != nil {
		return nil, nil, err
	}
	calls := make([]*dbus.Call, len(paths))
	for i, p := range paths {
		calls[i] = svc.Object(ssName, p).Go("org.freedesktop.DBus.Properties.Get", 0, nil,
			"org.freedesktop.Secret.Item", "Attributes")
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var items []dbus.ObjectPath
	idOf := map[dbus.ObjectPath]string{}
	for i, p := range paths {
		var v dbus.Variant
		if err := (<-calls[i].Done).Store(&v); err != nil {
			return nil, nil, err
		}
		attrs, _ := v.Value().(map[string]string)
		if id := attrs["username"]; want[id] && attrs["service"] == service {
			want[id] = false // the first, as Get takes
			items = append(items, p)
			idOf[p] = id
		}
	}
	return items, idOf, nil
}
