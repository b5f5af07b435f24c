package importfile

import (
	"encoding/json"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

// A Bitwarden JSON export: {"encrypted":false,"items":[{"name":…,
// "login":{"username":…,"totp":…}}]}. totp is an otpauth:// link, a bare
// base32 secret (SHA-1, 6 digits, 30 s, as Bitwarden reads it) or
// steam://SECRET. Items without totp are not authenticator entries and are
// left out silently; an encrypted export is refused.

type bitwardenFile struct {
	Encrypted bool `json:"encrypted"`
	Items     []struct {
		Name  string `json:"name"`
		Login *struct {
			Username string `json:"username"`
			TOTP     string `json:"totp"`
		} `json:"login"`
	} `json:"items"`
}

func parseBitwarden(data []byte) (Result, error) {
	var f bitwardenFile
	if json.Unmarshal(data, &f) != nil {
		return Result{}, malformed(Bitwarden)
	}
	if f.Encrypted {
		return Result{}, i18n.NewError(cat.M("bitwarden_encrypted"), cat.M("hint_bitwarden_plain"), ErrMalformed)
	}
	var r Result
	for _, it := range f.Items {
		if it.Login == nil || strings.TrimSpace(it.Login.TOTP) == "" {
			continue
		}
		t := strings.TrimSpace(it.Login.TOTP)
		low := strings.ToLower(t)
		switch {
		case strings.HasPrefix(low, "otpauth:"):
			n := len(r.Entries)
			r.addURI(t, it.Login.Username)
			if len(r.Entries) > n && r.Entries[n].Issuer == "" {
				r.Entries[n].Issuer = clean(it.Name)
			}
		case strings.HasPrefix(low, "steam://"):
			r.add(fields{Type: "steam", Issuer: it.Name, Account: it.Login.Username})
		default:
			r.add(fields{Type: "totp", Issuer: it.Name, Account: it.Login.Username, Secret: t})
		}
	}
	return r, nil
}
