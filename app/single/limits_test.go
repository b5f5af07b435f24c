package single

import (
	"bufio"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A handler reads one short line, not whatever a local process sends:
// a megabyte of spaces before the right request is refused, because the
// request must come within the first few bytes.
func TestLongRequestIsNotRead(t *testing.T) {
	called := make(chan struct{}, 1)
	in, err := Acquire(t.TempDir(), func() { called <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	c, err := net.Dial("tcp", in.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	go fmt.Fprintf(c, "%s%s %s\n", strings.Repeat(" ", 1<<20), in.tok, askShow)
	reply, _ := bufio.NewReader(c).ReadString('\n')
	if reply != "" {
		t.Errorf("answered %q after a megabyte of padding", reply)
	}
	select {
	case <-called:
		t.Error("a padded request showed the window")
	case <-time.After(100 * time.Millisecond):
	}
}

// Many idle connections take at most maxHandlers goroutines, and once
// they time out the real request is answered again.
func TestConnectionsAreCapped(t *testing.T) {
	dir := t.TempDir()
	shown := make(chan struct{}, 1)
	in, err := Acquire(dir, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	before := runtime.NumGoroutine()
	var conns []net.Conn
	for range 200 {
		c, err := net.Dial("tcp", in.ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	peak := 0
	for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		peak = max(peak, runtime.NumGoroutine()-before)
	}
	if peak > maxHandlers+2 {
		t.Errorf("%d idle connections took %d more goroutines, want at most %d", len(conns), peak, maxHandlers+2)
	}
	for _, c := range conns {
		c.Close()
	}
	if !askRunning(in.path) {
		t.Fatal("the real request was not answered after the idle connections closed")
	}
	<-shown
}
