package update

import (
	"strings"
	"testing"
)

// A signed release must not ship with the channel off, the placeholder
// keys or a feed host that is not ours; each is named.
func TestReleaseProblems(t *testing.T) {
	const realKey = "untrusted comment: minisign public key 1\nRWSd+wXeuKNdOP0oYEEQT8g7/lvxV9kutTvoGp/pVTfTkSGzyerkp7T1\n"
	placeholder := "# " + placeholderMark + ": not kept\n" + realKey
	for _, c := range []struct {
		name        string
		ready       bool
		keys, feed  string
		page        string
		wantMention []string
	}{
		{"ready", true, realKey, "https://updates.omamori.jp/feed.json", "https://omamori.jp/download", nil},
		{"switched off", false, realKey, "https://updates.omamori.jp/feed.json", "https://omamori.jp/download", []string{"ChannelReady"}},
		{"placeholder keys", true, placeholder, "https://updates.omamori.jp/feed.json", "https://omamori.jp/download", []string{"placeholder keys"}},
		{"no keys", true, "# none\n", "https://updates.omamori.jp/feed.json", "https://omamori.jp/download", []string{"placeholder keys"}},
		{"example hosts", true, realKey, "https://updates.omamori-app.example/feed.json", "https://localhost/download", []string{"DefaultFeedURL", "DownloadPage"}},
		{"plain http", true, realKey, "http://updates.omamori.jp/feed.json", "https://omamori.jp/download", []string{"DefaultFeedURL"}},
	} {
		got := releaseProblems(c.ready, c.keys, c.feed, c.page)
		if len(got) != len(c.wantMention) {
			t.Errorf("%s: %d problems %q, want %d", c.name, len(got), got, len(c.wantMention))
			continue
		}
		for i, w := range c.wantMention {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: problem %q does not name %s", c.name, got[i], w)
			}
		}
	}
}

// This tree is not the release owner's yet: the check must say so, or a
// signed release could ship without updates.
func TestThisTreeIsNotReleasedWithoutTheOwnersCommit(t *testing.T) {
	if ChannelReady {
		t.Skip("the release owner's commit is in: ChannelReady is true")
	}
	if len(ReleaseProblems()) == 0 {
		t.Error("ChannelReady is false, yet ReleaseProblems finds nothing")
	}
}
