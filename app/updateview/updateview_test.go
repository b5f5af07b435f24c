package updateview

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme/themetest"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

func newer(security bool) *update.Result {
	return &update.Result{
		Feed:    &update.Feed{Version: "1.4.0", Security: security, Notes: update.Notes{JA: "不具合を修正しました。", EN: "Fixes a problem."}},
		Current: update.Version{1, 3, 2}, Latest: update.Version{1, 4, 0}, Available: true,
	}
}

func banner(t *testing.T, l i18n.Lang, onUpdate func(*update.Result)) *Banner {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(themetest.New())
	return New(Options{Lang: func() i18n.Lang { return l }, OnUpdate: onUpdate})
}

// A newer version: the quiet banner with the version, the notes and
// 「更新する」, which hands the result to the installer.
func TestBannerTellsOfNewerVersion(t *testing.T) {
	var got *update.Result
	b := banner(t, i18n.JA, func(r *update.Result) { got = r })
	if b.Content().Visible() {
		t.Fatal("visible before a check")
	}
	r := newer(false)
	b.Show(r)
	texts := strings.Join(uitest.Texts(b.Content()), "\n")
	for _, want := range []string{"新しいバージョン (1.4.0) があります", "不具合を修正しました。", "更新する", "後で"} {
		if !strings.Contains(texts, want) {
			t.Errorf("banner %q lacks %q", texts, want)
		}
	}
	if !b.Content().Visible() {
		t.Fatal("hidden")
	}
	test.Tap(uitest.Button(b.Content(), "更新する"))
	if got != r {
		t.Fatalf("更新する handed %v", got)
	}
	test.Tap(uitest.Button(b.Content(), "後で"))
	if b.Content().Visible() {
		t.Error("後で left the banner")
	}
}

// A security release says so; English follows the window's language;
// without an installer there is no 「更新する」 to press in vain.
func TestSecurityReleaseInEnglishWithoutInstaller(t *testing.T) {
	b := banner(t, i18n.EN, nil)
	b.Show(newer(true))
	texts := strings.Join(uitest.Texts(b.Content()), "\n")
	if !strings.Contains(texts, "A new version (1.4.0) is available. It is a security update") || !strings.Contains(texts, "Fixes a problem.") {
		t.Errorf("banner %q", texts)
	}
	if uitest.Button(b.Content(), "Update") != nil {
		t.Error("an Update button without an installer")
	}
	r := newer(false)
	r.Available = false
	b.Show(r)
	if b.Content().Visible() {
		t.Error("up to date, yet a banner")
	}
}

// fakeService counts checks.
type fakeService struct {
	mu     sync.Mutex
	mode   update.Mode
	state  update.State
	result *update.Result
	err    error
	checks int
}

func (f *fakeService) Mode() (update.Mode, error) { return f.mode, nil }
func (f *fakeService) State() update.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}
func (f *fakeService) Check(ctx context.Context) (*update.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checks++
	f.state.LastCheck = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	return f.result, f.err
}

// At most once a day; never when the policy says off; refusals quiet.
func TestCheckIfDue(t *testing.T) {
	day := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	svc := &fakeService{mode: update.ModeNotify, result: newer(false)}
	if r := CheckIfDue(context.Background(), svc, day); r == nil || svc.checks != 1 {
		t.Fatalf("first check: %v, %d checks", r, svc.checks)
	}
	if r := CheckIfDue(context.Background(), svc, day.Add(23*time.Hour)); r != nil || svc.checks != 1 {
		t.Fatalf("same day: %v, %d checks", r, svc.checks)
	}
	if r := CheckIfDue(context.Background(), svc, day.Add(24*time.Hour)); r == nil || svc.checks != 2 {
		t.Fatalf("next day: %v, %d checks", r, svc.checks)
	}
	svc.err, svc.result = errors.New("refused"), nil
	if r := CheckIfDue(context.Background(), svc, day.Add(48*time.Hour)); r != nil {
		t.Fatalf("refusal shown: %v", r)
	}
	off := &fakeService{mode: update.ModeOff, result: newer(false)}
	if r := CheckIfDue(context.Background(), off, day); r != nil || off.checks != 0 {
		t.Fatalf("off: %v, %d checks", r, off.checks)
	}
}

// Start checks on its own goroutine and shows the result through do.
func TestStartShowsThroughDo(t *testing.T) {
	b := banner(t, i18n.JA, nil)
	svc := &fakeService{mode: update.ModeNotify, result: newer(false)}
	shown := make(chan struct{})
	stop := Start(svc, b, time.Now, func(f func()) { f(); close(shown) })
	defer stop()
	select {
	case <-shown:
	case <-time.After(5 * time.Second):
		t.Fatal("no banner")
	}
	if !b.Content().Visible() {
		t.Error("banner hidden")
	}
}
