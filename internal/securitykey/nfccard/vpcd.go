package nfccard

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// DefaultVPCDPort is where vsmartcard's vpcd driver waits for a card
// unless its reader.conf DEVICENAME names another (/dev/null:0xPORT).
const DefaultVPCDPort = 35963

// ATR is what the card answers to reset: the PC/SC part 3 form of a
// contactless card (T=1, no historical bytes).
var ATR = []byte{0x3B, 0x80, 0x80, 0x01, 0x01}

// vpcd control messages: one byte, length 1.
const (
	ctrlPowerOff = 0x00
	ctrlPowerOn  = 0x01
	ctrlReset    = 0x02
	ctrlATR      = 0x04
)

// Card is the card side of the vpcd protocol: every message is a
// 2-byte big-endian length and that many bytes; a 1-byte message is a
// control (power off, power on, reset, get ATR), anything longer an APDU
// to answer. Only APDUs and the ATR request get an answer.
type Card struct {
	Applet *Applet
	// Power, if set, hears the reader switch the card off (false) or on
	// or reset it (true): a tap on an NFC reader powers a key up.
	Power func(on bool)
}

// Serve answers the reader on rw until it closes the connection
// (io.EOF is not an error) or sends something that breaks the protocol.
func (c *Card) Serve(ctx context.Context, rw io.ReadWriter) error {
	var hdr [2]byte
	buf := make([]byte, 0xFFFF)
	for {
		if _, err := io.ReadFull(rw, hdr[:]); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		n := int(binary.BigEndian.Uint16(hdr[:]))
		msg := buf[:n]
		if _, err := io.ReadFull(rw, msg); err != nil {
			return err
		}
		out, err := c.handle(ctx, msg)
		if err != nil {
			return err
		}
		if out == nil {
			continue
		}
		frame := binary.BigEndian.AppendUint16(make([]byte, 0, 2+len(out)), uint16(len(out)))
		if _, err := rw.Write(append(frame, out...)); err != nil {
			return err
		}
	}
}

// handle returns the answer to one message, nil for none.
func (c *Card) handle(ctx context.Context, msg []byte) ([]byte, error) {
	if len(msg) != 1 {
		return c.Applet.Process(ctx, msg), nil
	}
	switch msg[0] {
	case ctrlPowerOff:
		c.Applet.Reset()
		c.power(false)
	case ctrlPowerOn, ctrlReset:
		c.Applet.Reset()
		c.power(true)
	case ctrlATR:
		return ATR, nil
	default:
		return nil, fmt.Errorf("nfccard: unknown vpcd control 0x%02x", msg[0])
	}
	return nil, nil
}

func (c *Card) power(on bool) {
	if c.Power != nil {
		c.Power(on)
	}
}

// Inserted is a card lying on the virtual reader.
type Inserted struct {
	conn net.Conn
	done chan struct{}
	once sync.Once
	err  error
}

// Insert connects card to the vpcd driver listening at addr (reader.conf
// DEVICENAME /dev/null:0xPORT makes pcscd listen there on every address;
// vpcd's reversed mode, where the reader connects to the card, makes
// Debian's pcscd 1.9.9 abort when a slot has no card), retrying until ctx
// ends (pcscd may still be loading the driver), and serves it in the
// background.
func Insert(ctx context.Context, addr string, card *Card) (*Inserted, error) {
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			in := &Inserted{conn: conn, done: make(chan struct{})}
			go func() {
				defer close(in.done)
				in.err = card.Serve(context.Background(), conn)
			}()
			return in, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("nfccard: no vpcd reader at %s: %w", addr, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Remove takes the card off the reader and returns the error that ended
// serving it, if any.
func (in *Inserted) Remove() error {
	in.once.Do(func() { in.conn.Close() })
	<-in.done
	if errors.Is(in.err, net.ErrClosed) {
		return nil
	}
	return in.err
}

// Done is closed when the card is no longer served: the reader closed
// the connection or Remove was called.
func (in *Inserted) Done() <-chan struct{} { return in.done }
