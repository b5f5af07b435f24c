package backup

import (
	"testing"

	"filippo.io/age"
)

// FuzzOpen: whatever the bytes, Open returns a Document or an error, and
// never panics; a Document it returns holds only usable accounts.
func FuzzOpen(f *testing.F) {
	r, _ := Recipient(testPass, testWork)
	d := Document{Format: FormatName, Version: Version, Accounts: []Item{{Name: "A", Secret: "JBSWY3DPEHPK3PXP", Profile: hotp8}}}
	good, err := Seal(d, r)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAA 10\n\n--- AAAA\n"))
	f.Add([]byte("-----BEGIN AGE ENCRYPTED FILE-----\n"))
	id, _ := Identity(testPass)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Open(data, "f", id)
		if err != nil {
			return
		}
		for _, it := range doc.Accounts {
			if _, err := it.enrolment(); err != nil {
				t.Fatalf("returned an unusable account: %v", err)
			}
		}
	})
}

// FuzzParse goes past the encryption: any plaintext a passphrase opens.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"format":"omamori-backup","version":1,"accounts":[{"name":"A","secret":"JBSWY3DPEHPK3PXP","profile":{"name":"p","encoding":"base32","digits":6,"period":60,"algorithm":"SHA1"}}]}`))
	f.Add([]byte(`{"format":"omamori-backup","version":99}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, plain []byte) {
		doc, err := parse(plain, "f")
		if err != nil {
			return
		}
		if doc.Version > Version || doc.Format != FormatName {
			t.Fatalf("accepted %q", plain)
		}
	})
}

// FuzzKeyStanza: any args and body of our stanza give a file key or an
// error, never a panic; the secret is asked only for well-formed ones.
func FuzzKeyStanza(f *testing.F) {
	f.Add("AQID", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", make([]byte, 32))
	f.Add("", "", []byte{})
	f.Fuzz(func(t *testing.T, id, salt string, body []byte) {
		asked := false
		ident := &KeyIdentity{Secret: func(credID, s []byte) ([]byte, error) {
			asked = true
			if len(credID) == 0 || len(s) != SaltSize {
				t.Fatalf("asked for id %x salt %x", credID, s)
			}
			return make([]byte, 32), nil
		}}
		key, err := ident.Unwrap([]*age.Stanza{{Type: KeyStanzaType, Args: []string{id, salt}, Body: body}})
		if err == nil && (len(key) != 16 || !asked) {
			t.Fatalf("file key %x without asking the key", key)
		}
	})
}
