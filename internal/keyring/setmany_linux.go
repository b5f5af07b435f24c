package keyring

import (
	"fmt"

	dbus "github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// setMany stores secrets[i] under ids[i] in the Secret Service, every
// CreateItem sent before any answer is awaited: go-keyring's Set takes
// five round trips per item, which made a restore of 1,000 accounts wait
// minutes on a busy machine. Items are made exactly as Set makes them
// (same attributes, label and collection), replacing any earlier one.
// ok[i] says whether item i was stored; an item that needs a prompt is
// left to Set, which knows how to show one. progress is called after
// each answer.
func setMany(service string, ids, secrets []string, progress func()) ([]bool, error) {
	ok := make([]bool, len(ids))
	if len(ids) == 0 {
		return ok, nil
	}
	svc, coll, err := loginCollection()
	if err != nil {
		return ok, err
	}
	var ignored dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Object(ssName, ssPath).Call(ssService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&ignored, &session); err != nil {
		return ok, err
	}
	defer svc.Object(ssName, session).Go("org.freedesktop.Secret.Session.Close", dbus.FlagNoReplyExpected, nil)
	calls := make([]*dbus.Call, len(ids))
	for i, id := range ids {
		props := map[string]dbus.Variant{
			"org.freedesktop.Secret.Item.Label":      dbus.MakeVariant(fmt.Sprintf("Password for '%s' on '%s'", id, service)),
			"org.freedesktop.Secret.Item.Attributes": dbus.MakeVariant(map[string]string{"username": id, "service": service}),
		}
		calls[i] = coll.Go("org.freedesktop.Secret.Collection.CreateItem", 0, nil, props, ss.NewSecret(session, secrets[i]), true)
	}
	var first error
	for i, c := range calls {
		var item, prompt dbus.ObjectPath
		err := (<-c.Done).Store(&item, &prompt)
		if err == nil && prompt != "/" {
			err = setOne(service, ids[i], secrets[i])
		}
		if err != nil && first == nil {
			first = err
		}
		ok[i] = err == nil
		progress()
	}
	return ok, first
}
