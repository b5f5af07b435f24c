// Package securitykey is the service behind the security-key screen and
// `omamori key`: list keys, set or change the PIN, check that a key works,
// list and delete its passkeys, and reset it. It knows nothing of Fyne or
// of libfido2: it talks to keys through Driver and Device, implemented by
// internal/securitykey/libfido2 (real keys) and
// internal/securitykey/practice (the virtual key of practice mode).
package securitykey

// Driver finds keys and opens them.
type Driver interface {
	// Devices lists the FIDO keys plugged in now. It must not talk to
	// the keys themselves: the service polls it while a screen is open.
	Devices() ([]Location, error)
	// Open returns a handle on the key at path. Opening must be cheap;
	// each Device call may open and close the key on its own.
	Open(path string) (Device, error)
}

// NoLibrary is the driver where libfido2 is missing: every call says
// that security keys cannot be used (ErrNoLibrary), so the screen and
// `omamori key` explain it while codes work as usual.
type NoLibrary struct{}

// Devices reports the missing library.
func (NoLibrary) Devices() ([]Location, error) { return nil, ErrNoLibrary }

// Open reports the missing library.
func (NoLibrary) Open(string) (Device, error) { return nil, ErrNoLibrary }

// Location is what the operating system says about a plugged-in key.
type Location struct {
	Path         string
	Product      string // USB product string, e.g. "YubiKey OTP+FIDO+CCID"
	Manufacturer string // USB manufacturer string, e.g. "Yubico"
	VendorID     uint16
	ProductID    uint16
	Transport    Transport
}

// Device is one key. Every method blocks until the key answers. Methods
// that need a touch (MakeCredential, Assertion, Reset) can be interrupted
// with Cancel from another goroutine. Errors wrap the Err* values of this
// package where one fits, so the service can say what to do next.
type Device interface {
	Info() (RawInfo, error)
	// PINRetries is how many wrong PINs the key still accepts before it
	// blocks for good.
	PINRetries() (int, error)
	SetPIN(pin string) error
	ChangePIN(oldPIN, newPIN string) error
	MakeCredential(req CredentialRequest, pin string) (Attestation, error)
	Assertion(req AssertionRequest, pin string) (Assertion, error)
	// CredentialsMetadata reports passkeys stored and slots still free.
	CredentialsMetadata(pin string) (existing, remaining int, err error)
	RelyingParties(pin string) ([]RelyingParty, error)
	Credentials(rpID, pin string) ([]Credential, error)
	DeleteCredential(id []byte, pin string) error
	Reset() error
	// Cancel stops a running operation that waits for a touch; it is a
	// no-op when nothing runs.
	Cancel() error
}

// RawInfo is the key's authenticatorGetInfo answer.
type RawInfo struct {
	Versions   []string        // "FIDO_2_0", "FIDO_2_1_PRE", "U2F_V2"...
	Extensions []string        // "credProtect", "hmac-secret"...
	AAGUID     []byte          // 16 bytes
	Options    map[string]bool // "clientPin", "rk", "up", "credMgmt"...
}

// CredentialRequest asks for a new credential (ES256).
type CredentialRequest struct {
	ClientDataHash []byte
	RPID, RPName   string
	UserID         []byte
	UserName       string
	DisplayName    string
	Resident       bool // store on the key as a passkey
	HMACSecret     bool // ask for the hmac-secret extension (backupkey.go)
}

// Attestation is what MakeCredential returns.
type Attestation struct {
	CredentialID []byte
	// PublicKey is the ES256 public key as x||y (64 bytes) or an
	// uncompressed point (65 bytes, 0x04 first).
	PublicKey []byte
	AuthData  []byte // raw authenticator data
}

// AssertionRequest asks the key to sign for one of AllowList.
type AssertionRequest struct {
	RPID           string
	ClientDataHash []byte
	AllowList      [][]byte
	HMACSalt       []byte // 32 bytes: ask for hmac-secret with this salt
}

// Assertion is what the key signed.
type Assertion struct {
	CredentialID []byte
	AuthData     []byte // raw authenticator data, as signed
	Signature    []byte // ASN.1 DER ECDSA over AuthData || ClientDataHash
	HMACSecret   []byte // hmac-secret output for HMACSalt (decrypted), if any
}

// RelyingParty is a site with passkeys on the key.
type RelyingParty struct {
	ID   string // "example.com"
	Name string
}

// Credential is one passkey stored on the key.
type Credential struct {
	ID          []byte
	UserID      []byte
	UserName    string
	DisplayName string
}
