package settings

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
	"github.com/omamori-app/omamori/internal/update"
)

func lockDialog(t *testing.T, cur Settings, lock *Lock) (dialog.Dialog, fyne.CanvasObject, *Settings) {
	d, body, got, _ := lockDialogIn(t, cur, lock)
	return d, body, got
}

func lockDialogIn(t *testing.T, cur Settings, lock *Lock) (dialog.Dialog, fyne.CanvasObject, *Settings, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(600, 800))
	got := new(Settings)
	d := ShowWithLock(w, i18n.EN, cur, false, nil, lock, func(s Settings) { *got = s })
	return d, w.Canvas().Overlays().Top(), got, w
}

func lockCheck(t *testing.T, body fyne.CanvasObject) *a11y.Check {
	t.Helper()
	c, ok := uitest.Find(body, func(c *a11y.Check) bool { return c.Text == cat.M("lock_on").In(i18n.EN) })
	if !ok {
		t.Fatal("no lock check box")
	}
	return c
}

// Turning the lock on needs a way back: without a passphrase it stays
// off; with one typed, the passphrase goes to SetPassphrase (and nowhere
// into the settings) and the lock is on.
func TestLockNeedsPassphrase(t *testing.T) {
	var set []string
	lock := &Lock{SetPassphrase: func(p string) error { set = append(set, p); return nil }}
	d, body, got := lockDialog(t, Settings{}, lock)
	lockCheck(t, body).SetChecked(true)
	d.(*dialog.ConfirmDialog).Confirm()
	if got.Lock {
		t.Fatal("the lock was turned on with no passphrase and no key")
	}

	d, body, got = lockDialog(t, Settings{}, lock)
	lockCheck(t, body).SetChecked(true)
	pass, _ := uitest.Find(body, func(e *a11y.Entry) bool { return e.Password })
	test.Type(pass, "ひみつの合言葉")
	idle, _ := uitest.Find(body, func(s *a11y.Select) bool { return s.Options[0] == cat.M("lock_idle_never").In(i18n.EN) })
	idle.SetSelected(cat.M("lock_idle_minutes", "N", 5).In(i18n.EN))
	d.(*dialog.ConfirmDialog).Confirm()
	if !got.Lock || got.LockIdleMinutes != 5 || len(set) != 1 || set[0] != "ひみつの合言葉" || pass.Text != "" {
		t.Fatalf("lock %v idle %d, passphrase set %d times, entry left %q", got.Lock, got.LockIdleMinutes, len(set), pass.Text)
	}
}

// Opened from the lock screen, nothing about the lock can change and no
// passphrase field is offered; a policy fixes the check box.
func TestLockSectionLockedAndForced(t *testing.T) {
	d, body, got := lockDialog(t, Settings{Lock: true, LockIdleMinutes: 5}, &Lock{Locked: true, CanUnlock: true})
	c := lockCheck(t, body)
	if !c.Disabled() {
		t.Fatal("the lock can be turned off from the lock screen")
	}
	if _, ok := uitest.Find(body, func(e *a11y.Entry) bool { return e.Password }); ok {
		t.Fatal("a passphrase can be set from the lock screen")
	}
	c.SetChecked(false) // even if it were changed
	d.(*dialog.ConfirmDialog).Confirm()
	if !got.Lock || got.LockIdleMinutes != 5 {
		t.Fatalf("saving from the lock screen changed the lock: %+v", got)
	}

	_, body, _ = lockDialog(t, Settings{}, &Lock{Forced: true})
	if !lockCheck(t, body).Disabled() {
		t.Fatal("a lock the policy fixes can be changed")
	}

	// Sealed: shown on and fixed, and the note says why (not a policy).
	_, body, _ = lockDialog(t, Settings{}, &Lock{Forced: true, Sealed: true, CanUnlock: true})
	if c := lockCheck(t, body); !c.Disabled() || !c.Checked {
		t.Fatal("a sealed folder's lock shows off or can be changed")
	}
	text := strings.Join(uitest.Texts(body), "\n")
	if !strings.Contains(text, "omamori seal off") || strings.Contains(text, cat.M("lock_forced").In(i18n.EN)) {
		t.Fatalf("sealed note:\n%s", text)
	}
}

// The key is set up from the settings with its PIN; once done the lock
// can be turned on without a passphrase.
func TestLockKeySetUp(t *testing.T) {
	var pins []string
	lock := &Lock{SetPassphrase: func(string) error { return nil },
		SetKey: func(pin string, done func(error)) { pins = append(pins, pin); done(nil) }}
	d, body, got, w := lockDialogIn(t, Settings{}, lock)
	test.Tap(uitest.Button(body, cat.M("lock_key_short").In(i18n.EN)))
	form := w.Canvas().Overlays().Top()
	pin, ok := uitest.Find(form, func(e *a11y.Entry) bool { return e.Password })
	if !ok {
		t.Fatal("no PIN field")
	}
	test.Type(pin, "1234")
	test.Tap(uitest.Button(form, cat.M("lock_key_go").In(i18n.EN)))
	if len(pins) != 1 || pins[0] != "1234" || !lock.CanUnlock {
		t.Fatalf("key set up with %v, can unlock %v", pins, lock.CanUnlock)
	}
	uitest.GoldenCanvas(t, "lock_key_done_en.png", w.Canvas())
	lockCheck(t, body).SetChecked(true)
	d.(*dialog.ConfirmDialog).Confirm()
	if !got.Lock {
		t.Fatal("the lock stayed off with a key set up")
	}
}

// Sealing from the settings: without a passphrase backup the reason is
// shown and no PIN is asked; then the explanation and the PIN, which
// goes to Seal, and the lock shows on and fixed.
func TestSealFromSettings(t *testing.T) {
	var pins []string
	check := errors.New("make a passphrase backup first")
	lock := &Lock{SetPassphrase: func(string) error { return nil }, SetKey: func(string, func(error)) {},
		SealCheck: func() error { return check },
		Seal:      func(pin string, done func(error)) { pins = append(pins, pin); done(nil) }}
	_, body, _, w := lockDialogIn(t, Settings{}, lock)
	test.Tap(uitest.Button(body, cat.M("seal_button").In(i18n.EN)))
	top := w.Canvas().Overlays().Top()
	if _, ok := uitest.Find(top, func(e *a11y.Entry) bool { return e.Password }); ok || !strings.Contains(strings.Join(uitest.Texts(top), "\n"), check.Error()) {
		t.Fatalf("sealing not possible, yet the dialog is:\n%s", strings.Join(uitest.Texts(top), "\n"))
	}
	w.Canvas().Overlays().Remove(top)

	check = nil
	lock.SealCheck = func() error { return nil }
	test.Tap(uitest.Button(body, cat.M("seal_button").In(i18n.EN)))
	form := w.Canvas().Overlays().Top()
	if !strings.Contains(strings.Join(uitest.Texts(form), "\n"), "passphrase backup") {
		t.Fatalf("no explanation:\n%s", strings.Join(uitest.Texts(form), "\n"))
	}
	pin, ok := uitest.Find(form, func(e *a11y.Entry) bool { return e.Password })
	if !ok {
		t.Fatal("no PIN field")
	}
	test.Type(pin, "1234")
	uitest.GoldenCanvas(t, "seal_form_en.png", w.Canvas())
	test.Tap(uitest.Button(form, cat.M("seal_go").In(i18n.EN)))
	if len(pins) != 1 || pins[0] != "1234" || !lock.Sealed || !lockCheck(t, body).Checked || !lockCheck(t, body).Disabled() {
		t.Fatalf("sealed with %v, sealed %v", pins, lock.Sealed)
	}
}

// Unsealing from the settings: the button is beside the fixed lock, the
// confirmation says the registration info becomes readable again, and
// once Unseal succeeds the lock shows its saved setting, changeable; a
// refusal keeps it sealed and says why.
func TestUnsealFromSettings(t *testing.T) {
	var unsealErr error
	calls := 0
	lock := &Lock{Sealed: true, CanUnlock: true, SetPassphrase: func(string) error { return nil },
		Unseal: func(done func(error)) { calls++; done(unsealErr) }}
	d, body, got, w := lockDialogIn(t, Settings{Lock: false}, lock)
	unsealErr = errors.New("the security key is not plugged in")
	test.Tap(uitest.Button(body, cat.M("unseal_button").In(i18n.EN)))
	confirm := w.Canvas().Overlays().Top()
	if !strings.Contains(strings.Join(uitest.Texts(confirm), "\n"), "other programs") {
		t.Fatalf("no explanation:\n%s", strings.Join(uitest.Texts(confirm), "\n"))
	}
	test.Tap(uitest.Button(confirm, cat.M("unseal_go").In(i18n.EN)))
	if top := w.Canvas().Overlays().Top(); calls != 1 || !lock.Sealed || !lockCheck(t, body).Disabled() ||
		!strings.Contains(strings.Join(uitest.Texts(top), "\n"), unsealErr.Error()) {
		t.Fatalf("refused: calls %d, sealed %v", calls, lock.Sealed)
	}
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())

	unsealErr = nil
	test.Tap(uitest.Button(body, cat.M("unseal_button").In(i18n.EN)))
	test.Tap(uitest.Button(w.Canvas().Overlays().Top(), cat.M("unseal_go").In(i18n.EN)))
	if c := lockCheck(t, body); calls != 2 || lock.Sealed || c.Disabled() || c.Checked {
		t.Fatalf("unsealed: calls %d, sealed %v, check disabled %v checked %v", calls, lock.Sealed, c.Disabled(), c.Checked)
	}
	w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	lockCheck(t, body).SetChecked(true)
	d.(*dialog.ConfirmDialog).Confirm()
	if !got.Lock {
		t.Fatal("the lock turned on after unsealing was not saved")
	}
}

// In a window too short for every row (wine's 800×600 desktop, large
// text) the settings scroll: Save and Cancel never cover the last rows
// (they covered the lock rows under wine).
func TestSettingsFitAShortWindow(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(600, 420))
	ShowWithLock(w, i18n.EN, Settings{}, true, nil, &Lock{SetPassphrase: func(string) error { return nil }}, func(Settings) {})
	top := w.Canvas().Overlays().Top()
	save, ok := uitest.Find(top, func(b *widget.Button) bool { return b.Text == cat.M("save").In(i18n.EN) })
	if !ok {
		t.Fatal("no Save button")
	}
	saveTop := fyne.CurrentApp().Driver().AbsolutePositionForObject(save).Y
	bottom := func(o fyne.CanvasObject) float32 {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y + o.Size().Height
	}
	// What must not lie under the buttons: the scroll holding the rows,
	// or, without one, the last row itself.
	last := fyne.CanvasObject(lockCheck(t, top))
	if sc, ok := uitest.Find(top, func(*container.Scroll) bool { return true }); ok {
		last = sc
	}
	if b := bottom(last); b > saveTop {
		t.Errorf("the settings reach y=%v, under the Save button at y=%v", b, saveTop)
	}
}

// The settings fit wine's 528-pixel window in both languages, in normal
// and large text, lock,
// clock and update rows included: nothing reaches past the window's
// right edge (in Japanese the clock check and the 「コピーした…」 label
// used to push the selects and the scroll bar out of sight).
func TestSettingsFitANarrowWindow(t *testing.T) {
	for _, c := range []struct {
		l     i18n.Lang
		large bool
	}{{i18n.JA, false}, {i18n.EN, false}, {i18n.JA, true}, {i18n.EN, true}} {
		l := c.l
		t.Run(fmt.Sprintf("%s/large=%v", l, c.large), func(t *testing.T) {
			test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, c.large))
			w := test.NewWindow(nil)
			t.Cleanup(w.Close)
			w.Resize(fyne.NewSize(528, 560))
			clock := &Clock{Save: func(timesync.Prefs) error { return nil }}
			lock := &Lock{SetPassphrase: func(string) error { return nil }}
			upd := &Update{Service: &fakeFeed{mode: update.ModeAutomatic, set: true}, Do: func(f func()) { f() }}
			ShowWithUpdate(w, l, Settings{}, true, clock, lock, upd, func(Settings) {})
			if !strings.Contains(texts(w.Canvas().Overlays().Top()), update.ModeLabel(update.ModeAutomatic, runtime.GOOS).In(l)) {
				t.Error("no update mode line")
			}
			for _, p := range uitest.PastRightEdge(w.Canvas()) {
				t.Error(p)
			}
		})
	}
}
