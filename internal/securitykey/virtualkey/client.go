package virtualkey

import (
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// The helpers below play the platform's part in-process (what libfido2
// does over USB), for the practice mode and for tests. Every one goes
// through CTAP2, so PIN retries, blocking and touches behave as they do
// for libfido2. A failing command returns its Status as the error;
// ErrUnplugged while the key is unplugged.

// Info is what getInfo and getRetries tell about the key.
type Info struct {
	Versions     []string
	Extensions   []string
	AAGUID       [16]byte
	Options      map[string]bool
	PINSet       bool
	PINRetries   int
	MaxMsgSize   int
	PINProtocols []int
}

// call sends one CTAP2 command and decodes a successful response into out.
func (k *Key) call(ctx context.Context, cmd byte, req any, out any) error {
	if !k.Plugged() {
		return ErrUnplugged
	}
	msg := []byte{cmd}
	if req != nil {
		b, err := encMode.Marshal(req)
		if err != nil {
			return err
		}
		msg = append(msg, b...)
	}
	resp := k.CTAP2(ctx, msg)
	if Status(resp[0]) != StatusOK {
		if !k.Plugged() {
			return ErrUnplugged
		}
		return Status(resp[0])
	}
	if out == nil || len(resp) == 1 {
		return nil
	}
	if err := decMode.Unmarshal(resp[1:], out); err != nil {
		return fmt.Errorf("virtual key: bad response: %w", err)
	}
	return nil
}

// Info reads getInfo and the PIN retry counter.
func (k *Key) Info(ctx context.Context) (Info, error) {
	var r struct {
		Versions  []string        `cbor:"1,keyasint"`
		Ext       []string        `cbor:"2,keyasint"`
		AAGUID    []byte          `cbor:"3,keyasint"`
		Options   map[string]bool `cbor:"4,keyasint"`
		MaxMsg    int             `cbor:"5,keyasint"`
		Protocols []int           `cbor:"6,keyasint"`
	}
	if err := k.call(ctx, CmdGetInfo, nil, &r); err != nil {
		return Info{}, err
	}
	info := Info{Versions: r.Versions, Extensions: r.Ext, Options: r.Options, PINSet: r.Options["clientPin"],
		MaxMsgSize: r.MaxMsg, PINProtocols: r.Protocols}
	copy(info.AAGUID[:], r.AAGUID)
	var rr struct {
		Retries int `cbor:"3,keyasint"`
	}
	if err := k.call(ctx, CmdClientPIN, map[int]any{1: 1, 2: pinGetRetries}, &rr); err != nil {
		return Info{}, err
	}
	info.PINRetries = rr.Retries
	return info, nil
}

// pinSession is the platform side of one PIN protocol 1 exchange.
type pinSession struct {
	shared   []byte
	platform map[int]any
}

func (k *Key) pinSession(ctx context.Context) (*pinSession, error) {
	var r struct {
		Key map[int]any `cbor:"1,keyasint"`
	}
	if err := k.call(ctx, CmdClientPIN, map[int]any{1: 1, 2: pinGetKeyAgreement}, &r); err != nil {
		return nil, err
	}
	pt, ok := publicFromCOSE(r.Key)
	if !ok {
		return nil, errors.New("virtual key: bad key agreement key")
	}
	authPub, err := ecdh.P256().NewPublicKey(pt)
	if err != nil {
		return nil, err
	}
	mine, err := ecdh.P256().GenerateKey(k.opts.Rand)
	if err != nil {
		return nil, err
	}
	z, err := mine.ECDH(authPub)
	if err != nil {
		return nil, err
	}
	s := sha256.Sum256(z)
	p := mine.PublicKey().Bytes()
	return &pinSession{shared: s[:], platform: map[int]any{1: 2, 3: -25, -1: 1, -2: p[1:33], -3: p[33:65]}}, nil
}

func hmac16(key []byte, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)[:16]
}

// encPIN pads the PIN to 64 bytes and encrypts it. Length checks are the
// key's job (so tests can see its answers); only >= 64 bytes is refused.
func (s *pinSession) encPIN(pin string) ([]byte, error) {
	if len(pin) >= 64 {
		return nil, StatusPINPolicyViolation
	}
	padded := make([]byte, 64)
	copy(padded, pin)
	enc, _ := aesCBC(s.shared, padded, true)
	return enc, nil
}

func (s *pinSession) encPINHash(pin string) []byte {
	h := sha256.Sum256([]byte(pin))
	enc, _ := aesCBC(s.shared, h[:16], true)
	return enc
}

// SetPIN sets the first PIN.
func (k *Key) SetPIN(ctx context.Context, pin string) error {
	s, err := k.pinSession(ctx)
	if err != nil {
		return err
	}
	enc, err := s.encPIN(pin)
	if err != nil {
		return err
	}
	return k.call(ctx, CmdClientPIN, map[int]any{1: 1, 2: pinSetPIN, 3: s.platform, 4: hmac16(s.shared, enc), 5: enc}, nil)
}

// ChangePIN changes the PIN; a wrong old PIN costs a retry.
func (k *Key) ChangePIN(ctx context.Context, oldPIN, newPIN string) error {
	s, err := k.pinSession(ctx)
	if err != nil {
		return err
	}
	enc, err := s.encPIN(newPIN)
	if err != nil {
		return err
	}
	hashEnc := s.encPINHash(oldPIN)
	return k.call(ctx, CmdClientPIN, map[int]any{1: 1, 2: pinChangePIN, 3: s.platform,
		4: hmac16(s.shared, enc, hashEnc), 5: enc, 6: hashEnc}, nil)
}

// PINToken gets a PIN token; a wrong PIN costs a retry.
func (k *Key) PINToken(ctx context.Context, pin string) ([]byte, error) {
	s, err := k.pinSession(ctx)
	if err != nil {
		return nil, err
	}
	var r struct {
		Token []byte `cbor:"2,keyasint"`
	}
	if err := k.call(ctx, CmdClientPIN, map[int]any{1: 1, 2: pinGetPINToken, 3: s.platform, 6: s.encPINHash(pin)}, &r); err != nil {
		return nil, err
	}
	tok, ok := aesCBC(s.shared, r.Token, false)
	if !ok {
		return nil, errors.New("virtual key: bad PIN token")
	}
	return tok, nil
}

// pinAuthFor returns pinAuth and protocol for msg, or nothing without PIN.
func (k *Key) pinAuthFor(ctx context.Context, pin string, msg ...[]byte) (auth []byte, err error) {
	if pin == "" {
		return nil, nil
	}
	tok, err := k.PINToken(ctx, pin)
	if err != nil {
		return nil, err
	}
	return hmac16(tok, msg...), nil
}

// User is a relying party's user account.
type User struct {
	ID          []byte
	Name        string
	DisplayName string
}

// Attestation is the result of MakeCredential.
type Attestation struct {
	Format    string
	AuthData  []byte
	CredID    []byte
	PublicKey *ecdsa.PublicKey
	Signature []byte   // packed attestation over authData||clientDataHash
	X5C       [][]byte // attestation certificate chain (DER); nil for self attestation
	// HMACSecret: the credential has the hmac-secret extension (hmac.go).
	HMACSecret bool
}

// MakeCredential registers a credential for rpID (pin "" if none is set;
// resident makes it discoverable). The key asks for a touch.
func (k *Key) MakeCredential(ctx context.Context, pin, rpID, rpName string, u User, clientDataHash []byte, resident bool) (*Attestation, error) {
	return k.makeCred(ctx, pin, rpID, rpName, u, clientDataHash, resident, nil)
}

func (k *Key) makeCred(ctx context.Context, pin, rpID, rpName string, u User, clientDataHash []byte, resident bool, ext map[string]any) (*Attestation, error) {
	auth, err := k.pinAuthFor(ctx, pin, clientDataHash)
	if err != nil {
		return nil, err
	}
	req := map[int]any{
		1: clientDataHash,
		2: map[string]any{"id": rpID, "name": rpName},
		3: userMap(u),
		4: []credParam{{Alg: algES256, Type: "public-key"}},
	}
	if ext != nil {
		req[6] = ext
	}
	if resident {
		req[7] = map[string]bool{"rk": true}
	}
	if auth != nil {
		req[8], req[9] = auth, 1
	}
	var r struct {
		Fmt      string          `cbor:"1,keyasint"`
		AuthData []byte          `cbor:"2,keyasint"`
		AttStmt  cbor.RawMessage `cbor:"3,keyasint"`
	}
	if err := k.call(ctx, CmdMakeCredential, req, &r); err != nil {
		return nil, err
	}
	return parseAttestation(r.Fmt, r.AuthData, r.AttStmt)
}

func userMap(u User) map[string]any {
	m := map[string]any{"id": u.ID}
	if u.Name != "" {
		m["name"] = u.Name
	}
	if u.DisplayName != "" {
		m["displayName"] = u.DisplayName
	}
	return m
}

func parseAttestation(format string, authData []byte, attStmt cbor.RawMessage) (*Attestation, error) {
	a := &Attestation{Format: format, AuthData: authData}
	// rpIdHash(32) flags(1) count(4) aaguid(16) len(2) id pubkey
	if len(authData) < 55 {
		return nil, errors.New("virtual key: short authData")
	}
	n := int(binary.BigEndian.Uint16(authData[53:55]))
	if len(authData) < 55+n {
		return nil, errors.New("virtual key: short authData")
	}
	a.CredID = authData[55 : 55+n]
	var cose map[int]any
	rest, err := decMode.UnmarshalFirst(authData[55+n:], &cose)
	if err != nil {
		return nil, err
	}
	if authData[32]&flagED != 0 {
		var ext map[string]any
		if err := decMode.Unmarshal(rest, &ext); err != nil {
			return nil, err
		}
		a.HMACSecret, _ = ext[extHMACSecret].(bool)
	}
	pt, ok := publicFromCOSE(cose)
	if !ok {
		return nil, errors.New("virtual key: bad credential public key")
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), pt)
	if err != nil {
		return nil, err
	}
	a.PublicKey = pub
	if format == "packed" {
		var st struct {
			Sig []byte   `cbor:"sig"`
			X5C [][]byte `cbor:"x5c"`
		}
		if err := decMode.Unmarshal(attStmt, &st); err != nil {
			return nil, err
		}
		a.Signature, a.X5C = st.Sig, st.X5C
	}
	return a, nil
}

// Assertion is one getAssertion (or getNextAssertion) result.
type Assertion struct {
	CredID    []byte
	AuthData  []byte
	Signature []byte
	UserID    []byte // discoverable credentials only
	Count     int    // number of credentials found (discoverable, no allow list)
}

type assertionResp struct {
	Cred     credDesc    `cbor:"1,keyasint"`
	AuthData []byte      `cbor:"2,keyasint"`
	Sig      []byte      `cbor:"3,keyasint"`
	User     *userEntity `cbor:"4,keyasint"`
	Count    int         `cbor:"5,keyasint"`
}

// GetAssertion signs clientDataHash with a credential for rpID: one from
// allow, or (allow empty) the newest discoverable one, then the others
// through GetNextAssertion.
func (k *Key) GetAssertion(ctx context.Context, pin, rpID string, clientDataHash []byte, allow ...[]byte) (*Assertion, error) {
	auth, err := k.pinAuthFor(ctx, pin, clientDataHash)
	if err != nil {
		return nil, err
	}
	return k.getAssertionExt(ctx, auth, rpID, clientDataHash, nil, allow)
}

func (k *Key) getAssertionExt(ctx context.Context, auth []byte, rpID string, clientDataHash []byte, ext map[string]any, allow [][]byte) (*Assertion, error) {
	req := map[int]any{1: rpID, 2: clientDataHash}
	if ext != nil {
		req[4] = ext
	}
	if len(allow) > 0 {
		var list []credDesc
		for _, id := range allow {
			list = append(list, credDesc{Type: "public-key", ID: id})
		}
		req[3] = list
	}
	if auth != nil {
		req[6], req[7] = auth, 1
	}
	var r assertionResp
	if err := k.call(ctx, CmdGetAssertion, req, &r); err != nil {
		return nil, err
	}
	return r.assertion(), nil
}

// GetNextAssertion returns the next credential after GetAssertion.
func (k *Key) GetNextAssertion(ctx context.Context) (*Assertion, error) {
	var r assertionResp
	if err := k.call(ctx, CmdGetNextAssertion, nil, &r); err != nil {
		return nil, err
	}
	return r.assertion(), nil
}

func (r *assertionResp) assertion() *Assertion {
	a := &Assertion{CredID: r.Cred.ID, AuthData: r.AuthData, Signature: r.Sig, Count: r.Count}
	if r.User != nil {
		a.UserID = r.User.ID
	}
	return a
}

// Verify checks an assertion signature against the credential's key.
func (a *Assertion) Verify(pub *ecdsa.PublicKey, clientDataHash []byte) bool {
	h := sha256.New()
	h.Write(a.AuthData)
	h.Write(clientDataHash)
	return ecdsa.VerifyASN1(pub, h.Sum(nil), a.Signature)
}

// Metadata is the credential store's fill level.
type Metadata struct{ Existing, Remaining int }

// credMgmtCall runs one credential management sub-command with pinAuth.
func (k *Key) credMgmtCall(ctx context.Context, tok []byte, sub int, params any, out any) error {
	req := map[int]any{1: sub}
	msg := []byte{byte(sub)}
	if params != nil {
		b, err := encMode.Marshal(params)
		if err != nil {
			return err
		}
		req[2] = cbor.RawMessage(b)
		msg = append(msg, b...)
	}
	if tok != nil {
		req[3], req[4] = 1, hmac16(tok, msg)
	}
	return k.call(ctx, CmdCredMgmt, req, out)
}

// CredentialsMetadata returns how many discoverable credentials are
// stored and how many more fit.
func (k *Key) CredentialsMetadata(ctx context.Context, pin string) (Metadata, error) {
	tok, err := k.PINToken(ctx, pin)
	if err != nil {
		return Metadata{}, err
	}
	var r struct {
		Existing  int `cbor:"1,keyasint"`
		Remaining int `cbor:"2,keyasint"`
	}
	err = k.credMgmtCall(ctx, tok, cmGetCredsMetadata, nil, &r)
	return Metadata{r.Existing, r.Remaining}, err
}

// Credentials lists the discoverable credentials, by relying party, as
// credential management shows them (needs the PIN).
func (k *Key) Credentials(ctx context.Context, pin string) ([]Credential, error) {
	tok, err := k.PINToken(ctx, pin)
	if err != nil {
		return nil, err
	}
	type rpResp struct {
		RP    rpEntity `cbor:"3,keyasint"`
		Hash  []byte   `cbor:"4,keyasint"`
		Total int      `cbor:"5,keyasint"`
	}
	var first rpResp
	if err := k.credMgmtCall(ctx, tok, cmEnumerateRPsBegin, nil, &first); err != nil {
		if errors.Is(err, StatusNoCredentials) {
			return nil, nil
		}
		return nil, err
	}
	rps := []rpResp{first}
	for len(rps) < first.Total {
		var next rpResp
		if err := k.credMgmtCall(ctx, nil, cmEnumerateRPsNext, nil, &next); err != nil {
			return nil, err
		}
		rps = append(rps, next)
	}
	var out []Credential
	for _, rp := range rps {
		type credResp struct {
			User  userEntity `cbor:"6,keyasint"`
			ID    credDesc   `cbor:"7,keyasint"`
			Total int        `cbor:"9,keyasint"`
		}
		var c credResp
		if err := k.credMgmtCall(ctx, tok, cmEnumerateCredsBegin, map[int]any{1: rp.Hash}, &c); err != nil {
			return nil, err
		}
		total := c.Total
		for i := 0; ; i++ {
			out = append(out, Credential{ID: c.ID.ID, RPID: rp.RP.ID, RPName: rp.RP.Name,
				UserID: c.User.ID, UserName: c.User.Name, UserDisplayName: c.User.DisplayName})
			if i+1 >= total {
				break
			}
			c = credResp{}
			if err := k.credMgmtCall(ctx, nil, cmEnumerateCredsNext, nil, &c); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// DeleteCredential deletes a discoverable credential (needs the PIN).
func (k *Key) DeleteCredential(ctx context.Context, pin string, id []byte) error {
	tok, err := k.PINToken(ctx, pin)
	if err != nil {
		return err
	}
	return k.credMgmtCall(ctx, tok, cmDeleteCredential, map[int]any{2: credDesc{Type: "public-key", ID: id}}, nil)
}

// Reset erases PIN and credentials: only within the reset window after
// plugging in, and with a touch.
func (k *Key) Reset(ctx context.Context) error {
	return k.call(ctx, CmdReset, nil, nil)
}
