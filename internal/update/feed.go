package update

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"runtime"
	"time"
)

// Feed is the signed document that names the current release. Example:
//
//	{"format": 1, "version": "1.4.0", "minimum_version": "1.2.0",
//	 "expires": "2027-01-05T00:00:00Z", "security": true,
//	 "notes": {"ja": "…", "en": "…"},
//	 "platforms": {"windows-amd64": {"url": "https://…/Omamori-1.4.0-Setup.exe",
//	   "size": 31457280, "sha256": "…64 hex digits…"}}}
//
// Unknown fields are refused, so a feed means exactly what we signed.
type Feed struct {
	Format         int              `json:"format"`
	Version        string           `json:"version"`
	MinimumVersion string           `json:"minimum_version"`
	Expires        time.Time        `json:"expires"`
	Security       bool             `json:"security"`
	Notes          Notes            `json:"notes"`
	Platforms      map[string]Asset `json:"platforms"`
}

// Notes are the release notes in each language.
type Notes struct {
	JA string `json:"ja"`
	EN string `json:"en"`
}

// Asset is one platform's download.
type Asset struct {
	URL    string `json:"url"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// FeedFormat is the format number this package reads.
const FeedFormat = 1

// MaxAssetSize bounds a download whatever the feed says.
const MaxAssetSize = 1 << 30

// Platform names this build's entry in Feed.Platforms: "windows-amd64".
func Platform() string { return runtime.GOOS + "-" + runtime.GOARCH }

// ParseFeed reads and checks a feed's JSON. It does not check the
// signature (Verify) nor the expiry and versions (Checker).
func ParseFeed(b []byte) (*Feed, error) {
	var f Feed
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fail(ErrBadFeed, "bad_feed", "hint_try_later", "Detail", err.Error())
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return &f, nil
}

// Validate checks every field, so the release tool refuses what a client
// would refuse.
func (f *Feed) Validate() error {
	bad := func(detail string) error {
		return fail(ErrBadFeed, "bad_feed", "hint_try_later", "Detail", detail)
	}
	if f.Format != FeedFormat {
		return bad("format")
	}
	if _, ok := ParseVersion(f.Version); !ok {
		return bad("version")
	}
	if _, ok := ParseVersion(f.MinimumVersion); !ok {
		return bad("minimum_version")
	}
	if f.Expires.IsZero() {
		return bad("expires")
	}
	if f.Notes.JA == "" || f.Notes.EN == "" {
		return bad("notes")
	}
	if len(f.Platforms) == 0 {
		return bad("platforms")
	}
	for name, a := range f.Platforms {
		if err := a.validate(name); err != nil {
			return err
		}
	}
	return nil
}

func (a Asset) validate(platform string) error {
	if !isHTTPS(a.URL) {
		return fail(ErrNotHTTPS, "not_https", "hint_try_later", "URL", a.URL)
	}
	if a.Size <= 0 || a.Size > MaxAssetSize {
		return fail(ErrBadFeed, "bad_feed", "hint_try_later", "Detail", platform+".size")
	}
	if h, err := hex.DecodeString(a.SHA256); err != nil || len(h) != 32 {
		return fail(ErrBadFeed, "bad_feed", "hint_try_later", "Detail", platform+".sha256")
	}
	return nil
}

// isHTTPS reports whether s is an absolute https:// URL with a host.
func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil
}
