//go:build !linux

package keyring

// getMany reads the secrets one at a time: Credential Manager is a call
// into the OS; on macOS go-keyring runs /usr/bin/security once per item,
// which has no batch read either.
func getMany(service string, ids []string) (map[string]string, error) {
	return getEach(service, ids)
}
