package importfile

import (
	"encoding/json"
	"strings"
)

// A Proton Authenticator export: {"version":1,"entries":[{"content":
// {"uri":"otpauth://…","entry_type":"Totp","name":…}}]}.

type protonFile struct {
	Version int `json:"version"`
	Entries []struct {
		Content struct {
			URI       string `json:"uri"`
			EntryType string `json:"entry_type"`
			Name      string `json:"name"`
		} `json:"content"`
	} `json:"entries"`
}

func parseProton(data []byte) (Result, error) {
	var f protonFile
	if json.Unmarshal(data, &f) != nil {
		return Result{}, malformed(Proton)
	}
	var r Result
	for _, e := range f.Entries {
		c := e.Content
		if t := strings.ToLower(c.EntryType); t != "" && t != "totp" {
			iss, _ := uriNames(c.URI)
			r.add(fields{Type: c.EntryType, Issuer: iss, Account: c.Name})
			continue
		}
		r.addURI(c.URI, c.Name)
	}
	return r, nil
}
