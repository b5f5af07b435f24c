package update

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// Download is a verified file in a folder of its own that only this
// user can open. Check it again (Verify) just before it is used, and
// Remove it afterwards.
type Download struct {
	Path  string // the file
	Dir   string // its private folder, removed by Remove
	Asset Asset
}

// DownloadParent is where download folders are made: the user's cache
// folder (~/.cache/Omamori/updates, %LocalAppData%\Omamori\updates).
func DownloadParent() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "Omamori", "updates"), nil
}

// Download fetches r's file into a new private folder under parent and
// checks its size and SHA-256 against the signed feed. Only a newer
// version is fetched. On any failure nothing is left behind.
func (c *Checker) Download(ctx context.Context, r *Result, parent string) (*Download, error) {
	if r == nil || !r.Available || r.Latest.Compare(r.Current) <= 0 {
		cur, offered := "", ""
		if r != nil {
			cur, offered = r.Current.String(), r.Latest.String()
		}
		return nil, fail(ErrNotNewer, "not_newer", "", "Offered", offered, "Current", cur)
	}
	if err := r.Asset.validate(Platform()); err != nil {
		return nil, err
	}
	d := c.defaults()
	dir, err := privateDir(parent)
	if err != nil {
		return nil, err
	}
	dl := &Download{Path: filepath.Join(dir, fileName(r.Asset.URL)), Dir: dir, Asset: r.Asset}
	client := *d.Client // the same transport and roots, a longer deadline
	client.Timeout = d.Limits.Download
	if err := dl.fetch(ctx, &client); err != nil {
		dl.Remove()
		return nil, err
	}
	return dl, nil
}

// fetch streams the file to disk, at most Asset.Size+1 bytes, hashing
// as it goes; then checks what arrived.
func (dl *Download) fetch(ctx context.Context, c *http.Client) error {
	resp, err := get(ctx, c, dl.Asset.URL)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.ContentLength >= 0 && resp.ContentLength != dl.Asset.Size {
		return dl.sizeError(resp.ContentLength)
	}
	f, err := os.OpenFile(dl.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return failCause(ErrFolder, err, "folder", "", "Dir", dl.Dir)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(resp.Body, dl.Asset.Size+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return failCause(ErrUnreachable, err, "unreachable", "hint_try_later")
	}
	return dl.check(n, h)
}

// Verify checks the file on disk once more: the same size and SHA-256 as
// the signed feed says. Call it just before the file is used.
func (dl *Download) Verify() error {
	if err := checkPrivate(dl.Dir); err != nil {
		return err
	}
	f, err := os.Open(dl.Path)
	if err != nil {
		return failCause(ErrSize, err, "bad_size", "hint_try_later", "Got", 0, "Want", dl.Asset.Size)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, dl.Asset.Size+1))
	if err != nil {
		return failCause(ErrSize, err, "bad_size", "hint_try_later", "Got", n, "Want", dl.Asset.Size)
	}
	return dl.check(n, h)
}

func (dl *Download) check(n int64, h hash.Hash) error {
	if n != dl.Asset.Size {
		return dl.sizeError(n)
	}
	if got := hex.EncodeToString(h.Sum(nil)); !strings.EqualFold(got, dl.Asset.SHA256) {
		return fail(ErrHash, "bad_hash", "hint_try_later")
	}
	return nil
}

func (dl *Download) sizeError(got int64) error {
	return fail(ErrSize, "bad_size", "hint_try_later", "Got", got, "Want", dl.Asset.Size)
}

// Remove deletes the file and its folder.
func (dl *Download) Remove() error { return removeDir(dl.Dir) }

// removeAll is os.RemoveAll; a test makes it fail as it does under wine.
var removeAll = os.RemoveAll

// removeDir deletes a download folder and what is in it. Go's RemoveAll
// deletes on Windows through NtSetInformationFile (its unlinkat), which
// wine 8 answers "Invalid function": measured, a refused download stayed
// on disk there. Plain DeleteFile and RemoveDirectory (os.Remove) work, and
// a download folder holds files only, so they are the fallback.
func removeDir(dir string) error {
	err := removeAll(dir)
	if err == nil {
		return nil
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.Remove(filepath.Join(dir, e.Name()))
	}
	if rerr := os.Remove(dir); rerr != nil && !os.IsNotExist(rerr) {
		return err
	}
	return nil
}

// privateDir makes a new folder under parent that only this user can
// open (0700: os.MkdirTemp's mode), and checks that it is.
func privateDir(parent string) (string, error) {
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return "", failCause(ErrFolder, err, "folder", "", "Dir", parent)
	}
	dir, err := os.MkdirTemp(parent, "download-")
	if err != nil {
		return "", failCause(ErrFolder, err, "folder", "", "Dir", parent)
	}
	if err := checkPrivate(dir); err != nil {
		removeDir(dir)
		return "", err
	}
	return dir, nil
}

// checkPrivate refuses a folder that others could write to or read, or
// a link where the folder should be. On Windows the folder is in the
// user's own profile, whose ACL already keeps others out.
func checkPrivate(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return failCause(ErrFolder, err, "folder", "", "Dir", dir)
	}
	if !fi.IsDir() || (runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0) {
		return failCause(ErrFolder, fmt.Errorf("mode %v", fi.Mode()), "folder", "", "Dir", dir)
	}
	return nil
}

// fileName is the last part of the URL's path, if it is a plain name;
// the installer's name matters to the user who sees it run.
func fileName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "omamori-update"
	}
	name := path.Base(u.Path)
	if name == "." || name == "/" || strings.ContainsAny(name, `\:*?"<>|`) || strings.HasPrefix(name, ".") {
		return "omamori-update"
	}
	return name
}
