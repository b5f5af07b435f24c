// Package nfccard is a virtual FIDO NFC card: the FIDO applet of the
// CTAP 2.1 NFC binding (ISO 7816-4 APDUs) in front of a CTAP2
// authenticator such as ../virtualkey, and the card side of vsmartcard's
// vpcd protocol, which plugs it into pcscd as if it lay on a contactless
// reader. Tests use it to run the real libfido2 over PC/SC (pcsc://slotN).
//
// The applet answers SELECT of the FIDO AID with "FIDO_2_0" (a
// CTAP2-only key), NFCCTAP_MSG (CLA 80, INS 10) with command chaining
// (CLA bit 0x10) and long answers in pieces fetched with GET RESPONSE
// (SW 61xx). It answers every command before returning, so it never sends
// the 9100 status update and NFCCTAP_GETRESPONSE (INS 11) has nothing to
// fetch.
package nfccard

import (
	"errors"
	"fmt"
)

// Command is one command APDU (ISO 7816-4 §5.1).
type Command struct {
	CLA, INS, P1, P2 byte
	Data             []byte
	// Ne is how many response bytes the reader accepts: 0 when the
	// command has no Le field, 256 for a short Le of 00, 65536 for an
	// extended Le of 0000.
	Ne int
}

// Chained reports the command-chaining bit: more of the data follows in
// the next command.
func (c Command) Chained() bool { return c.CLA&0x10 != 0 }

// ErrMalformed is returned by ParseCommand for bytes that are no APDU.
var ErrMalformed = errors.New("nfccard: malformed APDU")

// ParseCommand decodes the four ISO 7816-4 cases, short and extended.
func ParseCommand(b []byte) (Command, error) {
	if len(b) < 4 {
		return Command{}, fmt.Errorf("%w: %d bytes", ErrMalformed, len(b))
	}
	c := Command{CLA: b[0], INS: b[1], P1: b[2], P2: b[3]}
	body := b[4:]
	switch {
	case len(body) == 0: // case 1
		return c, nil
	case len(body) == 1: // case 2 short
		c.Ne = shortNe(body[0])
		return c, nil
	case body[0] != 0: // case 3 or 4 short
		lc := int(body[0])
		switch len(body) {
		case 1 + lc:
		case 2 + lc:
			c.Ne = shortNe(body[1+lc])
		default:
			return Command{}, fmt.Errorf("%w: Lc %d, %d bytes follow", ErrMalformed, lc, len(body)-1)
		}
		c.Data = body[1 : 1+lc]
		return c, nil
	}
	return parseExtended(c, body)
}

// parseExtended decodes a body that starts with the extended-length
// marker 00.
func parseExtended(c Command, body []byte) (Command, error) {
	if len(body) == 3 { // case 2 extended
		c.Ne = extendedNe(body[1], body[2])
		return c, nil
	}
	if len(body) < 3 {
		return Command{}, fmt.Errorf("%w: truncated extended length", ErrMalformed)
	}
	lc := int(body[1])<<8 | int(body[2])
	if lc == 0 {
		return Command{}, fmt.Errorf("%w: extended Lc of 0", ErrMalformed)
	}
	switch len(body) {
	case 3 + lc:
	case 5 + lc:
		c.Ne = extendedNe(body[3+lc], body[4+lc])
	default:
		return Command{}, fmt.Errorf("%w: extended Lc %d, %d bytes follow", ErrMalformed, lc, len(body)-3)
	}
	c.Data = body[3 : 3+lc]
	return c, nil
}

func shortNe(le byte) int {
	if le == 0 {
		return 256
	}
	return int(le)
}

func extendedNe(hi, lo byte) int {
	if n := int(hi)<<8 | int(lo); n != 0 {
		return n
	}
	return 65536
}

// Status words the applet answers with.
const (
	SWOK                  uint16 = 0x9000
	SWMoreData            uint16 = 0x6100 // low byte: bytes left (00: 256 or more)
	SWWrongLength         uint16 = 0x6700
	SWLastOfChainExpected uint16 = 0x6883
	SWConditions          uint16 = 0x6985 // e.g. no applet selected
	SWWrongData           uint16 = 0x6A80
	SWNotFound            uint16 = 0x6A82 // SELECT of an AID this card lacks
	SWWrongP1P2           uint16 = 0x6B00
	SWINSNotSupported     uint16 = 0x6D00
	SWCLANotSupported     uint16 = 0x6E00
)

// response is data followed by the status word.
func response(data []byte, sw uint16) []byte {
	out := make([]byte, 0, len(data)+2)
	out = append(out, data...)
	return append(out, byte(sw>>8), byte(sw))
}
