package keyview

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/omtheme/themetest"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// uiQueue stands in for the UI goroutine: operations post to it from
// their goroutines, and the test goroutine runs what was posted. So every
// widget is touched by the test goroutine only, as fyne.Do guarantees in
// the app (the test driver's fyne.Do would run f on the caller's
// goroutine instead).
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) post(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *uiQueue) pump() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
		}
	}
}

// harness is the screen in a test window.
type harness struct {
	t    *testing.T
	win  fyne.Window
	scr  *Screen
	q    *uiQueue
	lang i18n.Lang
}

func newApp(t *testing.T) {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(themetest.New())
}

// newPracticeHarness opens the screen in practice mode on pd.
func newPracticeHarness(t *testing.T, l i18n.Lang, pd *practice.Driver, opts Options) *harness {
	t.Helper()
	svc := securitykey.New(pd)
	opts.NewPractice = func() (Service, Practice, error) { return svc, pd, nil }
	opts.StartInPractice = true
	return newHarness(t, l, opts)
}

func newHarness(t *testing.T, l i18n.Lang, opts Options) *harness {
	t.Helper()
	newApp(t)
	h := &harness{t: t, q: &uiQueue{}, lang: l}
	opts.Lang = func() i18n.Lang { return h.lang }
	h.win = test.NewWindow(nil)
	t.Cleanup(h.win.Close)
	h.scr = newScreen(h.win, opts, h.q.post)
	h.win.SetContent(h.scr.Content())
	h.win.Resize(fyne.NewSize(760, 820))
	return h
}

func practiceKey(t *testing.T) *practice.Driver {
	t.Helper()
	pd, err := practice.New(practice.Options{TouchTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return pd
}

// tr is a text of this screen in the harness's language.
func (h *harness) tr(key string, kv ...any) string { return msg(key, kv...).In(h.lang) }

// until pumps the UI queue until cond holds.
func (h *harness) until(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		h.q.pump()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; screen shows:\n%s", what, strings.Join(h.texts(), "\n"))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// poll reads the key list now, as the ticker would.
func (h *harness) poll() {
	h.scr.poll()
	h.q.pump()
}

// top is what the user can interact with: the top dialog, else the screen.
func (h *harness) top() fyne.CanvasObject {
	if o := h.win.Canvas().Overlays().Top(); o != nil {
		return o
	}
	return h.win.Canvas().Content()
}

// texts are the labels the user can read on top.
func (h *harness) texts() []string { return uitest.Texts(h.top()) }

func (h *harness) shows(text string) bool {
	for _, s := range h.texts() {
		if strings.Contains(s, text) {
			return true
		}
	}
	return false
}

func (h *harness) mustShow(text string) {
	h.t.Helper()
	if !h.shows(text) {
		h.t.Fatalf("%q not shown; screen shows:\n%s", text, strings.Join(h.texts(), "\n"))
	}
}

func (h *harness) mustNotShow(text string) {
	h.t.Helper()
	if h.shows(text) {
		h.t.Fatalf("%q shown; screen shows:\n%s", text, strings.Join(h.texts(), "\n"))
	}
}

func (h *harness) buttons(text string) []*widget.Button {
	return uitest.All(h.top(), func(b *widget.Button) bool { return b.Text == text })
}

func (h *harness) button(text string) *widget.Button {
	h.t.Helper()
	bs := h.buttons(text)
	if len(bs) == 0 {
		h.t.Fatalf("no button %q; screen shows:\n%s", text, strings.Join(h.texts(), "\n"))
	}
	return bs[0]
}

// tap presses a button that must be enabled.
func (h *harness) tap(text string) {
	h.t.Helper()
	b := h.button(text)
	if b.Disabled() {
		h.t.Fatalf("button %q is disabled", text)
	}
	test.Tap(b)
	h.q.pump()
}

func (h *harness) entries() []*pinEntry {
	return uitest.All[*pinEntry](h.top(), nil)
}

// fill types into the dialog's fields in order ("" leaves one alone).
func (h *harness) fill(values ...string) []*pinEntry {
	h.t.Helper()
	es := h.entries()
	if len(es) != len(values) {
		h.t.Fatalf("%d fields, want %d", len(es), len(values))
	}
	for i, v := range values {
		if v != "" {
			es[i].SetText("")
			test.Type(es[i], v)
		}
	}
	h.q.pump()
	return es
}

func key(e fyne.Focusable, name fyne.KeyName) { e.TypedKey(&fyne.KeyEvent{Name: name}) }

// escape is the Esc key with no field focused.
func (h *harness) escape() {
	h.win.Canvas().Unfocus()
	if f := h.win.Canvas().OnTypedKey(); f != nil {
		f(&fyne.KeyEvent{Name: fyne.KeyEscape})
	}
	h.q.pump()
}

// enter is the Enter key with no field focused.
func (h *harness) enter() {
	h.win.Canvas().Unfocus()
	if f := h.win.Canvas().OnTypedKey(); f != nil {
		f(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	h.q.pump()
}

// keyState asks the virtual key itself, not the screen or the service.
func keyState(t *testing.T, k *virtualkey.Key) virtualkey.Info {
	t.Helper()
	info, err := k.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// waitTouch waits until the key waits for a touch.
func waitTouch(t *testing.T, pd *practice.Driver) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !pd.WaitingForTouch() {
		if time.Now().After(deadline) {
			t.Fatal("the key never waited for a touch")
		}
		time.Sleep(time.Millisecond)
	}
}
