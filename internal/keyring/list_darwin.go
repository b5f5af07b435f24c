package keyring

import "os/exec"

// listIDs reads the login keychain's item attributes with `security
// dump-keychain` (without -d, so no secret is printed or asked for) and
// returns the accounts of generic passwords whose service is service.
func listIDs(service string) ([]string, error) {
	out, err := exec.Command("/usr/bin/security", "dump-keychain").Output()
	if err != nil {
		return nil, err
	}
	return parseDump(out, service), nil
}
