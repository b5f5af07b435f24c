package update_test

import (
	"context"
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

var installer = []byte("MZ pretend installer for version 1.4.0\n")

// A newer version, signed by our key, is offered: the result says so in
// both languages, with the notes, and the download is verified.
func TestNewerVersionIsAvailable(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	f := s.sampleFeed("1.4.0", installer)
	f.Security = true
	s.publish(t, k, f, installer)
	r, err := s.checker(t, k, "1.3.2").Check(context.Background())
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if !r.Available || r.Latest.String() != "1.4.0" || r.Required {
		t.Fatalf("result %+v, want 1.4.0 available, not required", r)
	}
	if got := r.Message().In(i18n.JA); !strings.HasPrefix(got, "新しいバージョン (1.4.0) があります") || !strings.Contains(got, "セキュリティ") {
		t.Errorf("ja message %q", got)
	}
	if got := r.Message().In(i18n.EN); !strings.Contains(got, "(1.4.0) is available") || !strings.Contains(got, "security") {
		t.Errorf("en message %q", got)
	}
	if r.Notes(i18n.JA) != "不具合を修正しました。" || r.Notes(i18n.EN) != "Fixes a problem." {
		t.Errorf("notes %q / %q", r.Notes(i18n.JA), r.Notes(i18n.EN))
	}
}

// The same version as this one is "up to date"; a minimum version above
// this one marks the update as required.
func TestSameVersionIsUpToDate(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	r, err := s.checker(t, k, "1.4.0").Check(context.Background())
	if err != nil || r.Available {
		t.Fatalf("Check = %+v, %v; want up to date", r, err)
	}
	if got := r.Message().In(i18n.EN); got != "Omamori 1.4.0 is up to date." {
		t.Errorf("message %q", got)
	}
	f := s.sampleFeed("1.4.0", installer)
	f.MinimumVersion = "1.2.0"
	s.publish(t, k, f, installer)
	if r, err := s.checker(t, k, "1.1.9").Check(context.Background()); err != nil || !r.Required {
		t.Fatalf("below minimum: %+v, %v; want required", r, err)
	}
}

// refusal checks that err is sentinel, and that its message in both
// languages is its own (contains want[lang]) and not "up to date".
func refusal(t *testing.T, err, sentinel error, want map[i18n.Lang]string) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v, want %v", err, sentinel)
	}
	for l, w := range want {
		got := i18n.Localize(err, l)
		if !strings.Contains(got, w) {
			t.Errorf("%s: %q does not say %q", l, got, w)
		}
		if strings.Contains(got, "最新です") || strings.Contains(got, "up to date.") {
			t.Errorf("%s: %q claims up to date", l, got)
		}
	}
}

func TestRefusesSignatureByAnotherKey(t *testing.T) {
	s, ours, theirs := newFeedServer(t), newKey(t), newKey(t)
	s.publish(t, theirs, s.sampleFeed("9.9.9", installer), installer)
	_, err := s.checker(t, ours, "1.3.2").Check(context.Background())
	refusal(t, err, update.ErrSignature, map[i18n.Lang]string{i18n.JA: "正式なものであることを確認できませんでした", i18n.EN: "not signed by Omamori's release key"})
}

// One changed byte of a signed feed breaks the signature.
func TestRefusesTamperedFeed(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	b := s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	tampered := []byte(strings.Replace(string(b), `"1.4.0"`, `"1.4.1"`, 1))
	s.mu.Lock()
	s.feed = tampered
	s.mu.Unlock()
	_, err := s.checker(t, k, "1.3.2").Check(context.Background())
	refusal(t, err, update.ErrSignature, map[i18n.Lang]string{i18n.JA: "正式なもの", i18n.EN: "signed"})
}

// A second key in the list (the one we rotate to) is accepted too, and
// a signature that is not minisign text is refused.
func TestSecondKeyAndGarbageSignature(t *testing.T) {
	s, old, next := newFeedServer(t), newKey(t), newKey(t)
	s.publish(t, next, s.sampleFeed("1.4.0", installer), installer)
	c := s.checker(t, old, "1.3.2")
	c.Keys = append(c.Keys, next.line(t))
	if r, err := c.Check(context.Background()); err != nil || !r.Available {
		t.Fatalf("signed by the second key: %+v, %v", r, err)
	}
	s.mu.Lock()
	s.sig = []byte("untrusted comment: x\nnot a signature\n")
	s.mu.Unlock()
	_, err := c.Check(context.Background())
	refusal(t, err, update.ErrSignature, map[i18n.Lang]string{i18n.EN: "not signed"})
}

// After the expiry date the check says it cannot check, never "up to
// date" — whatever version the feed names.
func TestRefusesExpiredFeed(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	f := s.sampleFeed("1.3.2", installer)
	f.Expires = time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	s.publish(t, k, f, installer)
	_, err := s.checker(t, k, "1.3.2").Check(context.Background())
	refusal(t, err, update.ErrExpired, map[i18n.Lang]string{i18n.JA: "更新を確認できません", i18n.EN: "Cannot check for updates"})
	if !strings.Contains(i18n.Localize(err, i18n.EN), "2026-01-31") {
		t.Errorf("does not name the date: %v", err)
	}
}

// An older version than this one, or than a feed seen before, is a
// rollback: refused. Installing a version that is not newer is refused
// at download too.
func TestRefusesRollback(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.3.1", installer), installer)
	_, err := s.checker(t, k, "1.3.2").Check(context.Background())
	refusal(t, err, update.ErrRollback, map[i18n.Lang]string{i18n.JA: "古いバージョン1.3.1", i18n.EN: "offered version 1.3.1, older than 1.3.2"})

	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	c := s.checker(t, k, "1.3.2")
	c.Seen = "1.5.0" // a newer feed was seen before: this one is a replay
	_, err = c.Check(context.Background())
	refusal(t, err, update.ErrRollback, map[i18n.Lang]string{i18n.EN: "older than 1.5.0"})

	r, err := s.checker(t, k, "1.4.0").Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.checker(t, k, "1.4.0").Download(context.Background(), r, t.TempDir())
	refusal(t, err, update.ErrNotNewer, map[i18n.Lang]string{i18n.JA: "新しくないため", i18n.EN: "is not newer"})
}

// A download URL that is not HTTPS is refused even when signed, and so
// is a feed URL that is not.
func TestRefusesPlainHTTP(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	f := s.sampleFeed("1.4.0", installer)
	a := f.Platforms[update.Platform()]
	a.URL = strings.Replace(a.URL, "https://", "http://", 1)
	f.Platforms[update.Platform()] = a
	s.publish(t, k, f, installer)
	_, err := s.checker(t, k, "1.3.2").Check(context.Background())
	refusal(t, err, update.ErrNotHTTPS, map[i18n.Lang]string{i18n.JA: "安全な（https://）アドレスではない", i18n.EN: "is not a secure (https://) address"})

	c := s.checker(t, k, "1.3.2")
	c.FeedURL = strings.Replace(c.FeedURL, "https://", "http://", 1)
	_, err = c.Check(context.Background())
	refusal(t, err, update.ErrNotHTTPS, map[i18n.Lang]string{i18n.EN: "http://127.0.0.1"})
}

// A server whose certificate our roots do not vouch for is unreachable,
// told quietly: codes keep working.
func TestRefusesUnknownCertificate(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	c := s.checker(t, k, "1.3.2")
	c.Client = update.NewClient(x509.NewCertPool(), 5*time.Second) // roots that do not include the test CA
	_, err := c.Check(context.Background())
	refusal(t, err, update.ErrUnreachable, map[i18n.Lang]string{i18n.JA: "接続できませんでした", i18n.EN: "Codes keep working"})
}

func TestRefusesFeedWithoutThisPlatform(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	f := s.sampleFeed("1.4.0", installer)
	f.Platforms = map[string]update.Asset{"plan9-mips": f.Platforms[update.Platform()]}
	s.publish(t, k, f, installer)
	_, err := s.checker(t, k, "1.3.2").Check(context.Background())
	refusal(t, err, update.ErrNoPlatform, map[i18n.Lang]string{i18n.JA: "このコンピューター", i18n.EN: "not yet for this computer"})
}

func TestDevelopmentBuildIsNotCompared(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	_, err := s.checker(t, k, "dev-1234567").Check(context.Background())
	refusal(t, err, update.ErrVersion, map[i18n.Lang]string{i18n.EN: "dev-1234567"})
}
