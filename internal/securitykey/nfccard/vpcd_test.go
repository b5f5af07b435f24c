package nfccard

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"
)

func writeFrame(t *testing.T, w io.Writer, msg []byte) {
	t.Helper()
	if _, err := w.Write(append(binary.BigEndian.AppendUint16(nil, uint16(len(msg))), msg...)); err != nil {
		t.Fatal(err)
	}
}

func readFrame(t *testing.T, r io.Reader) []byte {
	t.Helper()
	var hdr [2]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		t.Fatal(err)
	}
	msg := make([]byte, binary.BigEndian.Uint16(hdr[:]))
	if _, err := io.ReadFull(r, msg); err != nil {
		t.Fatal(err)
	}
	return msg
}

// The card side of vpcd over a real loopback TCP connection, the reader
// played by the test: controls get no answer, the ATR and APDUs do.
func TestVPCDFraming(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var powers []bool
	card := &Card{Applet: NewApplet(&recorder{answer: []byte{0x00, 0xAB}}), Power: func(on bool) { powers = append(powers, on) }}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	in, err := Insert(ctx, ln.Addr().String(), card)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	_ = reader.SetDeadline(time.Now().Add(10 * time.Second))

	writeFrame(t, reader, []byte{ctrlPowerOn})
	writeFrame(t, reader, []byte{ctrlATR})
	if got := readFrame(t, reader); !bytes.Equal(got, ATR) {
		t.Fatalf("ATR %x", got)
	}
	writeFrame(t, reader, append(selectFIDO, 0x00))
	if got := readFrame(t, reader); string(got) != "FIDO_2_0\x90\x00" {
		t.Fatalf("SELECT answer %q", got)
	}
	writeFrame(t, reader, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})
	if got := readFrame(t, reader); !bytes.Equal(got, []byte{0x00, 0xAB, 0x90, 0x00}) {
		t.Fatalf("NFCCTAP_MSG answer %x", got)
	}
	// Power off deselects: the applet must be selected again.
	writeFrame(t, reader, []byte{ctrlPowerOff})
	writeFrame(t, reader, []byte{0x80, 0x10, 0x00, 0x00, 0x01, 0x04, 0x00})
	if got := readFrame(t, reader); !bytes.Equal(got, []byte{0x69, 0x85}) {
		t.Fatalf("after power off %x", got)
	}
	reader.Close() // the reader goes away: serving ends without an error
	select {
	case <-in.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("card still served after the reader closed")
	}
	if err := in.Remove(); err != nil {
		t.Fatal(err)
	}
	if len(powers) != 2 || !powers[0] || powers[1] {
		t.Fatalf("power events %v", powers)
	}
}

func TestVPCDUnknownControlEndsServing(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	done := make(chan error, 1)
	go func() { done <- (&Card{Applet: NewApplet(&recorder{})}).Serve(context.Background(), b) }()
	writeFrame(t, a, []byte{0x09})
	if err := <-done; err == nil {
		t.Fatal("unknown control accepted")
	}
}

func TestInsertGivesUpWithoutReader(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := Insert(ctx, addr, &Card{Applet: NewApplet(&recorder{})}); err == nil {
		t.Fatal("inserted into no reader")
	}
}
