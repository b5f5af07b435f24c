// Package atomicfile replaces files so that a reader, or the next start
// after a crash or power cut, sees either the old content or the new one
// in full, never a mix or half a file.
package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// TempPattern is the os.CreateTemp pattern of the temporary files
// WriteFile makes next to path; a caller that knows no writer is running
// may delete what a crashed one left (filepath.Glob on it).
func TempPattern(path string) string { return filepath.Base(path) + ".tmp-*" }

// WriteFile replaces path with data: a temporary file of its own in the
// same folder (so concurrent writers never share one), synced, given
// perm, renamed over path, then the folder synced so the rename
// survives a power cut. The folder must exist.
func WriteFile(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, TempPattern(path)) // mode 0600
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if perm != 0o600 {
		if err = f.Chmod(perm); err != nil {
			return err
		}
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = Rename(f.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// WriteNew writes data to path only if nothing is there, in full or not
// at all: like WriteFile it writes and syncs a temporary file first, then
// hard-links it to path, which fails with an error matching
// fs.ErrExist if path exists — so a file that appeared meanwhile is never
// replaced. Where hard links are not supported (FAT and exFAT, as on many
// USB sticks) it claims the name with an exclusive create and renames
// the full temporary file over that empty claim: a crash in between can
// leave an empty file, never half of one.
func WriteNew(path string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, TempPattern(path))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() { _ = os.Remove(tmp) }() // after a link or a rename: nothing, or a second name
	if _, err = f.Write(data); err == nil && perm != 0o600 {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err = link(tmp, path); err == nil || errors.Is(err, os.ErrExist) {
		if err == nil {
			syncDir(dir)
		}
		return err
	}
	claim, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if err = claim.Close(); err == nil {
		err = Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(path) // our own empty claim
		return err
	}
	syncDir(dir)
	return nil
}

// Rename is os.Rename; on Windows it retries for a moment, because a
// virus scanner or the search indexer may hold a file it just saw
// written and make the rename fail with "access denied".
func Rename(from, to string) error {
	err := os.Rename(from, to)
	for i := 0; err != nil && runtime.GOOS == "windows" && i < 20; i++ {
		time.Sleep(50 * time.Millisecond)
		err = os.Rename(from, to)
	}
	return err
}

// syncDir makes a rename durable. Windows cannot sync a directory
// handle, and some file systems refuse; both are ignored.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// link is os.Link; tests replace it to take the no-hard-links path.
var link = os.Link
