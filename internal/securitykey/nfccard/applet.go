package nfccard

import (
	"bytes"
	"context"
	"sync/atomic"
)

// AID is the FIDO applet's application identifier.
var AID = []byte{0xA0, 0x00, 0x00, 0x06, 0x47, 0x2F, 0x00, 0x01}

// Version is the SELECT answer of a CTAP2-only authenticator ("U2F_V2"
// would announce CTAP1/U2F as well, which the virtual key does not speak).
const Version = "FIDO_2_0"

// Instructions.
const (
	insSelect          = 0xA4
	insGetResponse     = 0xC0
	insNFCCTAPMsg      = 0x10
	insNFCCTAPGetResp  = 0x11
	claProprietary     = 0x80
	maxChainedCommand  = 1 << 16 // far above any CTAP2 request the key takes
	selectByNameP1     = 0x04
	chainBit           = 0x10
	claWithoutChainBit = ^byte(chainBit)
)

// Authenticator runs one CTAP2 request (command byte + CBOR) and returns
// status byte + CBOR; *virtualkey.Key is one.
type Authenticator interface {
	CTAP2(ctx context.Context, req []byte) []byte
}

// Applet is the FIDO applet of one card. It is not safe for concurrent
// use: a reader sends one APDU at a time.
type Applet struct {
	key      Authenticator
	selected bool
	chain    []byte // data of the chained commands so far
	chainINS byte
	pending  []byte // answer bytes still to be fetched with GET RESPONSE

	chained, fetched atomic.Int64 // see Counts
}

// Counts reports how many chained command pieces the applet took and how
// many GET RESPONSE it answered since it was made, so a test can tell
// that both kinds of chaining really ran.
func (a *Applet) Counts() (chainedPieces, getResponses int64) {
	return a.chained.Load(), a.fetched.Load()
}

// NewApplet returns the applet in front of key, not selected.
func NewApplet(key Authenticator) *Applet { return &Applet{key: key} }

// Reset is a power cycle: nothing selected, nothing buffered.
func (a *Applet) Reset() {
	a.selected, a.chain, a.pending = false, nil, nil
}

// Process answers one command APDU with a response APDU (data + SW).
func (a *Applet) Process(ctx context.Context, apdu []byte) []byte {
	c, err := ParseCommand(apdu)
	if err != nil {
		a.chain, a.pending = nil, nil
		return response(nil, SWWrongLength)
	}
	if c.INS != insGetResponse {
		a.pending = nil // an answer not fetched at once is dropped
	}
	switch {
	case c.CLA&claWithoutChainBit == 0 && c.INS == insSelect:
		a.chain = nil
		return a.selectApplet(c)
	case !a.selected:
		a.chain = nil
		return response(nil, SWConditions)
	case c.INS == insGetResponse:
		return a.getResponse(c)
	}
	if c.Chained() {
		return a.addToChain(c)
	}
	data := c.Data
	if a.chain != nil {
		if c.INS != a.chainINS {
			a.chain = nil
			return response(nil, SWLastOfChainExpected)
		}
		data = append(a.chain, data...)
		a.chain = nil
	}
	switch {
	case c.CLA != claProprietary:
		return response(nil, SWCLANotSupported)
	case c.INS == insNFCCTAPMsg:
		if len(data) == 0 {
			return response(nil, SWWrongLength)
		}
		return a.answer(a.key.CTAP2(ctx, data), c.Ne)
	case c.INS == insNFCCTAPGetResp:
		return response(nil, SWConditions) // no command is ever still running
	default:
		return response(nil, SWINSNotSupported)
	}
}

func (a *Applet) selectApplet(c Command) []byte {
	if c.P1 != selectByNameP1 {
		a.selected = false
		return response(nil, SWWrongP1P2)
	}
	if !bytes.Equal(c.Data, AID) {
		a.selected = false
		return response(nil, SWNotFound)
	}
	a.selected = true
	return response([]byte(Version), SWOK)
}

func (a *Applet) addToChain(c Command) []byte {
	if a.chain != nil && c.INS != a.chainINS {
		a.chain = nil
		return response(nil, SWLastOfChainExpected)
	}
	if len(a.chain)+len(c.Data) > maxChainedCommand {
		a.chain = nil
		return response(nil, SWWrongLength)
	}
	if a.chain == nil {
		a.chain = []byte{}
	}
	a.chain = append(a.chain, c.Data...)
	a.chainINS = c.INS
	a.chained.Add(1)
	return response(nil, SWOK)
}

func (a *Applet) getResponse(c Command) []byte {
	if c.P1 != 0 || c.P2 != 0 {
		return response(nil, SWWrongP1P2)
	}
	if a.pending == nil {
		return response(nil, SWConditions)
	}
	rest := a.pending
	a.pending = nil
	a.fetched.Add(1)
	return a.answer(rest, c.Ne)
}

// answer sends as much of data as the reader takes (at most 256 bytes,
// the most a short response holds) and keeps the rest for GET RESPONSE.
func (a *Applet) answer(data []byte, ne int) []byte {
	n := min(len(data), 256)
	if ne > 0 {
		n = min(n, ne)
	}
	if n == len(data) {
		return response(data, SWOK)
	}
	a.pending = data[n:]
	left := min(len(a.pending), 256) & 0xFF // 00: 256 or more
	return response(data[:n], SWMoreData|uint16(left))
}
