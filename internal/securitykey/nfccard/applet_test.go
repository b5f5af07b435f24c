package nfccard

import (
	"bytes"
	"context"
	"testing"

	"github.com/fxamacker/cbor/v2"

	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

var selectFIDO = append([]byte{0x00, 0xA4, 0x04, 0x00, byte(len(AID))}, AID...)

// recorder answers every request with a fixed answer and keeps the
// requests.
type recorder struct {
	reqs   [][]byte
	answer []byte
}

func (r *recorder) CTAP2(_ context.Context, req []byte) []byte {
	r.reqs = append(r.reqs, append([]byte(nil), req...))
	return r.answer
}

func sw(resp []byte) uint16 {
	if len(resp) < 2 {
		return 0
	}
	return uint16(resp[len(resp)-2])<<8 | uint16(resp[len(resp)-1])
}

func process(t *testing.T, a *Applet, apdu []byte) []byte {
	t.Helper()
	return a.Process(context.Background(), apdu)
}

func TestSelect(t *testing.T) {
	a := NewApplet(&recorder{answer: []byte{0}})
	if got := sw(process(t, a, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})); got != SWConditions {
		t.Fatalf("NFCCTAP_MSG before SELECT: %04x", got)
	}
	other := []byte{0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01}
	if got := sw(process(t, a, other)); got != SWNotFound {
		t.Fatalf("SELECT of another AID: %04x", got)
	}
	resp := process(t, a, append(selectFIDO, 0x00))
	if string(resp[:len(resp)-2]) != "FIDO_2_0" || sw(resp) != SWOK {
		t.Fatalf("SELECT: %q", resp)
	}
	if got := sw(process(t, a, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})); got != SWOK {
		t.Fatalf("NFCCTAP_MSG after SELECT: %04x", got)
	}
	// Selecting something else deselects the FIDO applet.
	process(t, a, other)
	if got := sw(process(t, a, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})); got != SWConditions {
		t.Fatalf("NFCCTAP_MSG after another SELECT: %04x", got)
	}
	process(t, a, selectFIDO)
	a.Reset()
	if got := sw(process(t, a, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})); got != SWConditions {
		t.Fatalf("NFCCTAP_MSG after a power cycle: %04x", got)
	}
}

// A request sent in pieces with the chaining bit reaches the key whole;
// every piece but the last is acknowledged with 9000 and no data.
func TestCommandChaining(t *testing.T) {
	rec := &recorder{answer: []byte{0x00, 0xA0}}
	a := NewApplet(rec)
	process(t, a, selectFIDO)
	req := make([]byte, 600)
	for i := range req {
		req[i] = byte(i)
	}
	for off := 0; off < len(req); off += 240 {
		end := min(off+240, len(req))
		apdu := []byte{0x80, 0x10, 0x00, 0x00, byte(end - off)}
		apdu = append(apdu, req[off:end]...)
		if end < len(req) {
			apdu[0] |= 0x10
			if resp := process(t, a, apdu); !bytes.Equal(resp, []byte{0x90, 0x00}) {
				t.Fatalf("chained piece at %d: %x", off, resp)
			}
			if len(rec.reqs) != 0 {
				t.Fatal("the key was asked before the chain ended")
			}
			continue
		}
		resp := process(t, a, append(apdu, 0x00))
		if !bytes.Equal(resp, []byte{0x00, 0xA0, 0x90, 0x00}) {
			t.Fatalf("last piece: %x", resp)
		}
	}
	if len(rec.reqs) != 1 || !bytes.Equal(rec.reqs[0], req) {
		t.Fatalf("the key got %d requests, first %d bytes", len(rec.reqs), len(rec.reqs[0]))
	}
}

func TestChainWithAnotherINSIsRefused(t *testing.T) {
	rec := &recorder{answer: []byte{0x00}}
	a := NewApplet(rec)
	process(t, a, selectFIDO)
	process(t, a, []byte{0x90, 0x10, 0x00, 0x00, 0x01, 0x04})
	if got := sw(process(t, a, []byte{0x80, 0x11, 0x00, 0x00, 0x01, 0x04, 0x00})); got != SWLastOfChainExpected {
		t.Fatalf("chain ended by another INS: %04x", got)
	}
	if len(rec.reqs) != 0 {
		t.Fatal("a broken chain reached the key")
	}
	// The chain is gone: the next command stands alone.
	process(t, a, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})
	if len(rec.reqs) != 1 || !bytes.Equal(rec.reqs[0], []byte{0x04}) {
		t.Fatalf("requests %x", rec.reqs)
	}
}

// An answer longer than one response comes in 256-byte pieces, each
// announcing what is left with 61xx, fetched with GET RESPONSE as
// libfido2 does (CLA 80, Le from the last SW2).
func TestResponseChaining(t *testing.T) {
	answer := make([]byte, 600)
	for i := range answer {
		answer[i] = byte(i * 7)
	}
	a := NewApplet(&recorder{answer: answer})
	process(t, a, selectFIDO)
	resp := process(t, a, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})
	var got []byte
	for sw(resp)&0xFF00 == SWMoreData {
		got = append(got, resp[:len(resp)-2]...)
		left := len(answer) - len(got)
		if want := byte(min(left, 256)); resp[len(resp)-1] != want {
			t.Fatalf("SW2 %02x with %d bytes left", resp[len(resp)-1], left)
		}
		resp = process(t, a, []byte{0x80, 0xC0, 0x00, 0x00, resp[len(resp)-1]})
	}
	if sw(resp) != SWOK {
		t.Fatalf("last piece SW %04x", sw(resp))
	}
	got = append(got, resp[:len(resp)-2]...)
	if !bytes.Equal(got, answer) {
		t.Fatalf("reassembled %d bytes, want %d", len(got), len(answer))
	}
	if got := sw(process(t, a, []byte{0x80, 0xC0, 0x00, 0x00, 0x00})); got != SWConditions {
		t.Fatalf("GET RESPONSE with nothing left: %04x", got)
	}
}

func TestRefusals(t *testing.T) {
	a := NewApplet(&recorder{answer: []byte{0}})
	process(t, a, selectFIDO)
	for name, tc := range map[string]struct {
		apdu []byte
		sw   uint16
	}{
		"malformed":                  {[]byte{0x80, 0x10, 0x00, 0x00, 0x05, 0x01}, SWWrongLength},
		"empty NFCCTAP_MSG":          {[]byte{0x80, 0x10, 0x00, 0x00, 0x00}, SWWrongLength},
		"interindustry CLA":          {[]byte{0x00, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00}, SWCLANotSupported},
		"U2F register":               {[]byte{0x00, 0x01, 0x00, 0x00, 0x01, 0x04, 0x00}, SWCLANotSupported},
		"unknown INS":                {[]byte{0x80, 0x42, 0x00, 0x00, 0x01, 0x04, 0x00}, SWINSNotSupported},
		"NFCCTAP_GETRESPONSE (idle)": {[]byte{0x80, 0x11, 0x00, 0x00, 0x00}, SWConditions},
		"SELECT by file id":          {[]byte{0x00, 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00}, SWWrongP1P2},
	} {
		if got := sw(process(t, a, tc.apdu)); got != tc.sw {
			t.Errorf("%s: %04x, want %04x", name, got, tc.sw)
		}
		process(t, a, selectFIDO)
	}
}

// The applet in front of the real virtual key: getInfo over NFCCTAP_MSG
// is the key's own answer.
func TestGetInfoFromTheVirtualKey(t *testing.T) {
	k, err := virtualkey.New(virtualkey.Options{Transports: []string{"nfc"}})
	if err != nil {
		t.Fatal(err)
	}
	a := NewApplet(k)
	process(t, a, selectFIDO)
	resp := process(t, a, []byte{0x80, 0x10, 0x00, 0x00, 0x01, virtualkey.CmdGetInfo, 0x00})
	if sw(resp) != SWOK || resp[0] != 0 {
		t.Fatalf("getInfo: %x", resp)
	}
	var info struct {
		Versions   []string `cbor:"1,keyasint"`
		AAGUID     []byte   `cbor:"3,keyasint"`
		Transports []string `cbor:"9,keyasint"`
	}
	if err := cbor.Unmarshal(resp[1:len(resp)-2], &info); err != nil {
		t.Fatal(err)
	}
	if info.Versions[0] != "FIDO_2_0" || !bytes.Equal(info.AAGUID, virtualkey.DefaultAAGUID[:]) || len(info.Transports) != 1 || info.Transports[0] != "nfc" {
		t.Fatalf("getInfo %+v", info)
	}
}

// FuzzApplet: after SELECT any APDU gets a status word and never a panic.
func FuzzApplet(f *testing.F) {
	f.Add([]byte{0x90, 0x10, 0x00, 0x00, 0x01, 0x04})
	f.Add([]byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})
	f.Add([]byte{0x80, 0xC0, 0x00, 0x00, 0x00})
	k, err := virtualkey.New(virtualkey.Options{})
	if err != nil {
		f.Fatal(err)
	}
	k.ExpireResetWindow()
	a := NewApplet(k)
	f.Fuzz(func(t *testing.T, apdu []byte) {
		a.Process(context.Background(), selectFIDO)
		if resp := a.Process(context.Background(), apdu); len(resp) < 2 {
			t.Fatalf("response %x without a status word", resp)
		}
	})
}
