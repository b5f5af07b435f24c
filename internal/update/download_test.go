package update_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

func checked(t *testing.T, s *feedServer, k testKey) (*update.Checker, *update.Result) {
	t.Helper()
	c := s.checker(t, k, "1.3.2")
	r, err := c.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c, r
}

// The file arrives in a private folder, checks out, checks out again
// before use, and is gone after Remove.
func TestDownloadVerifiedPrivateAndRemoved(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	c, r := checked(t, s, k)
	parent := filepath.Join(t.TempDir(), "updates")
	dl, err := c.Download(context.Background(), r, parent)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(dl.Path); err != nil || string(got) != string(installer) {
		t.Fatalf("file = %q, %v", got, err)
	}
	if filepath.Base(dl.Path) != "Omamori-Setup.exe" || filepath.Dir(dl.Path) != dl.Dir {
		t.Errorf("path %s", dl.Path)
	}
	if fi, err := os.Stat(dl.Dir); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700) {
		t.Errorf("folder mode %v, %v; want 0700", fi.Mode(), err)
	}
	if err := dl.Verify(); err != nil {
		t.Errorf("Verify before use: %v", err)
	}
	if err := dl.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dl.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("folder still there: %v", err)
	}
}

// Where RemoveAll fails (wine 8 answers Go's Windows unlinkat "Invalid
// function"), a refused or used download is still deleted.
func TestDownloadRemovedWhereRemoveAllFails(t *testing.T) {
	update.FailRemoveAll(t)
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	c, r := checked(t, s, k)
	parent := t.TempDir()
	dl, err := c.Download(context.Background(), r, parent)
	if err != nil {
		t.Fatal(err)
	}
	if err := dl.Remove(); err != nil {
		t.Fatal(err)
	}
	empty(t, parent)
	tampered := append([]byte(nil), installer...)
	tampered[0] ^= 1
	s.mu.Lock()
	s.asset = tampered
	s.mu.Unlock()
	if _, err := c.Download(context.Background(), r, parent); !errors.Is(err, update.ErrHash) {
		t.Fatalf("tampered download: %v", err)
	}
	empty(t, parent)
}

// A mirror that serves other bytes of the same size: wrong SHA-256,
// refused, and nothing is left on disk.
func TestDownloadRefusesWrongHash(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	c, r := checked(t, s, k)
	tampered := append([]byte(nil), installer...)
	tampered[0] ^= 1
	s.mu.Lock()
	s.asset = tampered
	s.mu.Unlock()
	parent := t.TempDir()
	_, err := c.Download(context.Background(), r, parent)
	refusal(t, err, update.ErrHash, map[i18n.Lang]string{i18n.JA: "SHA-256が異なります", i18n.EN: "its SHA-256 differs"})
	empty(t, parent)
}

// Longer or shorter than the feed says: wrong size, refused, nothing left.
func TestDownloadRefusesWrongSize(t *testing.T) {
	for _, body := range [][]byte{append(append([]byte(nil), installer...), 'x'), installer[:10]} {
		s, k := newFeedServer(t), newKey(t)
		s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
		c, r := checked(t, s, k)
		s.mu.Lock()
		s.asset = body
		s.mu.Unlock()
		parent := t.TempDir()
		_, err := c.Download(context.Background(), r, parent)
		refusal(t, err, update.ErrSize, map[i18n.Lang]string{i18n.JA: "サイズが正しくありません", i18n.EN: "wrong size"})
		empty(t, parent)
	}
	// An endless body without a length is cut at the feed's size + 1.
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	c, r := checked(t, s, k)
	s.on("/Omamori-Setup.exe", zeros(10<<30, false))
	_, err := c.Download(context.Background(), r, t.TempDir())
	refusal(t, err, update.ErrSize, map[i18n.Lang]string{i18n.EN: "wrong size"})
}

// A file changed on disk after the download (one byte) fails the check
// just before use.
func TestVerifyBeforeUseCatchesChange(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	c, r := checked(t, s, k)
	dl, err := c.Download(context.Background(), r, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer dl.Remove()
	b, _ := os.ReadFile(dl.Path)
	b[len(b)-1] ^= 1
	if err := os.WriteFile(dl.Path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	refusal(t, dl.Verify(), update.ErrHash, map[i18n.Lang]string{i18n.EN: "SHA-256"})
	if runtime.GOOS != "windows" {
		if err := os.Chmod(dl.Dir, 0o777); err != nil {
			t.Fatal(err)
		}
		refusal(t, dl.Verify(), update.ErrFolder, map[i18n.Lang]string{i18n.EN: "only you can open"})
	}
}

func empty(t *testing.T, dir string) {
	t.Helper()
	if es, err := os.ReadDir(dir); err != nil || len(es) != 0 {
		t.Errorf("%s holds %v (%v) after a refusal", dir, es, err)
	}
}
