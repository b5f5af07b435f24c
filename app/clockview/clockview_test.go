package clockview

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/omtheme/themetest"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
)

// slow72 is a PC clock 72 s slow, measured by two agreeing servers.
func slow72() timesync.Result {
	return timesync.Result{Checked: true, Offset: 72 * time.Second, Agreed: true, Correcting: true,
		Severity: timesync.Warning, Kind: timesync.Clock}
}

type harness struct {
	t      *testing.T
	b      *Banner
	win    fyne.Window
	lang   i18n.Lang
	opened int
}

func newHarness(t *testing.T, l i18n.Lang, p timesync.Platform) *harness {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(themetest.New())
	h := &harness{t: t, lang: l, win: test.NewWindow(nil)}
	t.Cleanup(h.win.Close)
	h.b = New(Options{Lang: func() i18n.Lang { return h.lang }, Window: h.win, Platform: p,
		OpenSettings: func() error { h.opened++; return nil }})
	h.win.SetContent(h.b.Content())
	h.win.Resize(fyne.NewSize(640, 520))
	return h
}

// texts lists what the banner shows, in order.
func texts(o fyne.CanvasObject) []string { return uitest.Texts(o) }

// findButton finds the banner's first button.
func findButton(o fyne.CanvasObject) *widget.Button { return button(o, "") }

// button finds the first button whose label contains text.
func button(o fyne.CanvasObject, text string) *widget.Button {
	b, _ := uitest.Find(o, func(b *widget.Button) bool { return strings.Contains(b.Text, text) })
	return b
}

func TestWarningSaysHowFarAndHowToFix(t *testing.T) {
	h := newHarness(t, i18n.JA, timesync.Windows11)
	h.b.Show(slow72())
	got := strings.Join(texts(h.b.Content()), "\n")
	for _, want := range []string{"パソコンの時計が1分12秒遅れています", "[直し方を見る]", "[日付と時刻の設定を開く]"} {
		if !strings.Contains(got, want) {
			t.Errorf("banner lacks %q:\n%s", want, got)
		}
	}
	first := timesync.FixSteps(timesync.Windows11, timesync.Clock)[0].In(i18n.JA)
	if strings.Contains(got, first) {
		t.Error("the fix steps are unfolded before anyone asked")
	}
	test.Tap(button(h.b.Content(), "直し方を見る"))
	got = strings.Join(texts(h.b.Content()), "\n")
	for _, step := range timesync.FixSteps(timesync.Windows11, timesync.Clock) {
		if !strings.Contains(got, step.In(i18n.JA)) {
			t.Errorf("fix step missing: %q", step.In(i18n.JA))
		}
	}
	test.Tap(button(h.b.Content(), "設定を開く"))
	if h.opened != 1 {
		t.Errorf("the settings button opened the settings %d times", h.opened)
	}
	if l := h.b.CorrectionLabel(); !l.Visible() || l.Text != "時刻補正中 +72秒" {
		t.Errorf("correction label %q (visible %v)", l.Text, l.Visible())
	}

	h.lang = i18n.EN
	h.b.Refresh()
	got = strings.Join(texts(h.b.Content()), "\n")
	if !strings.Contains(got, "1 min 12 s slow") || !strings.Contains(got, "[Open date and time settings]") {
		t.Errorf("English banner:\n%s", got)
	}
}

func TestStepsFollowThePlatform(t *testing.T) {
	mac := newHarness(t, i18n.JA, timesync.MacOS)
	mac.b.showSteps = true
	mac.b.Show(slow72())
	win := newHarness(t, i18n.JA, timesync.Windows10)
	win.b.showSteps = true
	win.b.Show(slow72())
	a, b := strings.Join(texts(mac.b.Content()), "\n"), strings.Join(texts(win.b.Content()), "\n")
	if a == b {
		t.Error("macOS and Windows 10 show the same steps")
	}
}

func TestSmallOffsetIsQuiet(t *testing.T) {
	h := newHarness(t, i18n.JA, timesync.Windows11)
	h.b.Show(timesync.Result{Checked: true, Offset: -8 * time.Second, Severity: timesync.Notice, Kind: timesync.Clock, Reason: timesync.ReasonSingleSource})
	got := texts(h.b.Content())
	if len(got) != 1 || !strings.Contains(got[0], "8秒進んでいます") {
		t.Errorf("notice: %q", got)
	}
	if findButton(h.b.Content()) != nil {
		t.Error("a quiet notice has a button")
	}
	if h.b.CorrectionLabel().Visible() {
		t.Error("correction label shown while not correcting")
	}
}

func TestNothingToSay(t *testing.T) {
	h := newHarness(t, i18n.JA, timesync.Windows11)
	h.b.Show(slow72())
	h.b.Show(timesync.Result{Checked: true, Offset: time.Second, Kind: timesync.OK, Reason: timesync.ReasonNotNeeded})
	if h.b.Content().Visible() || len(texts(h.b.Content())) != 0 {
		t.Errorf("right clock, banner shows %q", texts(h.b.Content()))
	}
	if h.b.CorrectionLabel().Visible() {
		t.Error("correction label still shown")
	}
	h.b.Show(timesync.Result{Kind: timesync.Unknown, Reason: timesync.ReasonPending})
	if h.b.Content().Visible() {
		t.Error("banner shown before anything was measured")
	}
}

func TestOfflineIsSaidQuietly(t *testing.T) {
	h := newHarness(t, i18n.EN, timesync.Linux)
	h.b.Show(timesync.Result{Kind: timesync.Unknown, Reason: timesync.ReasonNoAnswer})
	got := texts(h.b.Content())
	if len(got) != 1 || findButton(h.b.Content()) != nil {
		t.Errorf("offline: %q", got)
	}
}

func TestTimeZoneIsNamed(t *testing.T) {
	h := newHarness(t, i18n.JA, timesync.Windows11)
	h.b.Show(timesync.Result{Checked: true, Offset: 9*time.Hour + 300*time.Millisecond, ZoneShift: 9 * time.Hour,
		Agreed: true, Severity: timesync.Warning, Kind: timesync.TimeZone, Reason: timesync.ReasonTooLarge})
	got := strings.Join(texts(h.b.Content()), "\n")
	if !strings.Contains(got, "タイムゾーン") {
		t.Errorf("time-zone banner does not name the time zone:\n%s", got)
	}
	if h.b.CorrectionLabel().Visible() {
		t.Error("a 9-hour offset must not be corrected")
	}
}

func TestSettingsFailureIsShown(t *testing.T) {
	h := newHarness(t, i18n.JA, timesync.Linux)
	h.b.opts.OpenSettings = func() error { return errors.New("no settings app") }
	h.b.Show(slow72())
	test.Tap(button(h.b.Content(), "設定を開く"))
	if len(h.win.Canvas().Overlays().List()) == 0 {
		t.Error("no dialog when the settings could not be opened")
	}
}

// Golden images of the warning banner in both languages, drawn with the
// Japanese font the app bundles (uitest.UpdateEnv rewrites them).
func TestGoldenWarning(t *testing.T) {
	for _, l := range i18n.Langs {
		for _, unfolded := range []bool{false, true} {
			h := newHarness(t, l, timesync.Windows11)
			h.b.showSteps = unfolded
			h.b.Show(slow72())
			c := h.win.Canvas()
			c.Content().Refresh()
			name := filepath.Join(string(l), "warning.png")
			if unfolded {
				name = filepath.Join(string(l), "warning-steps.png")
			}
			uitest.GoldenCanvas(t, name, c)
		}
	}
}

func TestCheckingOffSaysNothing(t *testing.T) {
	h := newHarness(t, i18n.JA, timesync.Linux)
	h.b.Show(timesync.Result{Kind: timesync.Unknown, Reason: timesync.ReasonDisabled})
	if h.b.Content().Visible() {
		t.Errorf("banner shown while the check is off: %q", texts(h.b.Content()))
	}
}

// Two NTP answers said +5 min, the HTTPS source (certificate checked)
// says the clock is right: the banner says the servers disagree, that
// the clock is right and what NTP claimed, offers nothing to fix, and
// the codes carry no correction label.
func TestDisagreementIsTold(t *testing.T) {
	r := disputed5m()
	for l, want := range map[i18n.Lang][]string{
		i18n.JA: {"時刻サーバーの答えが食い違っています", "パソコンの時計は合っています", "5分遅れている", "偽の答え", "補正していません"},
		i18n.EN: {"The time servers disagree", "Your PC clock is correct", "5 min slow", "forged", "not corrected"},
	} {
		h := newHarness(t, l, timesync.Windows11)
		h.b.Show(r)
		if !h.b.Content().Visible() {
			t.Fatalf("%s: nothing shown", l)
		}
		got := strings.Join(texts(h.b.Content()), "\n")
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s banner lacks %q:\n%s", l, w, got)
			}
		}
		if findButton(h.b.Content()) != nil {
			t.Errorf("%s: a button, though there is nothing to fix", l)
		}
		if h.b.CorrectionLabel().Visible() {
			t.Errorf("%s: correction label shown", l)
		}
		c := h.win.Canvas()
		c.Content().Refresh()
		uitest.GoldenCanvas(t, filepath.Join(string(l), "disputed.png"), c)
	}
}

// disputed5m: two NTP answers said +5 min, the HTTPS source says the
// clock is right.
func disputed5m() timesync.Result {
	forged := 5 * time.Minute
	return timesync.Result{Checked: true, Offset: 200 * time.Millisecond, Authenticated: true, Disputed: &forged,
		Severity: timesync.Notice, Kind: timesync.OK, Reason: timesync.ReasonDisagree}
}

// While correcting, the banner says the codes shown work and asks to set
// the clock still; it does not say they may be rejected (issue 21).
func TestCorrectingSaysCodesWork(t *testing.T) {
	h := newHarness(t, i18n.JA, timesync.Windows11)
	h.b.Show(slow72())
	got := strings.Join(texts(h.b.Content()), "\n")
	if !strings.Contains(got, "そのまま使えます") || strings.Contains(got, "受け付けられない") {
		t.Errorf("banner while correcting:\n%s", got)
	}
}

// In a window a little narrower than it opens, with large text, the warning's
// title wraps too, as jptext wraps it: between phrases, never inside a
// word as Fyne's own wrapping would (issue 21). Golden images, and no
// Fyne-wrapped Japanese anywhere on the banner.
func TestGoldenNarrowLargeText(t *testing.T) {
	for name, r := range map[string]timesync.Result{"warning-narrow.png": slow72(), "disputed-narrow.png": disputed5m()} {
		h := newHarness(t, i18n.JA, timesync.Windows11)
		fyne.CurrentApp().Settings().SetTheme(omtheme.New(omtheme.Light, true))
		h.b.showSteps = true
		h.b.Show(r)
		h.win.Resize(fyne.NewSize(440, 760)) // a window made a little narrower than it opens (520, app/ui/shell.go)
		c := h.win.Canvas()
		c.Content().Refresh()
		for _, p := range uitest.FyneWrapped(c) {
			t.Errorf("%s: %s", name, p)
		}
		title, ok := uitest.Find(h.b.Content(), func(l *jptext.Label) bool { return l.TextStyle.Bold })
		if r.Severity == timesync.Warning && (!ok || !strings.Contains(title.Text, "\n")) {
			t.Errorf("%s: the title does not wrap at this width (%v), so the image shows nothing", name, ok)
		}
		uitest.GoldenCanvas(t, filepath.Join("ja", name), c)
	}
}
