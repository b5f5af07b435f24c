package securitykey

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"sync/atomic"
)

// fakeDriver is a scriptable Driver for unit tests of what the service
// does with a key's answers. The real libfido2 against the virtual key is
// tested in e2e_test.go.
type fakeDriver struct {
	mu    sync.Mutex
	locs  []Location
	devs  map[string]*fakeDevice
	opens atomic.Int32
	// failOpens makes the next opens fail, as a node udev has not yet
	// opened up to the user.
	failOpens atomic.Int32
}

func newFakeDriver(devs ...*fakeDevice) *fakeDriver {
	d := &fakeDriver{devs: map[string]*fakeDevice{}}
	for _, dev := range devs {
		d.plug(dev)
	}
	return d
}

func (d *fakeDriver) plug(dev *fakeDevice) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.locs = append(d.locs, Location{Path: dev.path, Product: "Fake Key", Manufacturer: "Fake Inc", Transport: TransportUSB})
	d.devs[dev.path] = dev
}

func (d *fakeDriver) unplug(path string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, l := range d.locs {
		if l.Path == path {
			d.locs = append(d.locs[:i], d.locs[i+1:]...)
			break
		}
	}
}

func (d *fakeDriver) Devices() ([]Location, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Location(nil), d.locs...), nil
}

func (d *fakeDriver) Open(path string) (Device, error) {
	d.opens.Add(1)
	if d.failOpens.Add(-1) >= 0 {
		return nil, ErrCommunication
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	dev, ok := d.devs[path]
	if !ok {
		return nil, ErrNotFound
	}
	return dev, nil
}

// fakeDevice keeps a PIN and counts calls; err* fields make a call fail.
type fakeDevice struct {
	path    string
	aaguid  []byte
	pin     string // "" = none
	retries int
	noPIN   bool // key has no clientPin option at all
	calls   atomic.Int32
	infos   atomic.Int32

	errMake, errAssert, errReset, errPIN, errDelete error

	// block makes touch operations wait until Cancel; they then fail
	// with cancelAnswer (ErrCancelled if nil: the key confirms the
	// cancel) or, with ignoreCancel, complete.
	block        chan struct{}
	cancelled    atomic.Int32
	cancelAnswer error
	ignoreCancel bool

	lastReq     CredentialRequest
	noCredMgmt  bool // no credential management in Info
	allResident bool // MakeCredential stores every credential

	priv   *ecdsa.PrivateKey
	badSig bool
	noUP   bool
	creds  []fakeCred
	free   int
}

func newFakeDevice(path string) *fakeDevice {
	return &fakeDevice{path: path, retries: 8, free: 25,
		aaguid: []byte{0xee, 0x88, 0x28, 0x79, 0x72, 0x1c, 0x49, 0x13, 0x97, 0x75, 0x3d, 0xfc, 0xce, 0x97, 0x07, 0x2a}}
}

type fakeCred struct {
	rp string
	Credential
}

func (f *fakeDevice) Info() (RawInfo, error) {
	f.infos.Add(1)
	opts := map[string]bool{"rk": true, "credMgmt": !f.noCredMgmt}
	if !f.noPIN {
		opts["clientPin"] = f.pin != ""
	}
	return RawInfo{Versions: []string{"FIDO_2_0", "U2F_V2"}, AAGUID: f.aaguid, Options: opts}, nil
}

func (f *fakeDevice) PINRetries() (int, error) { return f.retries, nil }

func (f *fakeDevice) checkPIN(pin string) error {
	if f.errPIN != nil {
		return f.errPIN
	}
	if f.retries == 0 {
		return ErrPINBlocked
	}
	if pin != f.pin {
		f.retries--
		return ErrPINInvalid
	}
	f.retries = 8
	return nil
}

func (f *fakeDevice) SetPIN(pin string) error {
	f.calls.Add(1)
	if f.errPIN != nil {
		return f.errPIN
	}
	f.pin = pin
	return nil
}

func (f *fakeDevice) ChangePIN(oldPIN, newPIN string) error {
	f.calls.Add(1)
	if err := f.checkPIN(oldPIN); err != nil {
		return err
	}
	f.pin = newPIN
	return nil
}

func (f *fakeDevice) wait() error {
	if f.block != nil {
		<-f.block
		switch {
		case f.ignoreCancel:
			return nil
		case f.cancelAnswer != nil:
			return f.cancelAnswer
		}
		return ErrCancelled
	}
	return nil
}

func (f *fakeDevice) MakeCredential(req CredentialRequest, pin string) (Attestation, error) {
	f.calls.Add(1)
	if err := f.wait(); err != nil {
		return Attestation{}, err
	}
	if f.errMake != nil {
		return Attestation{}, f.errMake
	}
	if f.pin != "" {
		if err := f.checkPIN(pin); err != nil {
			return Attestation{}, err
		}
	}
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Attestation{}, err
	}
	f.priv, f.lastReq = priv, req
	pub, err := priv.PublicKey.Bytes()
	if err != nil {
		return Attestation{}, err
	}
	id := []byte("cred-1")
	if req.Resident || f.allResident {
		f.creds = append(f.creds, fakeCred{rp: req.RPID, Credential: Credential{ID: id, UserID: req.UserID, UserName: req.UserName}})
		f.free--
	}
	return Attestation{CredentialID: id, PublicKey: pub[1:]}, nil
}

func (f *fakeDevice) Assertion(req AssertionRequest, pin string) (Assertion, error) {
	f.calls.Add(1)
	if err := f.wait(); err != nil {
		return Assertion{}, err
	}
	if f.errAssert != nil {
		return Assertion{}, f.errAssert
	}
	h := sha256.Sum256([]byte(req.RPID))
	flags := byte(flagUP)
	if f.noUP {
		flags = 0
	}
	if pin != "" {
		flags |= flagUV
	}
	ad := append(h[:], flags)
	ad = binary.BigEndian.AppendUint32(ad, 7)
	digest := sha256.Sum256(append(append([]byte{}, ad...), req.ClientDataHash...))
	sig, err := ecdsa.SignASN1(rand.Reader, f.priv, digest[:])
	if err != nil {
		return Assertion{}, err
	}
	if f.badSig {
		sig[len(sig)-1] ^= 1
	}
	return Assertion{CredentialID: req.AllowList[0], AuthData: ad, Signature: sig}, nil
}

func (f *fakeDevice) CredentialsMetadata(pin string) (int, int, error) {
	f.calls.Add(1)
	if err := f.checkPIN(pin); err != nil {
		return 0, 0, err
	}
	return len(f.creds), f.free, nil
}

func (f *fakeDevice) RelyingParties(pin string) ([]RelyingParty, error) {
	if err := f.checkPIN(pin); err != nil {
		return nil, err
	}
	var out []RelyingParty
	seen := map[string]bool{}
	for _, c := range f.creds {
		if !seen[c.rp] {
			seen[c.rp] = true
			out = append(out, RelyingParty{ID: c.rp})
		}
	}
	return out, nil
}

func (f *fakeDevice) Credentials(rpID, pin string) ([]Credential, error) {
	if err := f.checkPIN(pin); err != nil {
		return nil, err
	}
	var out []Credential
	for _, c := range f.creds {
		if c.rp == rpID {
			out = append(out, c.Credential)
		}
	}
	return out, nil
}

func (f *fakeDevice) DeleteCredential(id []byte, pin string) error {
	f.calls.Add(1)
	if err := f.checkPIN(pin); err != nil {
		return err
	}
	if f.errDelete != nil {
		return f.errDelete
	}
	for i, c := range f.creds {
		if string(c.ID) == string(id) {
			f.creds = append(f.creds[:i], f.creds[i+1:]...)
			f.free++
			return nil
		}
	}
	return ErrNoCredentials
}

func (f *fakeDevice) Reset() error {
	f.calls.Add(1)
	if err := f.wait(); err != nil {
		return err
	}
	if f.errReset != nil {
		return f.errReset
	}
	f.pin, f.creds, f.retries = "", nil, 8
	return nil
}

func (f *fakeDevice) Cancel() error {
	f.cancelled.Add(1)
	if f.block != nil {
		select {
		case <-f.block:
		default:
			close(f.block)
		}
	}
	return nil
}
