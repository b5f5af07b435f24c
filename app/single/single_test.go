package single

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/config"
)

func TestSecondLaunchShowsFirst(t *testing.T) {
	dir := t.TempDir()
	shown := make(chan struct{}, 1)
	first, err := Acquire(dir, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if fi, err := os.Stat(filepath.Join(dir, config.Instance)); err != nil || fi.Mode().Perm()&0o077 != 0 {
		t.Fatalf("instance file missing or readable by others: %v %v", fi, err)
	}
	if _, err := Acquire(dir, nil); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Acquire = %v, want ErrRunning", err)
	}
	select {
	case <-shown:
	case <-time.After(5 * time.Second):
		t.Fatal("first instance was not asked to show its window")
	}
}

func TestStaleFileIsReplaced(t *testing.T) {
	dir := t.TempDir()
	// A port nobody listens on: take a free one, then close it.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	os.WriteFile(filepath.Join(dir, config.Instance), []byte(fmt.Sprintf("%d deadbeef\n", port)), 0o600)
	in, err := Acquire(dir, nil)
	if err != nil {
		t.Fatalf("stale file blocked start: %v", err)
	}
	in.Close()
	if _, err := os.Stat(filepath.Join(dir, config.Instance)); !os.IsNotExist(err) {
		t.Error("Close left the instance file")
	}
}

func TestWrongTokenIsIgnored(t *testing.T) {
	dir := t.TempDir()
	called := make(chan struct{}, 1)
	in, err := Acquire(dir, func() { called <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	c, err := net.Dial("tcp", in.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "wrongtoken show\n")
	buf := make([]byte, 8)
	c.SetReadDeadline(time.Now().Add(3 * time.Second))
	n, _ := c.Read(buf)
	c.Close()
	if n != 0 {
		t.Errorf("answered a wrong token: %q", buf[:n])
	}
	select {
	case <-called:
		t.Error("wrong token showed the window")
	default:
	}
}

func TestGarbageFileIsIgnored(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, config.Instance), []byte("\x00garbage"), 0o600)
	in, err := Acquire(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	in.Close()
}
