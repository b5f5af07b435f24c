package keyview

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// dialogWidth keeps wrapped text in dialogs readable: about 36
// Japanese characters a line (520 at the usual 14), at any text size
// (the shell's larger-text setting).
func dialogWidth() float32 { return 520 * theme.TextSize() / 14 }

// dialogs is the screen's stack of open dialogs and the window's key
// handler while any is open: Esc and Enter go to the top one.
type dialogs struct {
	win     fyne.Window
	modals  []*modal
	prevKey func(*fyne.KeyEvent) // the window's own handler, back when the last closes
}

// modal is one of the screen's dialogs. Esc runs onEsc (close, and
// cancel what it started); Enter with no field focused runs onEnter, if
// set (messages: OK; never a destructive action).
type modal struct {
	stack   *dialogs
	d       *dialog.CustomDialog
	body    *fyne.Container // holds the page shown
	onEsc   func()
	onEnter func()
	open    bool
}

// showModal opens a dialog with the given buttons (dismiss first, the
// main action last, as in fyne's own dialogs).
func (ds *dialogs) showModal(title string, body fyne.CanvasObject, onEsc func(), buttons ...fyne.CanvasObject) *modal {
	m := &modal{stack: ds, body: container.NewStack(body), open: true}
	m.d = dialog.NewCustomWithoutButtons(title, m.body, ds.win)
	m.onEsc = onEsc
	if m.onEsc == nil {
		m.onEsc = m.close
	}
	m.d.SetButtons(buttons)
	if len(ds.modals) == 0 {
		ds.hookEscape()
	}
	ds.modals = append(ds.modals, m)
	m.d.Show()
	m.fit()
	return m
}

// setBody swaps the dialog's content (wizard pages, results).
func (m *modal) setBody(body fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	m.body.Objects = []fyne.CanvasObject{body}
	m.body.Refresh()
	m.d.SetButtons(buttons)
	m.fit()
}

// fit sizes the dialog to its page at the fixed width.
func (m *modal) fit() {
	m.d.Resize(fyne.NewSize(dialogWidth(), 1))
	m.d.Resize(fyne.NewSize(dialogWidth(), m.d.MinSize().Height))
}

func (m *modal) close() {
	if !m.open {
		return
	}
	m.open = false
	m.d.Hide()
	ds := m.stack
	for i, o := range ds.modals {
		if o == m {
			ds.modals = append(ds.modals[:i], ds.modals[i+1:]...)
			break
		}
	}
	if len(ds.modals) == 0 {
		ds.win.Canvas().SetOnTypedKey(ds.prevKey)
		ds.prevKey = nil
	}
}

// hookEscape makes Esc and Enter reach the top dialog when no field has
// the focus (a focused pinEntry passes Esc on itself). While a dialog is
// open, the window's own key handler gets no keys (the shell's Enter
// copies a code); it is restored when the last dialog closes.
func (ds *dialogs) hookEscape() {
	c := ds.win.Canvas()
	ds.prevKey = c.OnTypedKey()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			ds.escape()
		case fyne.KeyReturn, fyne.KeyEnter:
			ds.enter()
		}
	})
}

// escape closes the top dialog; false when none is open.
func (ds *dialogs) escape() bool {
	if len(ds.modals) == 0 {
		return false
	}
	ds.modals[len(ds.modals)-1].onEsc()
	return true
}

// enter runs the top dialog's default action; false when there is none.
func (ds *dialogs) enter() bool {
	if len(ds.modals) == 0 || ds.modals[len(ds.modals)-1].onEnter == nil {
		return false
	}
	ds.modals[len(ds.modals)-1].onEnter()
	return true
}

// pinEntry is a password field that passes Esc to the dialog.
type pinEntry struct {
	widget.Entry
	dl   *dialogs
	lang func() i18n.Lang // the screen's language, for screen readers
	name string           // read by screen readers with how many characters are typed
}

func (s *Screen) newPINEntry(name string) *pinEntry {
	e := &pinEntry{dl: &s.dialogs, lang: s.lang, name: name}
	e.Password = true
	e.ExtendBaseWidget(e)
	e.ActionItem = newRevealer(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *pinEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.dl.escape() {
		return
	}
	e.Entry.TypedKey(ev)
}

// AccessibilityRole is text.
func (e *pinEntry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// AccessibilityLabel is the field's name and how many characters it holds
// (never the PIN, even while it is shown).
func (e *pinEntry) AccessibilityLabel() string {
	return a11y.Field(e.lang(), e.name, e.Text, e.PlaceHolder, true, "")
}

// clear drops the typed PIN from the field.
func (e *pinEntry) clear() { e.SetText("") }

// revealer shows or hides the typed PIN (older users check what they
// typed); it is tapped, not focused, so Tab skips it.
type revealer struct {
	widget.Icon
	e *pinEntry
}

func newRevealer(e *pinEntry) *revealer {
	r := &revealer{e: e}
	r.SetResource(theme.VisibilityIcon())
	r.ExtendBaseWidget(r)
	return r
}

// Tapped implements fyne.Tappable.
func (r *revealer) Tapped(*fyne.PointEvent) {
	r.e.Password = !r.e.Password
	if r.e.Password {
		r.SetResource(theme.VisibilityIcon())
	} else {
		r.SetResource(theme.VisibilityOffIcon())
	}
	r.e.Refresh()
}

// chain makes Enter in each field move to the next, and submit from the
// last.
func (s *Screen) chain(submit func(), entries ...*pinEntry) {
	for i, e := range entries {
		if i == len(entries)-1 {
			e.OnSubmitted = func(string) { submit() }
			continue
		}
		next := entries[i+1]
		e.OnSubmitted = func(string) { s.win.Canvas().Focus(next) }
	}
}

// onTouch is the service's touch prompt; it runs on the operation's
// goroutine.
func (s *Screen) onTouch(t securitykey.Touch) func() {
	s.post(func() { s.showTouch(t) })
	return func() { s.post(s.hideTouch) }
}

// showTouch is "キーに触れてください" with Cancel; in practice mode also
// the button that stands for the finger.
func (s *Screen) showTouch(t securitykey.Touch) {
	s.hideTouch()
	if !s.busy {
		return // the operation already ended
	}
	text := heading(t.Message().In(s.lang()))
	body := container.NewVBox(bigIcon(theme.NewPrimaryThemedResource(theme.RadioButtonCheckedIcon())), text) // the key's touch pad
	cancel := widget.NewButtonWithIcon(s.tr("cancel"), theme.CancelIcon(), nil)
	buttons := []fyne.CanvasObject{cancel}
	if _, p, _ := s.current(); p != nil {
		body.Add(wrapped(s.tr("touch_practice_hint")))
		touch := widget.NewButtonWithIcon(s.tr("practice_touch"), theme.RadioButtonCheckedIcon(), nil)
		touch.OnTapped = func() { touch.Disable(); p.Touch() } // one touch per prompt
		touch.Importance = widget.HighImportance
		buttons = append(buttons, touch)
	}
	cancelling := func() {
		cancel.Disable()
		cancel.SetText(s.tr("cancelling"))
		s.cancel()
	}
	cancel.OnTapped = cancelling
	s.touch = s.showModal(s.tr("touch_title"), body, cancelling, buttons...)
}

func (s *Screen) hideTouch() {
	if s.touch != nil {
		s.touch.close()
		s.touch = nil
	}
}

// showError is a dialog for an error outside a form. Windows' rule on
// administrators gets its own, with the ways out.
func (s *Screen) showError(err error) {
	if errors.Is(err, securitykey.ErrAdminRequired) {
		s.showAdminDialog()
		return
	}
	if userStopped(err) { // not a failure: say so calmly
		s.showInfo(s.tr("stopped_title"), s.localize(err))
		return
	}
	if errors.Is(err, securitykey.ErrCancelUnconfirmed) { // the key may have done it
		s.showInfo(s.tr("unconfirmed_title"), s.localize(err))
		return
	}
	var m *modal
	ok := widget.NewButton(s.tr("ok"), func() { m.close() })
	ok.Importance = widget.HighImportance
	m = s.showModal(s.tr("error_title"), errorText(err, s.lang()), nil, ok)
	m.onEnter = m.close
}

// userStopped: the user pressed Cancel (not a key that stopped waiting
// because it was pulled out).
func userStopped(err error) bool {
	return errors.Is(err, securitykey.ErrCancelled) && !errors.Is(err, securitykey.ErrRemoved)
}

func errorText(err error, l i18n.Lang) *jptext.Label {
	return errorLabel(i18n.Localize(err, l))
}

func (s *Screen) showAdminDialog() {
	var m *modal
	closeB := widget.NewButton(s.tr("close"), func() { m.close() })
	m = s.showModal(s.tr("admin_title"), s.adminPanel(), nil, closeB)
	m.onEnter = m.close
}

// showInfo is a dialog with a result and an OK button.
func (s *Screen) showInfo(title string, lines ...string) *modal {
	var m *modal
	ok := widget.NewButton(s.tr("ok"), func() { m.close() })
	ok.Importance = widget.HighImportance
	body := container.NewVBox()
	for _, l := range lines {
		body.Add(wrapped(l))
	}
	m = s.showModal(title, body, nil, ok)
	m.onEnter = m.close
	return m
}
