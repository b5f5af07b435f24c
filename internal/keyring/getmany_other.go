//go:build !linux

package keyring

// getMany reads the secrets one at a time: Keychain and Credential
// Manager are calls into the OS, without the Secret Service's round trips.
func getMany(service string, ids []string) (map[string]string, error) {
	return getEach(service, ids)
}
