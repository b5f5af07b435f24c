package timesync

import (
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sntpServer is a minimal SNTP responder (RFC 4330 server side) on a
// loopback address whose clock is off real time by a chosen amount.
type sntpServer struct {
	Addr   string
	conn   *net.UDPConn
	offset atomic.Int64 // nanoseconds added to the real time
	mode   atomic.Int32 // answer, silent or kiss-of-death
	hits   atomic.Int32 // packets received
	wg     sync.WaitGroup
}

const (
	answer int32 = iota
	silent
	kissOfDeath
)

// startSNTP listens on ip:0 (127.0.0.x) and answers until the test ends.
func startSNTP(t *testing.T, ip string, offset time.Duration) *sntpServer {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(ip)})
	if err != nil {
		t.Fatalf("listen on %s: %v", ip, err)
	}
	s := &sntpServer{Addr: conn.LocalAddr().String(), conn: conn}
	s.offset.Store(int64(offset))
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { conn.Close(); s.wg.Wait() })
	return s
}

func (s *sntpServer) serve() {
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
		if s.mode.Load() == silent {
			continue
		}
		recv := time.Now().Add(time.Duration(s.offset.Load()))
		out := make([]byte, 48)
		version := buf[0] >> 3 & 7
		out[0] = version<<3 | 4 // leap 0, server mode
		out[1] = 1              // stratum 1
		out[2] = 6              // poll
		out[3] = 0xec           // precision 2^-20
		copy(out[12:16], "LOCL")
		if s.mode.Load() == kissOfDeath {
			out[1] = 0
			copy(out[12:16], "RATE")
		}
		binary.BigEndian.PutUint32(out[8:12], 1<<16/100) // root dispersion 10 ms
		putTime(out[16:], recv.Add(-time.Minute))         // reference time
		copy(out[24:32], buf[40:48])                      // origin = client's transmit
		putTime(out[32:], recv)
		putTime(out[40:], time.Now().Add(time.Duration(s.offset.Load())))
		s.conn.WriteToUDP(out, from) //nolint:errcheck
	}
}

// putTime writes an NTP era-0 timestamp.
func putTime(b []byte, t time.Time) {
	d := t.Sub(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))
	sec := uint64(d / time.Second)
	frac := uint64(d%time.Second) << 32 / uint64(time.Second)
	binary.BigEndian.PutUint64(b, sec<<32|frac)
}

// closedUDP returns a loopback address where nothing listens.
func closedUDP(t *testing.T, ip string) string {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.ParseIP(ip)})
	if err != nil {
		t.Fatal(err)
	}
	addr := c.LocalAddr().String()
	c.Close()
	return addr
}

// fakeClock is the real clock shifted: Shift moves the PC clock (as if
// the user set it), Pass moves time on (PC clock and uptime alike).
type fakeClock struct {
	mu        sync.Mutex
	wall, run time.Duration
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.Now().Add(f.wall)
}

func (f *fakeClock) Uptime() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return uptime() + f.run
}

func (f *fakeClock) Shift(d time.Duration) { f.mu.Lock(); f.wall += d; f.mu.Unlock() }
func (f *fakeClock) Pass(d time.Duration)  { f.mu.Lock(); f.wall += d; f.run += d; f.mu.Unlock() }
