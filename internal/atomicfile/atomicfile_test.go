package atomicfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/atomicfile"
)

func temps(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(path), atomicfile.TempPattern(path)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriteFileReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	for _, want := range []string{"first\n", "second, longer than the first\n", "3\n"} {
		if err := atomicfile.WriteFile(path, []byte(want), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Fatalf("read %q, %v; want %q", got, err, want)
		}
	}
	if m := temps(t, path); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
}

func TestWriteFilePerm(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := t.TempDir()
	for _, perm := range []os.FileMode{0o600, 0o644} {
		path := filepath.Join(dir, fmt.Sprintf("f%o", perm))
		if err := atomicfile.WriteFile(path, []byte("x"), perm); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != perm {
			t.Errorf("%s: mode %o, want %o", path, fi.Mode().Perm(), perm)
		}
	}
}

// A write that cannot finish leaves the old file and no temporary file.
func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "data")
	if err := os.Mkdir(path, 0o700); err != nil { // renaming a file over a folder fails
		t.Fatal(err)
	}
	if err := atomicfile.WriteFile(path, []byte("new"), 0o600); err == nil {
		t.Fatal("WriteFile over a folder succeeded")
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Fatalf("the folder was not kept: %v", err)
	}
	if m := temps(t, path); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, "missing", "f"), []byte("x"), 0o600); err == nil {
		t.Fatal("WriteFile into a missing folder succeeded")
	}
}

func payload(i, n int) []byte { return bytes.Repeat([]byte{byte('A' + i%26)}, n) }

// complete reports whether b is one whole payload of size n.
func complete(b []byte, n int) bool {
	return len(b) == n && bytes.Count(b, b[:1]) == n
}

// Concurrent writers each use a temporary file of their own: every write
// succeeds, a reader in between only ever sees a whole payload, and the
// last one standing is whole too.
func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.json")
	const size = 64 << 10
	if err := atomicfile.WriteFile(path, payload(25, size), 0o600); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	readerDone := make(chan error)
	go func() {
		for {
			select {
			case <-stop:
				readerDone <- nil
				return
			default:
			}
			b, err := os.ReadFile(path)
			if err != nil && runtime.GOOS == "windows" {
				continue // a rename in progress may deny the open there
			}
			if err != nil || !complete(b, size) {
				readerDone <- fmt.Errorf("reader saw %d bytes, %v", len(b), err)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 8*10)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				errs <- atomicfile.WriteFile(path, payload(w, size), 0o600)
			}
		}()
	}
	wg.Wait()
	close(stop)
	if err := <-readerDone; err != nil {
		t.Fatal(err)
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil || !complete(b, size) {
		t.Fatalf("final file: %d bytes, %v", len(b), err)
	}
	if m := temps(t, path); len(m) != 0 {
		t.Fatalf("temporary files left: %v", m)
	}
}

// A writer killed at a random moment leaves the old content or the new
// one in full (and perhaps a temporary file, never the target half
// written). The writer is this test binary run again as a child that
// rewrites the file in a loop until it is killed.
func TestCrashLeavesOldOrNew(t *testing.T) {
	if os.Getenv("ATOMICFILE_CHILD") != "" {
		return
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	path := filepath.Join(t.TempDir(), "accounts.json")
	const size = 1 << 20
	if err := atomicfile.WriteFile(path, payload(0, size), 0o600); err != nil {
		t.Fatal(err)
	}
	seen := map[byte]bool{}
	for round := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), "ATOMICFILE_CHILD="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+round*37) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		b, err := os.ReadFile(path)
		if err != nil || !complete(b, size) {
			t.Fatalf("round %d: after the kill the file has %d bytes (%v), not one whole version", round, len(b), err)
		}
		seen[b[0]] = true
	}
	// The child writes A, B, C…: more than the first letter means kills
	// landed on a writer at work, not before it began.
	t.Logf("versions seen after kills: %d", len(seen))
}

// TestCrashChild is the writer TestCrashLeavesOldOrNew kills.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("ATOMICFILE_CHILD")
	if path == "" {
		t.Skip("run by TestCrashLeavesOldOrNew")
	}
	for i := 0; ; i++ {
		if err := atomicfile.WriteFile(path, payload(i, 1<<20), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteNewNeverReplaces(t *testing.T) {
	for _, links := range []bool{true, false} {
		t.Run(fmt.Sprintf("hardlinks=%v", links), func(t *testing.T) {
			if !links {
				defer atomicfile.NoHardLinks()()
			}
			path := filepath.Join(t.TempDir(), "omamori.omamori-backup.age")
			if err := atomicfile.WriteNew(path, []byte("first"), 0o600); err != nil {
				t.Fatal(err)
			}
			err := atomicfile.WriteNew(path, []byte("second"), 0o600)
			if !errors.Is(err, fs.ErrExist) {
				t.Fatalf("second WriteNew: %v, want fs.ErrExist", err)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != "first" {
				t.Fatalf("read %q, %v; want the first content kept", got, err)
			}
			if m := temps(t, path); len(m) != 0 {
				t.Fatalf("temporary files left: %v", m)
			}
			if runtime.GOOS != "windows" {
				if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
					t.Fatalf("mode %v, %v; want 0600", st.Mode(), err)
				}
			}
		})
	}
}
