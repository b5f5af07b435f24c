package virtualkey

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"
)

// hidHost is a minimal CTAPHID host over one HIDConn.
type hidHost struct {
	t    *testing.T
	conn *HIDConn
	in   chan []byte
}

func newHost(t *testing.T, k *Key) *hidHost {
	h := &hidHost{t: t, in: make(chan []byte, 1024)}
	h.conn = k.NewHIDConn(func(p []byte) error { h.in <- append([]byte(nil), p...); return nil })
	t.Cleanup(h.conn.Close)
	return h
}

// send frames a message as libfido2 does: 65-byte writes with report id 0.
func (h *hidHost) send(cid uint32, cmd byte, data []byte) {
	p := make([]byte, 65)
	binary.BigEndian.PutUint32(p[1:5], cid)
	p[5] = cmd | 0x80
	binary.BigEndian.PutUint16(p[6:8], uint16(len(data)))
	n := copy(p[8:], data)
	h.conn.Receive(p)
	for seq := byte(0); n < len(data); seq++ {
		p = make([]byte, 65)
		binary.BigEndian.PutUint32(p[1:5], cid)
		p[5] = seq
		n += copy(p[6:], data[n:])
		h.conn.Receive(p)
	}
}

// recv reassembles the next message that is not a keepalive.
func (h *hidHost) recv(cid uint32) (byte, []byte) {
	h.t.Helper()
	for {
		p := h.next()
		if binary.BigEndian.Uint32(p[0:4]) != cid {
			h.t.Fatalf("reply on channel %08x, want %08x", binary.BigEndian.Uint32(p[0:4]), cid)
		}
		cmd := p[4] & 0x7F
		if cmd == hidKeepalive {
			continue
		}
		n := int(binary.BigEndian.Uint16(p[5:7]))
		data := append([]byte(nil), p[7:7+min(n, 57)]...)
		for seq := byte(0); len(data) < n; seq++ {
			c := h.next()
			if c[4] != seq {
				h.t.Fatalf("seq %d, want %d", c[4], seq)
			}
			data = append(data, c[5:5+min(n-len(data), 59)]...)
		}
		return cmd, data
	}
}

func (h *hidHost) next() []byte {
	h.t.Helper()
	select {
	case p := <-h.in:
		if len(p) != ReportLen {
			h.t.Fatalf("report of %d bytes", len(p))
		}
		return p
	case <-time.After(5 * time.Second):
		h.t.Fatal("no reply")
		return nil
	}
}

func (h *hidHost) init() uint32 {
	h.t.Helper()
	nonce := []byte("12345678")
	h.send(broadcastCID, hidInit, nonce)
	cmd, data := h.recv(broadcastCID)
	if cmd != hidInit || len(data) != 17 || !bytes.Equal(data[:8], nonce) {
		h.t.Fatalf("INIT reply %x % x", cmd, data)
	}
	if data[16]&capCBOR == 0 || data[16]&capNMSG == 0 {
		h.t.Fatalf("capabilities %02x", data[16])
	}
	return binary.BigEndian.Uint32(data[8:12])
}

func TestHIDChannelsUniqueAcrossConnections(t *testing.T) {
	k, _ := newKey(t, Options{})
	seen := map[uint32]bool{}
	for i := 0; i < 3; i++ {
		h := newHost(t, k)
		for j := 0; j < 2; j++ {
			cid := h.init()
			if cid == 0 || cid == broadcastCID || seen[cid] {
				t.Fatalf("channel id %08x reused or reserved", cid)
			}
			seen[cid] = true
		}
	}
}

func TestHIDPingAndErrors(t *testing.T) {
	k, _ := newKey(t, Options{})
	h := newHost(t, k)
	cid := h.init()
	payload := bytes.Repeat([]byte("omamori-"), 40) // 320 bytes: several packets
	h.send(cid, hidPing, payload)
	if cmd, data := h.recv(cid); cmd != hidPing || !bytes.Equal(data, payload) {
		t.Fatalf("PING echo %x, %d bytes", cmd, len(data))
	}
	h.send(cid, hidMsg, []byte{0, 1, 0, 0})
	if cmd, data := h.recv(cid); cmd != hidError || data[0] != hidErrInvalidCmd {
		t.Fatalf("MSG: %x % x", cmd, data)
	}
	h.send(0x01020304, hidPing, []byte{1})
	if cmd, data := h.recv(0x01020304); cmd != hidError || data[0] != hidErrInvalidChannel {
		t.Fatalf("unknown channel: %x % x", cmd, data)
	}
	// A continuation out of sequence.
	p := make([]byte, 64)
	binary.BigEndian.PutUint32(p, cid)
	p[4], p[6] = hidPing|0x80, 100
	h.conn.Receive(p)
	p[4] = 5
	h.conn.Receive(p)
	if cmd, data := h.recv(cid); cmd != hidError || data[0] != hidErrInvalidSeq {
		t.Fatalf("bad sequence: %x % x", cmd, data)
	}
	h.send(cid, hidWink, nil)
	if cmd, _ := h.recv(cid); cmd != hidWink {
		t.Fatalf("WINK: %x", cmd)
	}
}

func TestHIDCBORKeepaliveAndCancel(t *testing.T) {
	k, _ := newKey(t, Options{})
	pad := NewTouchPad(10 * time.Second)
	k.SetPresence(pad)
	h := newHost(t, k)
	cid := h.init()

	h.send(cid, hidCBOR, []byte{CmdGetInfo})
	if cmd, data := h.recv(cid); cmd != hidCBOR || data[0] != 0 || len(data) < 20 {
		t.Fatalf("getInfo: %x % x", cmd, data)
	}

	h.send(cid, hidCBOR, []byte{CmdSelection})
	<-pad.Requests()
	// The key tells the host it waits for the user.
	for {
		p := h.next()
		if p[4]&0x7F == hidKeepalive {
			if p[7] != 2 {
				t.Fatalf("keepalive status %d, want 2 (UP needed)", p[7])
			}
			break
		}
	}
	h.send(cid, hidCBOR, []byte{CmdGetInfo})
	if cmd, data := h.recv(cid); cmd != hidError || data[0] != hidErrChannelBusy {
		t.Fatalf("second request while busy: %x % x", cmd, data)
	}
	h.send(cid, hidCancel, nil)
	if cmd, data := h.recv(cid); cmd != hidCBOR || Status(data[0]) != StatusKeepaliveCancel {
		t.Fatalf("cancelled: %x % x", cmd, data)
	}
}
