package keyring

import "slices"

// List returns the ids (keyring user names) of every item filed under
// these Secrets' service, sorted. go-keyring has no such call, so each
// system is asked its own way (list_<os>.go); nothing is read but ids.
func (s *Secrets) List() ([]string, error) {
	var ids []string
	err := s.do(func() (e error) { ids, e = listIDs(s.Service); return e })
	if err != nil {
		return nil, s.wrap(err)
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
