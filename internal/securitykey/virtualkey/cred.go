package virtualkey

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"time"

	"github.com/fxamacker/cbor/v2"
)

type rpEntity struct {
	ID   string `cbor:"id"`
	Name string `cbor:"name,omitempty"`
}

type userEntity struct {
	ID          []byte `cbor:"id"`
	Name        string `cbor:"name,omitempty"`
	DisplayName string `cbor:"displayName,omitempty"`
}

type credDesc struct {
	Type string `cbor:"type"`
	ID   []byte `cbor:"id"`
}

type credParam struct {
	Alg  int    `cbor:"alg"`
	Type string `cbor:"type"`
}

type makeCredReq struct {
	ClientDataHash []byte          `cbor:"1,keyasint"`
	RP             *rpEntity       `cbor:"2,keyasint"`
	User           *userEntity     `cbor:"3,keyasint"`
	Params         []credParam     `cbor:"4,keyasint"`
	ExcludeList    []credDesc      `cbor:"5,keyasint"`
	Extensions     map[string]any  `cbor:"6,keyasint"`
	Options        map[string]bool `cbor:"7,keyasint"`
	PINAuth        []byte          `cbor:"8,keyasint"`
	PINProtocol    *int            `cbor:"9,keyasint"`
}

type getAssertionReq struct {
	RPID           string                     `cbor:"1,keyasint"`
	ClientDataHash []byte                     `cbor:"2,keyasint"`
	AllowList      []credDesc                 `cbor:"3,keyasint"`
	Extensions     map[string]cbor.RawMessage `cbor:"4,keyasint"`
	Options        map[string]bool            `cbor:"5,keyasint"`
	PINAuth        []byte                     `cbor:"6,keyasint"`
	PINProtocol    *int                       `cbor:"7,keyasint"`
}

// authData flags.
const (
	flagUP = 0x01
	flagUV = 0x04
	flagAT = 0x40
	flagED = 0x80
)

// userVerified handles pinAuth for makeCredential and getAssertion: it
// returns whether the user was verified, or an error status.
func (k *Key) userVerified(ctx context.Context, op string, cdh, auth []byte, protocol *int, options map[string]bool) (bool, Status) {
	if options["uv"] {
		return false, StatusUnsupportedOption // no built-in verification
	}
	if auth != nil && len(auth) == 0 {
		// The platform asks for a touch to pick this key.
		if st := k.confirm(ctx, op); st != StatusOK {
			return false, st
		}
		if k.state.PINHash == nil {
			return false, StatusPINNotSet
		}
		return false, StatusPINInvalid
	}
	if auth == nil {
		return false, StatusOK
	}
	if st := k.verifyPINAuth(cdh, auth, protocol); st != StatusOK {
		return false, st
	}
	return true, StatusOK
}

func (k *Key) makeCredential(ctx context.Context, body []byte) (any, Status) {
	var req makeCredReq
	if st := decode(body, &req); st != StatusOK {
		return nil, st
	}
	if req.ClientDataHash == nil || req.RP == nil || req.User == nil || req.Params == nil {
		return nil, StatusMissingParameter
	}
	if req.RP.ID == "" || len(req.User.ID) == 0 || len(req.User.ID) > 64 {
		return nil, StatusInvalidParameter
	}
	if !slices.ContainsFunc(req.Params, func(p credParam) bool { return p.Alg == algES256 && p.Type == "public-key" }) {
		return nil, StatusUnsupportedAlg
	}
	if up, set := req.Options["up"]; set && !up {
		return nil, StatusInvalidOption
	}
	rk := req.Options["rk"] || k.opts.Quirks.AllResident
	uv, st := k.userVerified(ctx, OpMakeCredential, req.ClientDataHash, req.PINAuth, req.PINProtocol, req.Options)
	if st != StatusOK {
		return nil, st
	}
	if !uv && k.state.PINHash != nil {
		return nil, StatusPINRequired
	}
	rpIDHash := rpHash(req.RP.ID)
	for _, d := range req.ExcludeList {
		if k.unwrap(rpIDHash, d.ID) != nil {
			if st := k.confirm(ctx, OpMakeCredential); st != StatusOK {
				return nil, st
			}
			return nil, StatusCredentialExcluded
		}
	}
	replaces := -1
	if rk {
		replaces = slices.IndexFunc(k.state.Resident, func(c *StoredCredential) bool {
			return c.RPID == req.RP.ID && bytes.Equal(c.UserID, req.User.ID)
		})
		if replaces < 0 && len(k.state.Resident) >= k.opts.MaxResident {
			return nil, StatusKeyStoreFull
		}
	}
	if st := k.confirm(ctx, OpMakeCredential); st != StatusOK {
		return nil, st
	}

	priv, err := ecdsa.GenerateKey(elliptic.P256(), k.opts.Rand)
	if err != nil {
		return nil, StatusOther
	}
	hmacSecret := k.wantsHMACSecret(req.Extensions)
	id, err := k.wrap(rpIDHash, priv, rk, hmacSecret)
	if err != nil {
		return nil, StatusOther
	}
	if rk {
		sc := &StoredCredential{
			Credential: Credential{
				ID: id, RPID: req.RP.ID, RPName: req.RP.Name,
				UserID: slices.Clone(req.User.ID), UserName: req.User.Name,
				UserDisplayName: req.User.DisplayName, Created: k.opts.Now(),
			},
			PrivateKey: scalar(priv),
		}
		if replaces >= 0 {
			k.state.Resident = slices.Delete(k.state.Resident, replaces, replaces+1)
		}
		k.state.Resident = append(k.state.Resident, sc)
	}

	flags := byte(flagUP | flagAT)
	if uv {
		flags |= flagUV
	}
	k.state.SignCount++
	pubKey, _ := encMode.Marshal(coseKey(&priv.PublicKey))
	authData := authDataHeader(rpIDHash, flags, k.state.SignCount)
	authData = append(authData, k.opts.AAGUID[:]...)
	authData = binary.BigEndian.AppendUint16(authData, uint16(len(id)))
	authData = append(authData, id...)
	authData = append(authData, pubKey...)
	if hmacSecret {
		authData[32] |= flagED
		ext, _ := encMode.Marshal(map[string]bool{"hmac-secret": true})
		authData = append(authData, ext...)
	}

	if k.opts.NoneAttestation {
		return map[int]any{1: "none", 2: authData, 3: map[string]any{}}, StatusOK
	}
	stmt, err := k.attestation(priv, authData, req.ClientDataHash)
	if err != nil {
		return nil, StatusOther
	}
	return map[int]any{1: "packed", 2: authData, 3: stmt}, StatusOK
}

func authDataHeader(rpIDHash []byte, flags byte, count uint32) []byte {
	b := append(slices.Clone(rpIDHash), flags)
	return binary.BigEndian.AppendUint32(b, count)
}

func sign(k *Key, priv *ecdsa.PrivateKey, authData, cdh []byte) ([]byte, error) {
	h := sha256.New()
	h.Write(authData)
	h.Write(cdh)
	return ecdsa.SignASN1(k.opts.Rand, priv, h.Sum(nil))
}

// assertQueue keeps what getNextAssertion needs after getAssertion.
type assertQueue struct {
	rpIDHash []byte
	cdh      []byte
	flags    byte
	creds    []*StoredCredential
	next     int
	at       time.Time
}

type assertCred struct {
	id       []byte
	priv     *ecdsa.PrivateKey
	resident *StoredCredential
}

func (k *Key) getAssertion(ctx context.Context, body []byte) (any, Status) {
	var req getAssertionReq
	if st := decode(body, &req); st != StatusOK {
		return nil, st
	}
	if req.RPID == "" || req.ClientDataHash == nil {
		return nil, StatusMissingParameter
	}
	up := true
	if v, set := req.Options["up"]; set {
		up = v
	}
	if _, set := req.Options["rk"]; set {
		return nil, StatusUnsupportedOption
	}
	uv, st := k.userVerified(ctx, OpGetAssertion, req.ClientDataHash, req.PINAuth, req.PINProtocol, req.Options)
	if st != StatusOK {
		return nil, st
	}
	rpIDHash := rpHash(req.RPID)

	var found []assertCred
	if len(req.AllowList) > 0 {
		for _, d := range req.AllowList {
			if priv := k.unwrap(rpIDHash, d.ID); priv != nil {
				found = append(found, assertCred{id: d.ID, priv: priv, resident: k.findResident(d.ID)})
				break // one is enough: the platform named them all
			}
		}
	} else {
		for i := len(k.state.Resident) - 1; i >= 0; i-- { // newest first
			c := k.state.Resident[i]
			if c.RPID == req.RPID {
				found = append(found, assertCred{id: c.ID, priv: privFromScalar(c.PrivateKey), resident: c})
			}
		}
	}
	if len(found) == 0 {
		return nil, StatusNoCredentials
	}
	flags := byte(0)
	if up {
		if st := k.confirm(ctx, OpGetAssertion); st != StatusOK {
			return nil, st
		}
		flags |= flagUP
	}
	if uv {
		flags |= flagUV
	}
	ext, st := k.hmacSecretExt(req.Extensions, found[0].id, uv)
	if st != StatusOK {
		return nil, st
	}
	resp, st := k.assert(rpIDHash, req.ClientDataHash, flags, found[0], uv, ext)
	if st != StatusOK {
		return nil, st
	}
	if len(found) > 1 {
		resp[5] = len(found)
		q := &assertQueue{rpIDHash: rpIDHash, cdh: req.ClientDataHash, flags: flags, next: 1, at: k.opts.Now()}
		for _, f := range found {
			q.creds = append(q.creds, f.resident)
		}
		k.boot.nextAssert = q
	}
	return resp, StatusOK
}

// assert signs for c; ext, if not nil, is the CBOR extensions map.
func (k *Key) assert(rpIDHash, cdh []byte, flags byte, c assertCred, uv bool, ext []byte) (map[int]any, Status) {
	if c.priv == nil {
		return nil, StatusOther
	}
	k.state.SignCount++
	if ext != nil {
		flags |= flagED
	}
	authData := append(authDataHeader(rpIDHash, flags, k.state.SignCount), ext...)
	sig, err := sign(k, c.priv, authData, cdh)
	if err != nil {
		return nil, StatusOther
	}
	resp := map[int]any{
		1: credDesc{Type: "public-key", ID: c.id},
		2: authData,
		3: sig,
	}
	if c.resident != nil {
		u := map[string]any{"id": c.resident.UserID}
		if uv { // identifying details only after user verification
			if c.resident.UserName != "" {
				u["name"] = c.resident.UserName
			}
			if c.resident.UserDisplayName != "" {
				u["displayName"] = c.resident.UserDisplayName
			}
		}
		resp[4] = u
	}
	return resp, StatusOK
}

func (k *Key) getNextAssertion() (any, Status) {
	q := k.boot.nextAssert
	if q == nil || q.next >= len(q.creds) || k.opts.Now().Sub(q.at) > 30*time.Second {
		k.boot.nextAssert = nil
		return nil, StatusNotAllowed
	}
	c := q.creds[q.next]
	q.next++
	q.at = k.opts.Now()
	if k.findResident(c.ID) == nil {
		return nil, StatusNoCredentials
	}
	return k.assertReturn(q, c)
}

func (k *Key) assertReturn(q *assertQueue, c *StoredCredential) (any, Status) {
	resp, st := k.assert(q.rpIDHash, q.cdh, q.flags,
		assertCred{id: c.ID, priv: privFromScalar(c.PrivateKey), resident: c}, q.flags&flagUV != 0, nil)
	if st != StatusOK {
		return nil, st
	}
	return resp, StatusOK
}

func (k *Key) reset(ctx context.Context) Status {
	if k.opts.Now().Sub(k.boot.start) > k.opts.ResetWindow {
		return StatusNotAllowed
	}
	if st := k.confirm(ctx, OpReset); st != StatusOK {
		return st
	}
	if err := k.wipe(); err != nil {
		return StatusOther
	}
	k.newPINToken()
	k.boot.wrongPINs = 0
	return StatusOK
}
