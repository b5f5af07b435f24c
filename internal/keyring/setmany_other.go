//go:build !linux

package keyring

// setMany stores the secrets one at a time with go-keyring's Set.
func setMany(service string, ids, secrets []string, progress func()) ([]bool, error) {
	ok := make([]bool, len(ids))
	for i := range ids {
		if err := setOne(service, ids[i], secrets[i]); err != nil {
			return ok, err
		}
		ok[i] = true
		progress()
	}
	return ok, nil
}
