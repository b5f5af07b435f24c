package accounts

import (
	"github.com/omamori-app/omamori/internal/newaccount"
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
