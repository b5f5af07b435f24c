package accounts

import (
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/totp"
)

// Export returns account id as an enrolment — its secret read from the
// keyring, its display name as Account — for a backup or for moving the
// account to a phone (otpauth.URI and otpauth.EncodeQR make the link and
// the QR code). It holds the secret: never write it to a file or a log.
func (s *Store) Export(id string) (newaccount.Details, error) {
	var k newaccount.Details
	err := s.view(func(m *metadata) error {
		i := m.index(id)
		if i < 0 {
			return notFound()
		}
		a := m.Accounts[i]
		e, _ := s.check(a)
		if e.Err != nil {
			return e.Err
		}
		secret, _, err := s.secrets.Get(a.ID)
		if err != nil {
			return err
		}
		key, err := decodeKey(secret)
		if err != nil {
			return err
		}
		k = newaccount.Details{Issuer: a.Issuer, Account: a.Name, Secret: key, Profile: a.Profile}
		return nil
	})
	return k, err
}

// ExportAll is Export for every account that can make codes, by id, its
// secrets read with one GetMany: a backup, and a restore's plan, of n
// accounts read the keyring in a few round trips, not two reads of seven
// round trips each per account (Export). An account whose secret is
// missing, damaged or unusable is not in the map; List says why. The
// secrets are the caller's to wipe.
func (s *Store) ExportAll() (map[string]newaccount.Details, error) {
	out := map[string]newaccount.Details{}
	err := s.view(func(m *metadata) error {
		if len(m.Accounts) == 0 {
			return nil
		}
		texts, err := s.secrets.GetMany(m.ids())
		if err != nil {
			return err
		}
		for _, a := range m.Accounts {
			key, err := decodeKey(texts[a.ID])
			if err != nil {
				continue
			}
			if _, err := totp.New(key, a.Profile); err != nil {
				wipe(key)
				continue
			}
			out[a.ID] = newaccount.Details{Issuer: a.Issuer, Account: a.Name, Secret: key, Profile: a.Profile}
		}
		return nil
	})
	return out, err
}
