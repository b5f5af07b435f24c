// Package release is the release side of the update channel: it makes
// the feed from the built files and checks a signed feed exactly as a
// client will, before it is published. Signing is not here: the
// release manager signs with `minisign -S` and a key kept off the build
// machine (scripts/release-feed.sh, docs/release.md).
package release

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/update"
)

// File is one platform's built file and the https:// URL it will be
// published at.
type File struct {
	Platform string // "windows-amd64"
	Path     string // the file on this machine
	URL      string
}

// ParseFile reads "PLATFORM=PATH=URL".
func ParseFile(s string) (File, error) {
	parts := strings.SplitN(s, "=", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return File{}, fmt.Errorf("%q: want PLATFORM=PATH=URL", s)
	}
	return File{Platform: parts[0], Path: parts[1], URL: parts[2]}, nil
}

// Spec is what a release says besides its files.
type Spec struct {
	Version, Minimum string
	Security         bool
	NotesJA, NotesEN string
	Expires          time.Time
	Files            []File
}

// Make returns the feed's JSON for spec, with each file's size and
// SHA-256 measured here, checked as a client checks it.
func Make(spec Spec) ([]byte, error) {
	f := update.Feed{
		Format: update.FeedFormat, Version: spec.Version, MinimumVersion: spec.Minimum,
		Expires: spec.Expires.UTC().Truncate(time.Second), Security: spec.Security,
		Notes:     update.Notes{JA: strings.TrimSpace(spec.NotesJA), EN: strings.TrimSpace(spec.NotesEN)},
		Platforms: map[string]update.Asset{},
	}
	if v, _ := update.ParseVersion(spec.Version); v.Compare(mustVersion(spec.Minimum)) < 0 {
		return nil, fmt.Errorf("minimum version %s is above the version %s", spec.Minimum, spec.Version)
	}
	for _, file := range spec.Files {
		if _, dup := f.Platforms[file.Platform]; dup {
			return nil, fmt.Errorf("platform %s given twice", file.Platform)
		}
		size, sum, err := measure(file.Path)
		if err != nil {
			return nil, err
		}
		f.Platforms[file.Platform] = update.Asset{URL: file.URL, Size: size, SHA256: sum}
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(f, "", "  ")
	return append(b, '\n'), err
}

func mustVersion(s string) update.Version {
	v, _ := update.ParseVersion(s)
	return v
}

// measure returns a file's size and SHA-256 (hex).
func measure(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// Check verifies a signed feed as a client will (signature by one of
// keys, valid fields, not expired at now) and, for each of files, that
// the local file is the one the feed names. It returns the feed.
func Check(feed, sig []byte, keys []string, now time.Time, files []File) (*update.Feed, error) {
	if err := update.Verify(feed, sig, keys); err != nil {
		return nil, err
	}
	f, err := update.ParseFeed(feed)
	if err != nil {
		return nil, err
	}
	if !now.Before(f.Expires) {
		return nil, fmt.Errorf("the feed expired on %s", f.Expires.Format(time.RFC3339))
	}
	for _, file := range files {
		a, ok := f.Platforms[file.Platform]
		if !ok {
			return nil, fmt.Errorf("the feed has no %s entry", file.Platform)
		}
		size, sum, err := measure(file.Path)
		if err != nil {
			return nil, err
		}
		if size != a.Size || !strings.EqualFold(sum, a.SHA256) || a.URL != file.URL {
			return nil, fmt.Errorf("%s: %s is not the file the feed names (size %d, SHA-256 %s)", file.Platform, file.Path, size, sum)
		}
	}
	return f, nil
}
