package virtualkey

import (
	"bytes"
	"slices"

	"github.com/fxamacker/cbor/v2"
)

// credential management sub-commands (same numbers for 0x41 and 0x0A).
const (
	cmGetCredsMetadata    = 0x01
	cmEnumerateRPsBegin   = 0x02
	cmEnumerateRPsNext    = 0x03
	cmEnumerateCredsBegin = 0x04
	cmEnumerateCredsNext  = 0x05
	cmDeleteCredential    = 0x06
	cmUpdateUserInfo      = 0x07
)

type credMgmtReq struct {
	SubCommand  int             `cbor:"1,keyasint"`
	Params      cbor.RawMessage `cbor:"2,keyasint"`
	PINProtocol *int            `cbor:"3,keyasint"`
	PINAuth     []byte          `cbor:"4,keyasint"`
}

type credMgmtParams struct {
	RPIDHash     []byte      `cbor:"1,keyasint"`
	CredentialID *credDesc   `cbor:"2,keyasint"`
	User         *userEntity `cbor:"3,keyasint"`
}

func (k *Key) credMgmt(body []byte) (any, Status) {
	var req credMgmtReq
	if st := decode(body, &req); st != StatusOK {
		return nil, st
	}
	var params credMgmtParams
	if len(req.Params) > 0 {
		if st := decode(req.Params, &params); st != StatusOK {
			return nil, st
		}
	}
	switch req.SubCommand {
	case cmEnumerateRPsNext:
		return k.nextRP()
	case cmEnumerateCredsNext:
		return k.nextCred()
	case cmGetCredsMetadata, cmEnumerateRPsBegin, cmEnumerateCredsBegin, cmDeleteCredential, cmUpdateUserInfo:
	default:
		return nil, StatusInvalidParameter
	}
	// pinAuth = LEFT(HMAC(pinToken, subCommand || subCommandParams), 16)
	if req.PINAuth == nil {
		return nil, StatusPINRequired
	}
	msg := append([]byte{byte(req.SubCommand)}, req.Params...)
	if st := k.verifyPINAuth(msg, req.PINAuth, req.PINProtocol); st != StatusOK {
		return nil, st
	}
	switch req.SubCommand {
	case cmGetCredsMetadata:
		return map[int]any{
			1: len(k.state.Resident),
			2: k.opts.MaxResident - len(k.state.Resident),
		}, StatusOK
	case cmEnumerateRPsBegin:
		return k.beginRPs()
	case cmEnumerateCredsBegin:
		return k.beginCreds(params.RPIDHash)
	case cmDeleteCredential:
		return k.deleteCred(params.CredentialID)
	default: // cmUpdateUserInfo
		return k.updateUser(params)
	}
}

func (k *Key) beginRPs() (any, Status) {
	k.boot.enumRPs = nil
	for _, c := range k.state.Resident {
		if !slices.Contains(k.boot.enumRPs, c.RPID) {
			k.boot.enumRPs = append(k.boot.enumRPs, c.RPID)
		}
	}
	if len(k.boot.enumRPs) == 0 {
		return nil, StatusNoCredentials
	}
	k.boot.enumRPsIdx = 0
	resp, st := k.nextRP()
	if st == StatusOK {
		resp.(map[int]any)[5] = len(k.boot.enumRPs)
	}
	return resp, st
}

func (k *Key) nextRP() (any, Status) {
	if k.boot.enumRPsIdx >= len(k.boot.enumRPs) {
		return nil, StatusNotAllowed
	}
	id := k.boot.enumRPs[k.boot.enumRPsIdx]
	k.boot.enumRPsIdx++
	rp := map[string]any{"id": id}
	for _, c := range k.state.Resident {
		if c.RPID == id && c.RPName != "" {
			rp["name"] = c.RPName
		}
	}
	return map[int]any{3: rp, 4: rpHash(id)}, StatusOK
}

func (k *Key) beginCreds(rpIDHash []byte) (any, Status) {
	if rpIDHash == nil {
		return nil, StatusMissingParameter
	}
	k.boot.enumCreds = nil
	for _, c := range k.state.Resident {
		if bytes.Equal(rpHash(c.RPID), rpIDHash) {
			k.boot.enumCreds = append(k.boot.enumCreds, c)
		}
	}
	if len(k.boot.enumCreds) == 0 {
		return nil, StatusNoCredentials
	}
	k.boot.enumCredsIdx = 0
	resp, st := k.nextCred()
	if st == StatusOK {
		resp.(map[int]any)[9] = len(k.boot.enumCreds)
	}
	return resp, st
}

func (k *Key) nextCred() (any, Status) {
	if k.boot.enumCredsIdx >= len(k.boot.enumCreds) {
		return nil, StatusNotAllowed
	}
	c := k.boot.enumCreds[k.boot.enumCredsIdx]
	k.boot.enumCredsIdx++
	u := map[string]any{"id": c.UserID}
	if c.UserName != "" {
		u["name"] = c.UserName
	}
	if c.UserDisplayName != "" {
		u["displayName"] = c.UserDisplayName
	}
	priv := privFromScalar(c.PrivateKey)
	if priv == nil {
		return nil, StatusOther
	}
	return map[int]any{
		6:  u,
		7:  credDesc{Type: "public-key", ID: c.ID},
		8:  coseKey(&priv.PublicKey),
		10: 1, // credProtect: userVerificationOptional
	}, StatusOK
}

func (k *Key) deleteCred(d *credDesc) (any, Status) {
	if d == nil {
		return nil, StatusMissingParameter
	}
	i := slices.IndexFunc(k.state.Resident, func(c *StoredCredential) bool { return bytes.Equal(c.ID, d.ID) })
	if i < 0 {
		return nil, StatusNoCredentials
	}
	k.state.Resident = slices.Delete(k.state.Resident, i, i+1)
	k.boot.enumCreds, k.boot.enumRPs = nil, nil
	return nil, StatusOK
}

func (k *Key) updateUser(p credMgmtParams) (any, Status) {
	if p.CredentialID == nil || p.User == nil {
		return nil, StatusMissingParameter
	}
	c := k.findResident(p.CredentialID.ID)
	if c == nil {
		return nil, StatusNoCredentials
	}
	if !bytes.Equal(c.UserID, p.User.ID) {
		return nil, StatusInvalidParameter
	}
	c.UserName, c.UserDisplayName = p.User.Name, p.User.DisplayName
	return nil, StatusOK
}
