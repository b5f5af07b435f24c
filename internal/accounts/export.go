package accounts

import (
	"github.com/omamori-app/omamori/internal/otpauth"
)

// Export returns account id as an otpauth key — its secret read from the
// keyring — for moving the account to a phone: key.URI() for a link,
// otpauth.EncodeQR(key.URI(), size) for a QR code to show on screen. Both
// hold the secret: show them, never write them to a file or a log.
func (s *Store) Export(id string) (otpauth.Key, error) {
	var k otpauth.Key
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
		k = otpauth.Key{Issuer: a.Issuer, Account: a.Name, Secret: key, Profile: a.Profile}
		return nil
	})
	return k, err
}
