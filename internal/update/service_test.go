package update_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

func writePolicy(t *testing.T, dir, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, config.Policy), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// The mode is read from the "update" section alone: another section
// (broker profiles, written by other packages) is left alone; a wrong
// mode or a misspelt field is an error naming the file, in both languages.
func TestLoadPolicy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, config.Policy)
	for _, c := range []struct {
		text string
		want update.Mode
		bad  bool
	}{
		{"", update.ModeNotify, false}, // no file
		{`{"profiles": [{"name": "x"}]}`, update.ModeNotify, false},
		{`{"update": {"mode": "off"}, "profiles": []}`, update.ModeOff, false},
		{`{"update": {"mode": "notify"}}`, update.ModeNotify, false},
		{`{"update": {"mode": "automatic"}}`, update.ModeAutomatic, false},
		{`{"update": {}}`, update.ModeNotify, false},
		{`{"update": {"mode": "sometimes"}}`, update.ModeNotify, true},
		{`{"update": {"mdoe": "off"}}`, update.ModeNotify, true},
		{`{"update": `, update.ModeNotify, true},
	} {
		os.Remove(path)
		if c.text != "" {
			writePolicy(t, dir, c.text)
		}
		got, err := update.LoadPolicy(path)
		if got != c.want || (err != nil) != c.bad {
			t.Errorf("%s: %q, %v; want %q, error %v", c.text, got, err, c.want, c.bad)
		}
		if err != nil {
			for _, l := range i18n.Langs {
				if msg := i18n.Localize(err, l); !strings.Contains(msg, path) || !strings.Contains(msg, "automatic") {
					t.Errorf("%s: %q does not name the file and the choices", l, msg)
				}
			}
		}
	}
}

// A check is recorded (when, what), remembered versions stop a replay of
// an older feed, and "off" makes no request at all.
func TestServiceRecordsAndHonoursPolicy(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	dir := t.TempDir()
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	svc := &update.Service{Dir: dir, PolicyDir: dir, Checker: *s.checker(t, k, "1.3.2")}
	svc.Checker.Now = func() time.Time { return now }
	if st := svc.State(); !st.Due(now) || st.OutcomeText().In(i18n.EN) != "never" {
		t.Fatalf("fresh state %+v", st)
	}

	f := s.sampleFeed("1.5.0", installer)
	f.Expires = now.Add(time.Hour)
	s.publish(t, k, f, installer)
	if r, err := svc.Check(context.Background()); err != nil || !r.Available {
		t.Fatalf("Check = %+v, %v", r, err)
	}
	st := svc.State()
	if st.LastCheck != now || st.Outcome != "available" || st.Seen != "1.5.0" || st.Due(now.Add(23*time.Hour)) || !st.Due(now.Add(24*time.Hour)) {
		t.Fatalf("state after check %+v", st)
	}
	if got := st.OutcomeText().In(i18n.JA); got != "新しいバージョン (1.5.0) があります" {
		t.Errorf("outcome ja %q", got)
	}

	// A replay of an older, still valid feed.
	f.Version = "1.4.0"
	s.publish(t, k, f, installer)
	_, err := svc.Check(context.Background())
	if !errors.Is(err, update.ErrRollback) {
		t.Fatalf("replayed older feed: %v", err)
	}
	if st := svc.State(); st.Outcome != "rollback" || st.Seen != "1.5.0" {
		t.Errorf("state after the replay %+v", st)
	}

	// Off: no request.
	asked := false
	s.on("/feed.json", func(w http.ResponseWriter, r *http.Request) { asked = true })
	writePolicy(t, dir, `{"update": {"mode": "off"}}`)
	_, err = svc.Check(context.Background())
	if !errors.Is(err, update.ErrOff) || asked {
		t.Fatalf("off: %v, asked %v", err, asked)
	}
	if msg := i18n.Localize(err, i18n.JA); !strings.Contains(msg, "オフ") {
		t.Errorf("off, ja: %q", msg)
	}
}

// Every recorded outcome has its text in both languages (an unknown key
// would show as the key itself).
func TestOutcomeTexts(t *testing.T) {
	for _, o := range []string{"unreachable", "too_large", "bad_feed", "bad_signature", "expired", "rollback",
		"not_https", "no_platform", "unknown_version", "error"} {
		for _, l := range i18n.Langs {
			if got := (update.State{Outcome: o}).OutcomeText().In(l); got == "outcome_"+o || got == "" {
				t.Errorf("%s %s: no text", o, l)
			}
		}
	}
	for _, m := range []update.Mode{update.ModeOff, update.ModeNotify, update.ModeAutomatic} {
		if got := m.Label().In(i18n.JA); got == "mode_"+string(m) {
			t.Errorf("mode %s: no label", m)
		}
	}
}
