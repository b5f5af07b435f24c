package virtualkey

import (
	"context"
	"encoding/binary"
	"sync"
	"time"
)

// CTAPHID commands (without the 0x80 init-packet bit).
const (
	hidPing      = 0x01
	hidMsg       = 0x03
	hidInit      = 0x06
	hidWink      = 0x08
	hidCBOR      = 0x10
	hidCancel    = 0x11
	hidKeepalive = 0x3B
	hidError     = 0x3F
)

// CTAPHID error codes.
const (
	hidErrInvalidCmd     = 0x01
	hidErrInvalidLen     = 0x03
	hidErrInvalidSeq     = 0x04
	hidErrChannelBusy    = 0x06
	hidErrInvalidChannel = 0x0B
)

const (
	// ReportLen is the size of one CTAPHID report (without report id).
	ReportLen     = 64
	broadcastCID  = 0xFFFFFFFF
	maxHIDPayload = ReportLen - 7 + 128*(ReportLen-5)
	capWink       = 0x01
	capCBOR       = 0x04
	capNMSG       = 0x08 // no CTAP1/U2F MSG
	keepaliveTick = 100 * time.Millisecond
)

// HIDConn is one open handle on the key's HID interface: it turns
// CTAPHID reports into CTAP2 requests and back. Channel ids are unique
// across all connections of a Key.
type HIDConn struct {
	key  *Key
	send func(report []byte) error

	sendMu sync.Mutex // one message's packets go out together

	mu       sync.Mutex
	channels map[uint32]*hidChannel
	closed   bool
}

type hidChannel struct {
	// message being assembled
	cmd  byte
	need int
	buf  []byte
	seq  byte
	// running CBOR request
	cancel context.CancelFunc
}

// NewHIDConn opens a handle. send gets each 64-byte output report; an
// error from it ends nothing (the reader notices a closed transport).
func (k *Key) NewHIDConn(send func(report []byte) error) *HIDConn {
	return &HIDConn{key: k, send: send, channels: map[uint32]*hidChannel{}}
}

// Close cancels any request still running on this handle.
func (c *HIDConn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, ch := range c.channels {
		if ch.cancel != nil {
			ch.cancel()
		}
	}
}

// Receive handles one output report from the host: 64 bytes, or 65 with
// a leading report id 0 as libfido2 writes them.
func (c *HIDConn) Receive(report []byte) {
	if len(report) == ReportLen+1 {
		report = report[1:]
	}
	if len(report) != ReportLen {
		return
	}
	cid := binary.BigEndian.Uint32(report[0:4])
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || cid == 0 {
		return
	}
	if report[4]&0x80 == 0 {
		c.continuation(cid, report)
		return
	}
	cmd := report[4] & 0x7F
	n := int(binary.BigEndian.Uint16(report[5:7]))
	ch := c.channels[cid]
	switch {
	case cmd == hidCancel:
		if ch != nil && ch.cancel != nil {
			ch.cancel()
		}
		return
	case cmd == hidInit:
		if n != 8 {
			c.sendErrorLocked(cid, hidErrInvalidLen)
			return
		}
		c.init(cid, ch, report[7:15])
		return
	case cid == broadcastCID || ch == nil:
		c.sendErrorLocked(cid, hidErrInvalidChannel)
		return
	case n > maxHIDPayload:
		c.sendErrorLocked(cid, hidErrInvalidLen)
		return
	}
	ch.cmd, ch.need, ch.seq = cmd, n, 0
	ch.buf = append(ch.buf[:0], report[7:7+min(n, ReportLen-7)]...)
	c.maybeDispatch(cid, ch)
}

func (c *HIDConn) continuation(cid uint32, report []byte) {
	ch := c.channels[cid]
	if ch == nil || ch.need == 0 {
		return // spurious continuation: ignored, as the spec allows
	}
	if report[4] != ch.seq {
		ch.need = 0
		c.sendErrorLocked(cid, hidErrInvalidSeq)
		return
	}
	ch.seq++
	ch.buf = append(ch.buf, report[5:5+min(ch.need-len(ch.buf), ReportLen-5)]...)
	c.maybeDispatch(cid, ch)
}

func (c *HIDConn) init(cid uint32, ch *hidChannel, nonce []byte) {
	newCID := cid
	if cid == broadcastCID {
		for {
			newCID = c.key.nextCID.Add(1)
			if newCID != 0 && newCID != broadcastCID {
				break
			}
		}
		c.channels[newCID] = &hidChannel{}
	} else if ch != nil {
		ch.need = 0 // resynchronise: drop a half-received message...
		if ch.cancel != nil {
			ch.cancel() // ...and abort a running request
		}
	} else {
		c.sendErrorLocked(cid, hidErrInvalidChannel)
		return
	}
	resp := make([]byte, 0, 17)
	resp = append(resp, nonce...)
	resp = binary.BigEndian.AppendUint32(resp, newCID)
	resp = append(resp, 2, 1, 0, 0, capWink|capCBOR|capNMSG) // CTAPHID v2, device version 1.0.0
	c.sendLocked(cid, hidInit, resp)
}

func (c *HIDConn) maybeDispatch(cid uint32, ch *hidChannel) {
	if len(ch.buf) < ch.need {
		return
	}
	cmd, data := ch.cmd, append([]byte(nil), ch.buf...)
	ch.need, ch.buf = 0, ch.buf[:0]
	switch cmd {
	case hidPing:
		c.sendLocked(cid, hidPing, data)
	case hidWink:
		c.sendLocked(cid, hidWink, nil)
	case hidCBOR:
		if ch.cancel != nil {
			c.sendErrorLocked(cid, hidErrChannelBusy)
			return
		}
		ctx, cancel := context.WithCancel(context.Background())
		ch.cancel = cancel
		go c.runCBOR(ctx, cid, ch, data)
	default: // hidMsg (no U2F) and anything else
		c.sendErrorLocked(cid, hidErrInvalidCmd)
	}
}

// runCBOR runs a CTAP2 request, sending keepalives while it works.
func (c *HIDConn) runCBOR(ctx context.Context, cid uint32, ch *hidChannel, req []byte) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(keepaliveTick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				status := byte(1) // processing
				if c.key.WaitingForTouch() {
					status = 2 // user presence needed
				}
				c.sendMsg(cid, hidKeepalive, []byte{status})
			}
		}
	}()
	resp := c.key.CTAP2(ctx, req)
	close(done)
	<-stopped
	c.mu.Lock()
	ch.cancel = nil
	closed := c.closed
	c.mu.Unlock()
	if !closed {
		c.sendMsg(cid, hidCBOR, resp)
	}
}

// sendErrorLocked and sendLocked are for callers holding c.mu. Lock order
// is mu → sendMu; sendMu holders never wait for mu.
func (c *HIDConn) sendErrorLocked(cid uint32, code byte) {
	c.sendMsg(cid, hidError, []byte{code})
}

func (c *HIDConn) sendLocked(cid uint32, cmd byte, data []byte) { c.sendMsg(cid, cmd, data) }

// sendMsg frames one message into an init packet and continuations.
func (c *HIDConn) sendMsg(cid uint32, cmd byte, data []byte) {
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	p := make([]byte, ReportLen)
	binary.BigEndian.PutUint32(p[0:4], cid)
	p[4] = cmd | 0x80
	binary.BigEndian.PutUint16(p[5:7], uint16(len(data)))
	n := copy(p[7:], data)
	if c.send(p) != nil {
		return
	}
	for seq := byte(0); n < len(data); seq++ {
		p = make([]byte, ReportLen)
		binary.BigEndian.PutUint32(p[0:4], cid)
		p[4] = seq
		n += copy(p[5:], data[n:])
		if c.send(p) != nil {
			return
		}
	}
}
