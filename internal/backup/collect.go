package backup

import (
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/setupcode"
)

// Source is what a backup reads from the account store. Secrets come
// only through ExportAll, the store's way out for them (all at once:
// one keyring read, not one per account).
type Source interface {
	List() ([]accounts.Entry, error)
	ExportAll() (map[string]newaccount.Details, error)
}

// Collect reads every account, in order, into a Document. An account
// whose secret is missing fails the whole backup with a message naming
// it: a backup that silently lacks an account would be found out only
// on the new PC.
func Collect(s Source, now time.Time, appVersion string) (Document, error) {
	entries, err := s.List()
	if err != nil {
		return Document{}, err
	}
	if len(entries) == 0 {
		return Document{}, userErr(ErrNothing, "nothing_to_back_up", "hint_nothing_to_back_up")
	}
	keys, err := s.ExportAll()
	if err != nil {
		return Document{}, err
	}
	defer wipeAll(keys)
	d := Document{Format: FormatName, Version: Version, Created: now.UTC().Truncate(time.Second), AppVersion: appVersion}
	for _, e := range entries {
		k, ok := keys[e.ID]
		if e.State == accounts.NeedsSetupAgain || !ok { // !ok: lost since List
			return Document{}, userErr(ErrCannotBackUp, "cannot_back_up", "hint_cannot_back_up", "Name", e.Name)
		}
		d.Accounts = append(d.Accounts, Item{
			Name:    e.Name,
			Issuer:  e.Issuer,
			Label:   e.Label,
			Secret:  setupcode.Encode(k.Secret),
			Profile: e.Profile,
			Created: e.Created,
		})
	}
	return d, nil
}

// wipeAll clears the secrets of keys.
func wipeAll(keys map[string]newaccount.Details) {
	for _, k := range keys {
		clear(k.Secret)
	}
}

// Names lists the display names in d, in order, for showing what a file
// holds before anything changes.
func (d Document) Names() []string {
	out := make([]string, len(d.Accounts))
	for i, it := range d.Accounts {
		out[i] = accounts.SanitizeName(it.Name)
	}
	return out
}
