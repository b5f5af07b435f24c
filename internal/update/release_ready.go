package update

import (
	"net/url"
	"strings"
)

// ReleaseProblems lists what keeps this tree from being released with the
// update channel on (docs/release.md, "Switched off in release builds, on
// purpose"); empty when it is ready. A signed release made before the release
// owner's commit would reach customers who never hear of a later fix, so
// `make sign` with a real certificate refuses while this is not empty
// (`omamori-feed ready`).
func ReleaseProblems() []string {
	return releaseProblems(ChannelReady, releaseKeys, DefaultFeedURL, DownloadPage)
}

// placeholderMark is the line keys/release.pub carries until the release
// owner replaces its keys with ones made off the build machine.
const placeholderMark = "PLACEHOLDERS"

func releaseProblems(ready bool, keys, feedURL, page string) []string {
	var p []string
	if !ready {
		p = append(p, "internal/update: ChannelReady is false (the window makes no update check)")
	}
	if strings.Contains(keys, placeholderMark) || len(ParseKeyList(keys)) == 0 {
		p = append(p, "internal/update/keys/release.pub: placeholder keys, not the release keys")
	}
	for _, u := range []struct{ name, url string }{{"DefaultFeedURL", feedURL}, {"DownloadPage", page}} {
		if !realHTTPS(u.url) {
			p = append(p, "internal/update: "+u.name+" "+u.url+" is not a real HTTPS address")
		}
	}
	return p
}

// realHTTPS: an https URL whose host is not a reserved example or test name.
func realHTTPS(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Hostname() == "" {
		return false
	}
	h := strings.ToLower(u.Hostname())
	for _, reserved := range []string{".example", ".test", ".invalid", ".localhost", "localhost"} {
		if strings.HasSuffix(h, reserved) || h == strings.TrimPrefix(reserved, ".") {
			return false
		}
	}
	return true
}
