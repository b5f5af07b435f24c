// Package timesynctest provides time servers on loopback addresses for
// tests: a minimal SNTP responder with a chosen offset (StartSNTP), a
// real chronyd whose clock is shifted with libfaketime (StartChrony), and
// HTTPS Date servers with certificates from a throw-away CA
// (NewCA, StartHTTPSDate).
// Linux treats all of 127.0.0.0/8 as loopback, so servers on 127.0.0.1
// and 127.0.0.2 count as different hosts.
package timesynctest

import (
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Mode is how the SNTP responder behaves.
type Mode int32

// Modes.
const (
	Answer      Mode = iota // answer with the server's time
	Silent                  // read the packet, answer nothing (a firewall)
	KissOfDeath             // answer stratum 0 "RATE" (slow down)
)

// Server is a minimal SNTP responder (the server side of RFC 4330) whose
// clock is real time plus an offset.
type Server struct {
	Addr   string // "127.0.0.1:port"
	conn   *net.UDPConn
	offset atomic.Int64
	mode   atomic.Int32
	hits   atomic.Int32
	wg     sync.WaitGroup
}

// StartSNTP listens on ip:0 (a loopback address) and answers until the
// test ends.
func StartSNTP(t testing.TB, ip string, offset time.Duration) *Server {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(ip)})
	if err != nil {
		t.Fatalf("listen on %s: %v", ip, err)
	}
	s := &Server{Addr: conn.LocalAddr().String(), conn: conn}
	s.offset.Store(int64(offset))
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { conn.Close(); s.wg.Wait() })
	return s
}

// SetOffset changes the server's clock.
func (s *Server) SetOffset(d time.Duration) { s.offset.Store(int64(d)) }

// SetMode changes how the server answers.
func (s *Server) SetMode(m Mode) { s.mode.Store(int32(m)) }

// Hits counts the packets the server received.
func (s *Server) Hits() int { return int(s.hits.Load()) }

func (s *Server) serve() {
	defer s.wg.Done()
	buf := make([]byte, 512)
	for {
		n, from, err := s.conn.ReadFromUDP(buf)
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil || n < 48 {
			continue
		}
		s.hits.Add(1)
		mode := Mode(s.mode.Load())
		if mode == Silent {
			continue
		}
		now := func() time.Time { return time.Now().Add(time.Duration(s.offset.Load())) }
		recv := now()
		out := make([]byte, 48)
		out[0] = (buf[0]>>3&7)<<3 | 4                    // leap 0, the client's version, server mode
		out[1] = 1                                       // stratum 1
		out[2] = 6                                       // poll 64 s
		out[3] = 0xec                                    // precision 2^-20 s
		binary.BigEndian.PutUint32(out[8:12], 1<<16/100) // root dispersion 10 ms
		copy(out[12:16], "LOCL")
		if mode == KissOfDeath {
			out[1] = 0
			copy(out[12:16], "RATE")
		}
		putTime(out[16:], recv.Add(-time.Minute)) // reference time
		copy(out[24:32], buf[40:48])              // origin = the client's transmit field
		putTime(out[32:], recv)
		putTime(out[40:], now())
		s.conn.WriteToUDP(out, from) //nolint:errcheck // a lost answer is what UDP does
	}
}

// putTime writes an NTP era-0 timestamp.
func putTime(b []byte, t time.Time) {
	d := t.Sub(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))
	sec := uint64(d / time.Second)
	frac := uint64(d%time.Second) << 32 / uint64(time.Second)
	binary.BigEndian.PutUint64(b, sec<<32|frac)
}

// ClosedUDP returns an ip:port where nothing listens.
func ClosedUDP(t testing.TB, ip string) string {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(ip)})
	if err != nil {
		t.Fatal(err)
	}
	addr := c.LocalAddr().String()
	c.Close()
	return addr
}
