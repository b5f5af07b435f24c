package timesync

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

func TestAmount(t *testing.T) {
	for _, tc := range []struct {
		d      time.Duration
		ja, en string
	}{
		{72 * time.Second, "1分12秒", "1 min 12 s"},
		{-72 * time.Second, "1分12秒", "1 min 12 s"},
		{7400 * time.Millisecond, "7秒", "7 s"},
		{2 * time.Minute, "2分", "2 min"},
		{9 * time.Hour, "9時間", "9 h"},
		{90 * time.Minute, "1時間30分", "1 h 30 min"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1時間2分3秒", "1 h 2 min 3 s"},
		{26 * time.Hour, "26時間", "26 h"},
	} {
		m := Amount(tc.d)
		if ja, en := m.In(i18n.JA), m.In(i18n.EN); ja != tc.ja || en != tc.en {
			t.Errorf("%v: %q %q, want %q %q", tc.d, ja, en, tc.ja, tc.en)
		}
	}
}

// result builds a Result the way Check does, from answers alone.
func result(cfg Config, offsets ...time.Duration) Result {
	var srcs []SourceResult
	for i, o := range offsets {
		h := string(rune('a' + i))
		srcs = append(srcs, SourceResult{Server: h, Proto: SNTP, host: h, Offset: o})
	}
	return decide(srcs, cfg, time.Now())
}

// authResult is result with an HTTPS answer (±0.5 s) at the first offset
// from one more host.
func authResult(cfg Config, offsets ...time.Duration) Result {
	srcs := []SourceResult{{Server: "https://h/", Proto: HTTPS, host: "h", Offset: offsets[0], Uncertainty: time.Second / 2}}
	for i, o := range offsets {
		h := string(rune('a' + i))
		srcs = append(srcs, SourceResult{Server: h, Proto: SNTP, host: h, Offset: o})
	}
	return decide(srcs, cfg, time.Now())
}

func TestMessagesBothLanguages(t *testing.T) {
	cfg := DefaultConfigFor("windows")
	fast := authResult(cfg, -72*time.Second)
	slow := authResult(cfg, 72*time.Second)
	for _, tc := range []struct {
		r      Result
		ja, en string
	}{
		{fast, "パソコンの時計が1分12秒進んでいます。", "Your PC clock is 1 min 12 s fast."},
		{slow, "パソコンの時計が1分12秒遅れています。", "Your PC clock is 1 min 12 s slow."},
		{result(cfg, 2*time.Second, 2*time.Second), "パソコンの時計は合っています。", "Your PC clock is correct."},
		{result(cfg), "時刻が合っているか確認できませんでした", "Could not check the PC clock"},
		{result(cfg, -9*time.Hour, -9*time.Hour), "ちょうど9時間ずれています", "exactly 9 h off"},
	} {
		if ja, en := tc.r.Summary().In(i18n.JA), tc.r.Summary().In(i18n.EN); !strings.HasPrefix(ja, tc.ja) && !strings.Contains(ja, tc.ja) || !strings.Contains(en, tc.en) {
			t.Errorf("summary %q / %q, want %q / %q", ja, en, tc.ja, tc.en)
		}
	}
	if got := slow.CorrectionLabel().In(i18n.JA); got != "時刻補正中 +72秒" {
		t.Errorf("label %q", got)
	}
	if got := slow.CorrectionLabel().In(i18n.EN); got != "Time corrected +72 s" {
		t.Errorf("label %q", got)
	}
	if got := fast.CorrectionLabel().In(i18n.JA); got != "時刻補正中 -72秒" {
		t.Errorf("label %q", got)
	}
	if !result(cfg, 72*time.Second).CorrectionLabel().IsZero() {
		t.Error("label shown for a single source")
	}
	// Japanese joins sentences without spaces, English with one.
	if m := fast.Message(i18n.JA); strings.Contains(m, "。 ") || !strings.Contains(m, "補正") {
		t.Errorf("ja message %q", m)
	}
	// While correcting: the codes shown work, and the clock still wants setting.
	if m := fast.Message(i18n.EN); !strings.Contains(m, "fast. Omamori corrects") || !strings.Contains(m, "codes shown work") || strings.Contains(m, "rejected") {
		t.Errorf("en message %q", m)
	}
	if m := fast.Message(i18n.JA); !strings.Contains(m, "そのまま使えます") || !strings.Contains(m, "時計を合わせてください") || strings.Contains(m, "受け付けられない") {
		t.Errorf("ja message %q", m)
	}
	// Not correcting: they may be rejected, and why they are not corrected.
	unconfirmed := result(cfg, -72*time.Second, -72*time.Second)
	if m := unconfirmed.Message(i18n.EN); !strings.Contains(m, "fast. Codes may be rejected") || !strings.Contains(m, "secure connection (HTTPS)") {
		t.Errorf("en message %q", m)
	}
	notice := result(cfg, 8*time.Second, 8*time.Second)
	if m := notice.Message(i18n.EN); !strings.Contains(m, "Codes still work") {
		t.Errorf("notice message %q", m)
	}
}

func TestOneSpoofedAnswerNeverMovesCodes(t *testing.T) {
	cfg := DefaultConfigFor("linux")
	for _, offs := range [][]time.Duration{
		{5 * time.Minute},
		{5 * time.Minute, 0},
		{5 * time.Minute, 0, 200 * time.Millisecond},
		{5 * time.Minute, -5 * time.Minute},
		{30 * time.Second, 33 * time.Second}, // beyond AgreeWithin
	} {
		if r := result(cfg, offs...); r.Correcting {
			t.Errorf("%v: corrected by %v", offs, r.Offset)
		}
	}
	// Two SNTP answers that agree are still unauthenticated: warn only.
	if r := result(cfg, 5*time.Minute, 5*time.Minute); r.Correcting || r.Reason != ReasonUnconfirmed {
		t.Errorf("two agreeing SNTP answers: %+v", r)
	}
	// SNTP refines an HTTPS answer only inside its window: the Date
	// header's second (±0.5 s here) plus the slack for reading clocks.
	https := func(off time.Duration) []SourceResult {
		return []SourceResult{
			{Server: "a", Proto: SNTP, host: "a", Offset: 30 * time.Second},
			{Server: "https://b", Proto: HTTPS, host: "b", Offset: off, Uncertainty: 500 * time.Millisecond},
		}
	}
	if r := decide(https(30400*time.Millisecond), cfg, time.Now()); !r.Correcting || r.Offset != 30*time.Second {
		t.Errorf("inside the window: %+v", r)
	}
	for _, off := range []time.Duration{31200 * time.Millisecond, 28800 * time.Millisecond, 32400 * time.Millisecond} {
		if r := decide(https(off), cfg, time.Now()); r.Correcting || r.Offset != off {
			t.Errorf("HTTPS %v, SNTP 30 s: %+v", off, r)
		}
	}
	// Two authenticated answers that disagree correct nothing, whatever
	// SNTP says.
	srcs := []SourceResult{
		{Server: "a", Proto: SNTP, host: "a", Offset: 30 * time.Second},
		{Server: "https://b", Proto: HTTPS, host: "b", Offset: 30 * time.Second, Uncertainty: 500 * time.Millisecond},
		{Server: "https://c", Proto: HTTPS, host: "c", Offset: 0, Uncertainty: 500 * time.Millisecond},
	}
	if r := decide(srcs, cfg, time.Now()); r.Correcting || r.Reason != ReasonDisagree {
		t.Errorf("HTTPS against HTTPS: %+v", r)
	}
	// Two authenticated answers that agree correct without SNTP (UDP 123 blocked).
	srcs[2].Offset = 30 * time.Second
	if r := decide(srcs[1:], cfg, time.Now()); !r.Correcting || !r.Authenticated {
		t.Errorf("two HTTPS answers: %+v", r)
	}
	// The same address under two names counts once.
	srcs = []SourceResult{
		{Server: "a", Proto: SNTP, host: "a", Addr: "192.0.2.1:123", Offset: 30 * time.Second},
		{Server: "b", Proto: SNTP, host: "b", Addr: "192.0.2.1:123", Offset: 30 * time.Second},
	}
	if r := decide(srcs, cfg, time.Now()); r.Agreed {
		t.Errorf("one address counted twice: %+v", r)
	}
}

func TestCatalogComplete(t *testing.T) {
	if m := cat.Missing(); len(m) > 0 {
		t.Fatalf("missing: %v", m)
	}
	for _, l := range i18n.Langs {
		for k, v := range cat.Raw(l) {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s:%s empty", l, k)
			}
		}
	}
}

type recorder struct {
	path  map[string]bool
	calls [][]string
	fail  error
}

func (r *recorder) LookPath(name string) (string, error) {
	if r.path[name] {
		return "/usr/bin/" + name, nil
	}
	return "", errors.New("not found")
}

func (r *recorder) Start(name string, args ...string) error {
	r.calls = append(r.calls, append([]string{name}, args...))
	return r.fail
}

func TestOpenSettings(t *testing.T) {
	for p, want := range map[Platform]string{
		Windows11:   "rundll32.exe url.dll,FileProtocolHandler ms-settings:dateandtime",
		Windows10:   "rundll32.exe url.dll,FileProtocolHandler ms-settings:dateandtime",
		MacOS:       "open x-apple.systempreferences:com.apple.Date-Time-Settings.extension",
		MacOSLegacy: "open /System/Library/PreferencePanes/DateAndTime.prefPane",
		Linux:       "gnome-control-center datetime",
	} {
		r := &recorder{path: map[string]bool{"gnome-control-center": true, "systemsettings": true}}
		if err := OpenSettings(r, p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if len(r.calls) != 1 || strings.Join(r.calls[0], " ") != want {
			t.Errorf("%s: ran %v, want %q", p, r.calls, want)
		}
	}
	r := &recorder{path: map[string]bool{"kcmshell5": true}}
	if err := OpenSettings(r, Linux); err != nil || strings.Join(r.calls[0], " ") != "kcmshell5 clock" {
		t.Errorf("KDE 5: %v %v", r.calls, err)
	}
	r = &recorder{}
	err := OpenSettings(r, Linux)
	var ie *i18n.Error
	if !errors.As(err, &ie) || len(r.calls) != 0 {
		t.Errorf("nothing installed: %v, ran %v", err, r.calls)
	}
	r = &recorder{fail: errors.New("boom")}
	if err := OpenSettings(r, Windows11); !errors.As(err, &ie) || !strings.Contains(i18n.Localize(err, i18n.JA), "開けませんでした") {
		t.Errorf("failed start: %v", err)
	}
}

func TestFixSteps(t *testing.T) {
	all := []Platform{Windows11, Windows10, MacOS, MacOSLegacy, Linux}
	seen := map[string]Platform{}
	for _, p := range all {
		for _, k := range []Kind{Clock, TimeZone} {
			steps := FixSteps(p, k)
			if len(steps) < 2 { // open the settings, switch on automatic time
				t.Errorf("%s %v: %d steps", p, k, len(steps))
			}
			for _, s := range steps {
				if s.Key == FixNote().Key {
					t.Errorf("%s %v: the note %q is numbered as a step", p, k, s.Key)
				}
				for _, l := range i18n.Langs {
					if txt := s.In(l); txt == "" || txt == s.Key {
						t.Errorf("%s %v: step %q renders as %q in %s", p, k, s.Key, txt, l)
					}
				}
			}
			open := steps[0].In(i18n.JA)
			if q, ok := seen[open]; ok && q != p {
				t.Errorf("%s and %s share the first step %q", p, q, open)
			}
			seen[open] = p
			if k == TimeZone {
				joined := ""
				for _, s := range steps {
					joined += s.In(i18n.JA)
				}
				tokyo := "東京"
				if strings.HasPrefix(string(p), "windows") {
					tokyo = "(UTC+09:00) 大阪、札幌、東京"
				}
				if !strings.Contains(joined, tokyo) {
					t.Errorf("%s time zone steps lack %q", p, tokyo)
				}
			}
		}
		if FixSteps(p, OK) != nil || FixSteps(p, Unknown) != nil {
			t.Errorf("%s: steps for nothing to fix", p)
		}
	}
	if s := FixSteps(Windows11, Clock); !strings.Contains(s[2].In(i18n.JA), "今すぐ同期") || !strings.Contains(s[2].In(i18n.EN), "Sync now") {
		t.Errorf("windows 11 sync step: %q", s[2].In(i18n.JA))
	}
	if s := FixSteps(MacOS, Clock); !strings.Contains(s[0].In(i18n.JA), "システム設定") {
		t.Errorf("macOS: %q", s[0].In(i18n.JA))
	}
	if s := FixSteps(MacOSLegacy, Clock); !strings.Contains(s[0].In(i18n.JA), "システム環境設定") {
		t.Errorf("old macOS: %q", s[0].In(i18n.JA))
	}
}

func TestPlatformFor(t *testing.T) {
	for _, tc := range []struct {
		goos, v string
		want    Platform
	}{
		{"windows", "22631", Windows11},
		{"windows", "19045", Windows10},
		{"windows", "", Windows11},
		{"darwin", "14.5", MacOS},
		{"darwin", "13.0", MacOS},
		{"darwin", "12.7.1", MacOSLegacy},
		{"darwin", "10.15.7", MacOSLegacy},
		{"darwin", "", MacOS},
		{"linux", "", Linux},
		{"freebsd", "", Linux},
	} {
		if got := PlatformFor(tc.goos, tc.v); got != tc.want {
			t.Errorf("%s %s: %s, want %s", tc.goos, tc.v, got, tc.want)
		}
	}
	if DetectPlatform() != Linux {
		t.Errorf("on linux: %s", DetectPlatform())
	}
}
