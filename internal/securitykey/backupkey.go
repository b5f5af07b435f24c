package securitykey

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/fxamacker/cbor/v2"
)

// BackupRP is the relying party of the credential that protects a backup
// file (internal/backup, docs/backup.md). Like SelfTestRP it is under
// .invalid, which can never be a real site, so no website can ask the key
// for this credential. The credential is not stored on the key (not a
// passkey): its id travels in the backup file.
const BackupRP = "backup.omamori.invalid"

// HMACSaltSize is the size of the salt BackupSecret takes and of the
// secret it returns (hmac-secret works on 32-byte values).
const HMACSaltSize = 32

// ErrNoHMACSecret: the key lacks the hmac-secret extension, so it cannot
// protect a backup.
var ErrNoHMACSecret = errors.New("key has no hmac-secret extension")

// Steps of backup protection that need a touch.
const (
	TouchBackupRegister TouchStep = "backup_register" // make the backup credential
	TouchBackupSecret   TouchStep = "backup_secret"   // derive the file's secret
)

// ProtectBackup makes a backup credential on the key (PIN and a touch)
// and derives the secret for salt with it (a second touch). It returns
// the credential id, which the backup file keeps, and the 32-byte secret.
// The PIN is required: it makes the key verify the user, and the secret
// with verification differs from the one without.
func (s *Service) ProtectBackup(ctx context.Context, path, pin string, salt []byte) (credID, secret []byte, err error) {
	p, err := CheckCurrentPIN(pin)
	if err != nil {
		return nil, nil, err
	}
	err = s.do(ctx, OpBackup, path, func(d Device) error {
		if err := needHMACSecret(d); err != nil {
			return err
		}
		var att Attestation
		err := s.withTouch(ctx, d, Touch{Path: path, Step: TouchBackupRegister, N: 1, Of: 2}, func() (err error) {
			att, err = d.MakeCredential(CredentialRequest{
				ClientDataHash: challenge("webauthn.create"),
				RPID:           BackupRP, RPName: "Omamori backup",
				UserID: random(16), UserName: "omamori-backup", DisplayName: "Omamori backup",
				HMACSecret: true,
			}, p)
			return err
		})
		if err != nil {
			return err
		}
		if !hmacGranted(att.AuthData) {
			return noHMACSecret(errors.New("credential made without hmac-secret"))
		}
		credID = att.CredentialID
		secret, err = s.backupSecret(ctx, path, d, p, credID, salt, Touch{Path: path, Step: TouchBackupSecret, N: 2, Of: 2})
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return credID, secret, nil
}

// BackupSecret asks the key (PIN and a touch) for the secret of a backup
// credential and salt, as ProtectBackup returned it. Another key, or this
// key after a reset, does not know the credential: the error says to
// plug in the key the backup was made with.
func (s *Service) BackupSecret(ctx context.Context, path, pin string, credID, salt []byte) ([]byte, error) {
	p, err := CheckCurrentPIN(pin)
	if err != nil {
		return nil, err
	}
	var secret []byte
	err = s.do(ctx, OpBackup, path, func(d Device) error {
		if err := needHMACSecret(d); err != nil {
			return err
		}
		secret, err = s.backupSecret(ctx, path, d, p, credID, salt, Touch{Path: path, Step: TouchBackupSecret, N: 1, Of: 1})
		return err
	})
	return secret, err
}

func (s *Service) backupSecret(ctx context.Context, path string, d Device, pin string, credID, salt []byte, t Touch) ([]byte, error) {
	if len(salt) != HMACSaltSize || len(credID) == 0 {
		return nil, fmt.Errorf("backup secret: salt of %d bytes, credential id of %d", len(salt), len(credID))
	}
	var as Assertion
	err := s.withTouch(ctx, d, t, func() (err error) {
		as, err = d.Assertion(AssertionRequest{
			RPID: BackupRP, ClientDataHash: challenge("webauthn.get"),
			AllowList: [][]byte{credID}, HMACSalt: salt,
		}, pin)
		return err
	})
	switch {
	case errors.Is(err, ErrNoCredentials):
		return nil, userError(err, "backup_other_key", "hint_backup_other_key")
	case err != nil:
		return nil, err
	case len(as.AuthData) < 33 || as.AuthData[32]&flagUV == 0:
		return nil, fmt.Errorf("%w: the key did not verify the PIN", errSelfTestInvalid)
	case len(as.HMACSecret) != HMACSaltSize:
		return nil, noHMACSecret(fmt.Errorf("assertion gave %d bytes of hmac-secret", len(as.HMACSecret)))
	}
	return bytes.Clone(as.HMACSecret), nil
}

// needHMACSecret refuses a key without hmac-secret, or without a PIN,
// before anything is asked of the user.
func needHMACSecret(d Device) error {
	info, err := d.Info()
	if err != nil {
		return err
	}
	if !slices.Contains(info.Extensions, "hmac-secret") {
		return noHMACSecret(errors.New("not in getInfo"))
	}
	if set, ok := info.Options["clientPin"]; ok && !set {
		return ErrPINNotSet
	}
	return nil
}

func noHMACSecret(why error) error {
	return userError(fmt.Errorf("%w: %w", ErrNoHMACSecret, why), "backup_no_hmac", "hint_backup_no_hmac")
}

// hmacGranted reports whether makeCredential's authenticator data carry
// {"hmac-secret": true}: flags bit ED, then the extensions map after the
// attested credential data (aaguid, id length, id, COSE key).
func hmacGranted(ad []byte) bool {
	const flagAT, flagED = 0x40, 0x80
	if len(ad) < 55 || ad[32]&flagAT == 0 || ad[32]&flagED == 0 {
		return false
	}
	n := int(ad[53])<<8 | int(ad[54])
	if len(ad) < 55+n {
		return false
	}
	var key cbor.RawMessage
	rest, err := cbor.UnmarshalFirst(ad[55+n:], &key)
	if err != nil {
		return false
	}
	var ext map[string]any
	if cbor.Unmarshal(rest, &ext) != nil {
		return false
	}
	v, _ := ext["hmac-secret"].(bool)
	return v
}

// CanProtect says, without a PIN or a touch, whether the key at path can
// make the hmac-secret credential ProtectBackup makes: nil, or the
// error ErrNoHMACSecret / ErrPINNotSet are behind. Sealing (internal/seal)
// asks it before offering itself.
func (s *Service) CanProtect(ctx context.Context, path string) error {
	return s.do(ctx, OpBackup, path, needHMACSecret)
}
