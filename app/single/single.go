// Package single keeps Omamori to one running window per user: the first
// launch listens on a loopback port and writes the port with a random
// token to a file in the config dir (readable only by the user); a later
// launch finds the file, asks the first to show its window, and exits.
//
// Loopback TCP works the same on Windows, macOS and Linux. The token means
// another local user's process cannot make our window jump to the front.
// No Fyne here, so the logic is tested without a display.
package single

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/omamori-app/omamori/internal/atomicfile"
	"github.com/omamori-app/omamori/internal/config"
)

const (
	dialTimeout = 2 * time.Second
	askShow     = "show"
	replyOK     = "ok"
	// maxRequest is the longest request line read: a 32-character token,
	// " show" and the newline fit; anything longer is not ours.
	maxRequest = 64
	// maxHandlers bounds the connections handled at once, so a local
	// process opening thousands cannot make us hold thousands of
	// goroutines; each frees its slot within dialTimeout.
	maxHandlers = 8
)

// Instance is the running first launch.
type Instance struct {
	ln   net.Listener
	path string
	tok  string
	once sync.Once
}

// ErrRunning is returned by Acquire when another instance took the request.
var ErrRunning = errors.New("omamori is already running")

// Acquire becomes the single instance for dir, or, if one already runs,
// asks it to show its window and returns ErrRunning. onShow runs (on the
// listener's goroutine) whenever a later launch asks: the window passes
// its session's AskShow (app/session), which hops to the UI's goroutine.
func Acquire(dir string, onShow func()) (*Instance, error) {
	path := filepath.Join(dir, config.Instance)
	if askRunning(path) {
		return nil, ErrRunning
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	tok, err := token()
	if err != nil {
		ln.Close()
		return nil, err
	}
	in := &Instance{ln: ln, path: path, tok: tok}
	if err := writeFile(path, fmt.Sprintf("%d %s\n", ln.Addr().(*net.TCPAddr).Port, tok)); err != nil {
		ln.Close()
		return nil, err
	}
	go in.serve(onShow)
	return in, nil
}

// Close stops listening and removes the instance file if it is still ours.
func (in *Instance) Close() error {
	var err error
	in.once.Do(func() {
		err = in.ln.Close()
		if b, rerr := os.ReadFile(in.path); rerr == nil && strings.Contains(string(b), in.tok) {
			os.Remove(in.path)
		}
	})
	return err
}

func (in *Instance) serve(onShow func()) {
	slots := make(chan struct{}, maxHandlers)
	for {
		// Take a slot before accepting: further connections wait in the
		// kernel's backlog instead of each getting a goroutine.
		slots <- struct{}{}
		c, err := in.ln.Accept()
		if err != nil {
			return // closed
		}
		go func() {
			defer func() { <-slots }()
			in.handle(c, onShow)
		}()
	}
}

func (in *Instance) handle(c net.Conn, onShow func()) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(dialTimeout))
	line, err := bufio.NewReaderSize(io.LimitReader(c, maxRequest), maxRequest).ReadString('\n')
	if err != nil {
		return
	}
	if strings.TrimSpace(line) != in.tok+" "+askShow {
		return // not one of ours: no answer
	}
	fmt.Fprintln(c, replyOK)
	if onShow != nil {
		onShow()
	}
}

// askRunning reports whether an instance named in path answered our request.
// A stale file (crashed instance, reused port) gets no "ok" and is replaced.
func askRunning(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var port int
	var tok string
	if _, err := fmt.Sscanf(string(b), "%d %s", &port, &tok); err != nil || port <= 0 || port > 65535 {
		return false
	}
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), dialTimeout)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(dialTimeout))
	if _, err := fmt.Fprintf(c, "%s %s\n", tok, askShow); err != nil {
		return false
	}
	reply, _ := bufio.NewReader(c).ReadString('\n')
	return strings.TrimSpace(reply) == replyOK
}

func token() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func writeFile(path, s string) error {
	return atomicfile.WriteFile(path, []byte(s), 0o600)
}
