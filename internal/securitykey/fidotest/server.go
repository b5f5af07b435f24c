//go:build linux

package fidotest

import (
	"net"
	"os"
	"sync"

	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// Server serves a virtual key's HID interface on an AF_UNIX SOCK_SEQPACKET
// socket, one goroutine per connection, for the hidshim to connect to.
// Stopping it removes the socket file: the key is unplugged.
type Server struct {
	key  *virtualkey.Key
	path string

	mu    sync.Mutex
	ln    *net.UnixListener
	conns map[*net.UnixConn]bool
	wg    sync.WaitGroup
}

// Serve starts serving k on socketPath (which must not exist).
func Serve(k *virtualkey.Key, socketPath string) (*Server, error) {
	s := &Server{key: k, path: socketPath, conns: map[*net.UnixConn]bool{}}
	if err := s.listen(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) listen() error {
	ln, err := net.ListenUnix("unixpacket", &net.UnixAddr{Name: s.path, Net: "unixpacket"})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	s.wg.Add(1)
	go s.accept(ln)
	return nil
}

func (s *Server) accept(ln *net.UnixListener) {
	defer s.wg.Done()
	for {
		c, err := ln.AcceptUnix()
		if err != nil {
			return // listener closed
		}
		s.mu.Lock()
		if s.ln != ln { // stopped meanwhile
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serve(c)
	}
}

func (s *Server) serve(c *net.UnixConn) {
	defer s.wg.Done()
	hc := s.key.NewHIDConn(func(report []byte) error {
		_, err := c.Write(report)
		return err
	})
	defer func() {
		hc.Close()
		c.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	buf := make([]byte, 256)
	for {
		n, err := c.Read(buf)
		if err != nil || n == 0 {
			return
		}
		hc.Receive(buf[:n])
	}
}

// Stop closes the listener and every connection and removes the socket.
// Reads on the client side then fail as for a removed device.
func (s *Server) Stop() {
	s.mu.Lock()
	ln := s.ln
	s.ln = nil
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	if ln != nil {
		ln.Close() // unlinks the socket file
	}
	s.wg.Wait()
	_ = os.Remove(s.path) // normally gone already
}

// Restart listens again after Stop.
func (s *Server) Restart() error {
	s.mu.Lock()
	running := s.ln != nil
	s.mu.Unlock()
	if running {
		return nil
	}
	return s.listen()
}
