package update

import (
	"context"
	"net/http"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

// DefaultFeedURL is where released builds look for the feed.
const DefaultFeedURL = "https://updates.omamori-app.example/feed.json"

// SignatureURL is where the feed's signature is: beside the feed.
func SignatureURL(feedURL string) string { return feedURL + ".minisig" }

// Checker checks the feed once per Check. The zero value of each field
// but Current takes the default.
type Checker struct {
	FeedURL  string       // "": DefaultFeedURL
	Keys     []string     // minisign public keys; nil: ReleaseKeys()
	Current  string       // this build's version, "1.2.3"
	Seen     string       // the newest version a verified feed offered before; "" if none
	Platform string       // "": Platform()
	Client   *http.Client // nil: NewClient(nil, Limits.Timeout)
	Limits   Limits       // zero: DefaultLimits
	Now      func() time.Time
}

// Result is what a verified, unexpired feed says about this build.
type Result struct {
	Feed      *Feed
	Current   Version
	Latest    Version
	Available bool  // Latest is newer than Current
	Required  bool  // Current is older than the feed's minimum_version
	Asset     Asset // this platform's download, when Available
}

// Message says the result to the user: a newer version (and whether it
// is a security release), or up to date.
func (r *Result) Message() i18n.Message {
	switch {
	case !r.Available:
		return cat.M("up_to_date", "Version", r.Current.String())
	case r.Feed.Security:
		return cat.M("available_security", "Version", r.Latest.String())
	default:
		return cat.M("available", "Version", r.Latest.String())
	}
}

// Notes returns the release notes in l.
func (r *Result) Notes(l i18n.Lang) string {
	if l == i18n.JA {
		return r.Feed.Notes.JA
	}
	return r.Feed.Notes.EN
}

func (c *Checker) defaults() Checker {
	d := *c
	if d.FeedURL == "" {
		d.FeedURL = DefaultFeedURL
	}
	if d.Keys == nil {
		d.Keys = ReleaseKeys()
	}
	if d.Platform == "" {
		d.Platform = Platform()
	}
	if d.Limits == (Limits{}) {
		d.Limits = DefaultLimits
	}
	if d.Client == nil {
		d.Client = NewClient(nil, d.Limits.Timeout)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return d
}

// Check fetches the feed and its signature and returns what they say,
// or the reason they were refused (an *i18n.Error over one of the Err
// sentinels). It takes at most about 2 × Limits.Timeout.
func (c *Checker) Check(ctx context.Context) (*Result, error) {
	d := c.defaults()
	current, ok := ParseVersion(d.Current)
	if !ok {
		return nil, fail(ErrVersion, "unknown_version", "", "Version", d.Current)
	}
	body, err := fetch(ctx, d.Client, d.FeedURL, d.Limits.MaxFeed)
	if err != nil {
		return nil, err
	}
	sig, err := fetch(ctx, d.Client, SignatureURL(d.FeedURL), d.Limits.MaxSig)
	if err != nil {
		return nil, err
	}
	if err := Verify(body, sig, d.Keys); err != nil {
		return nil, err
	}
	feed, err := ParseFeed(body)
	if err != nil {
		return nil, err
	}
	return d.judge(feed, current)
}

// judge applies the rules that need more than the feed itself: expiry,
// no rollback, this platform's download.
func (d *Checker) judge(feed *Feed, current Version) (*Result, error) {
	if !d.Now().Before(feed.Expires) {
		return nil, fail(ErrExpired, "expired", "hint_expired", "Date", feed.Expires.Format("2006-01-02"))
	}
	latest, _ := ParseVersion(feed.Version)
	minimum, _ := ParseVersion(feed.MinimumVersion)
	floor := current
	if seen, ok := ParseVersion(d.Seen); ok && seen.Compare(floor) > 0 {
		floor = seen
	}
	if latest.Compare(floor) < 0 {
		return nil, fail(ErrRollback, "rollback", "hint_signature", "Offered", latest.String(), "Current", floor.String())
	}
	r := &Result{Feed: feed, Current: current, Latest: latest,
		Available: latest.Compare(current) > 0, Required: current.Compare(minimum) < 0}
	if !r.Available {
		return r, nil
	}
	a, ok := feed.Platforms[d.Platform]
	if !ok {
		return nil, fail(ErrNoPlatform, "no_platform", "hint_no_platform", "Version", latest.String(), "Platform", d.Platform)
	}
	r.Asset = a
	return r, nil
}

// timeNow is now from f, else the system clock.
func timeNow(f func() time.Time) time.Time {
	if f == nil {
		return time.Now()
	}
	return f()
}
