package keyview

import (
	"context"
	"errors"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// form is a dialog with PIN fields, a message line and two buttons.
type form struct {
	s      *Screen
	m      *modal
	fields *fyne.Container
	msg    *jptext.Label
	submit *widget.Button
	cancel *widget.Button
	first  fyne.Focusable
}

// newForm opens a dialog: intro text, the labelled fields, a message
// line. Esc and Cancel close it and cancel a running operation.
func (s *Screen) newForm(title, intro, submitText string, onSubmit func(), rows ...fyne.CanvasObject) *form {
	f := &form{s: s, fields: container.New(layout.NewFormLayout(), rows...), msg: errorLabel("")}
	f.msg.Hide()
	f.cancel = widget.NewButtonWithIcon(s.tr("cancel"), theme.CancelIcon(), f.close)
	f.submit = widget.NewButtonWithIcon(submitText, theme.ConfirmIcon(), onSubmit)
	f.submit.Importance = widget.HighImportance
	body := container.NewVBox(wrapped(intro), f.fields, f.msg)
	f.m = s.showModal(title, body, f.close, f.cancel, f.submit)
	for _, r := range rows {
		if fo, ok := r.(fyne.Focusable); ok {
			f.first = fo
			s.win.Canvas().Focus(fo)
			break
		}
	}
	return f
}

func (f *form) close() {
	f.s.cancel()
	f.m.close()
	for _, o := range f.fields.Objects {
		if e, ok := o.(*pinEntry); ok {
			e.clear()
		}
	}
}

// say shows text on the message line ("" hides it).
func (f *form) say(text string) {
	f.msg.SetText(text)
	f.msg.Importance = widget.DangerImportance
	f.msg.Show()
	if text == "" {
		f.msg.Hide()
	}
	f.m.fit()
}

// sayOK shows a neutral message (progress).
func (f *form) sayOK(text string) {
	f.say(text)
	f.msg.Importance = widget.MediumImportance
	f.msg.Refresh()
}

// working disables the form while the key is talked to.
func (f *form) working(on bool) {
	enable(f.submit, !on)
	for _, o := range f.fields.Objects {
		if e, ok := o.(*pinEntry); ok {
			enable(e, !on)
		}
	}
}

// fail shows an operation's error in the form, so the user can retry.
func (f *form) fail(err error) {
	f.working(false)
	if errors.Is(err, securitykey.ErrAdminRequired) {
		f.close()
		f.s.showAdminDialog()
		return
	}
	if userStopped(err) {
		f.sayOK(f.s.localize(err))
		return
	}
	f.say(f.s.localize(err))
}

func (s *Screen) label(key string) *widget.Label {
	return widget.NewLabelWithStyle(s.tr(key), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

// newPINProblem is what is wrong with a new PIN and its confirmation so
// far, checked locally as the user types; nil when it can be set. The
// mismatch is only reported once the confirmation is as long as the PIN
// (or final is set, on submit), not at every keystroke before.
func newPINProblem(pin, confirm string, final bool) error {
	if pin == "" && confirm == "" && !final {
		return errIncomplete
	}
	_, err := securitykey.CheckNewPIN(pin, confirm)
	if err == nil || final {
		return err
	}
	if _, alone := securitykey.CheckNewPIN(pin, pin); alone != nil {
		return alone
	}
	if utf8.RuneCountInString(confirm) < utf8.RuneCountInString(pin) {
		return errIncomplete
	}
	return err
}

// errIncomplete: nothing to say yet, but nothing to submit either.
var errIncomplete = errors.New("incomplete")

// liveCheck shows problem's verdict and enables submit only when there
// is none.
func (f *form) liveCheck(problem error) {
	enable(f.submit, problem == nil)
	if problem == nil || problem == errIncomplete {
		f.say("")
		return
	}
	f.say(i18n.Localize(problem, f.s.lang()))
}

// pinFlow sets or changes one key's PIN.
type pinFlow struct {
	*Screen
	k securitykey.KeyInfo
}

// set is the form for a key's first PIN. Nothing reaches the key until
// CheckNewPIN accepts the PIN and its confirmation.
func (pf pinFlow) set() {
	pin, confirm := pf.newPINEntry(pf.tr("new_pin")), pf.newPINEntry(pf.tr("confirm_pin"))
	var f *form
	submit := func() {
		if err := newPINProblem(pin.Text, confirm.Text, true); err != nil {
			f.liveCheck(err)
			return
		}
		p, c := pin.Text, confirm.Text
		f.working(true)
		f.sayOK(pf.tr("working"))
		if !pf.begin(func(ctx context.Context, svc Service) func() {
			err := svc.SetPIN(ctx, pf.k.Path, p, c)
			return func() {
				if err != nil {
					f.fail(err)
					return
				}
				f.close()
				pf.showInfo(pf.tr("pin_set_title"), pf.tr("pin_set_done"), pf.tr("pin_set_next"))
			}
		}) {
			f.working(false)
		}
	}
	f = pf.newForm(pf.tr("set_pin_title"), pf.tr("set_pin_intro"), pf.tr("set_pin"), submit,
		pf.label("new_pin"), pin, pf.label("confirm_pin"), confirm)
	check := func(string) { f.liveCheck(newPINProblem(pin.Text, confirm.Text, false)) }
	pin.OnChanged, confirm.OnChanged = check, check
	pf.chain(submit, pin, confirm)
	f.submit.Disable()
}

// change is the form to replace a PIN. A wrong current PIN costs
// a retry; the message then says how many are left.
func (pf pinFlow) change() {
	old, pin, confirm := pf.newPINEntry(pf.tr("old_pin")), pf.newPINEntry(pf.tr("new_pin")), pf.newPINEntry(pf.tr("confirm_pin"))
	var f *form
	problem := func(final bool) error {
		if err := newPINProblem(pin.Text, confirm.Text, final); err != nil {
			return err
		}
		if old.Text == "" && !final {
			return errIncomplete
		}
		_, _, err := securitykey.CheckNewPINChange(old.Text, pin.Text, confirm.Text)
		return err
	}
	submit := func() {
		if err := problem(true); err != nil {
			f.liveCheck(err)
			return
		}
		o, p, c := old.Text, pin.Text, confirm.Text
		f.working(true)
		f.sayOK(pf.tr("working"))
		if !pf.begin(func(ctx context.Context, svc Service) func() {
			err := svc.ChangePIN(ctx, pf.k.Path, o, p, c)
			return func() {
				if err != nil {
					f.fail(err)
					if errors.Is(err, securitykey.ErrPINInvalid) {
						old.clear()
						pf.win.Canvas().Focus(old)
					}
					return
				}
				f.close()
				pf.showInfo(pf.tr("pin_changed_title"), pf.tr("pin_changed_done"))
			}
		}) {
			f.working(false)
		}
	}
	f = pf.newForm(pf.tr("change_pin_title"), pf.tr("change_pin_intro"), pf.tr("change_pin"), submit,
		pf.label("old_pin"), old, pf.label("new_pin"), pin, pf.label("confirm_pin"), confirm)
	check := func(string) { f.liveCheck(problem(false)) }
	old.OnChanged, pin.OnChanged, confirm.OnChanged = check, check, check
	pf.chain(submit, old, pin, confirm)
	f.submit.Disable()
}

// askPIN is a form for the key's current PIN before an operation that
// needs it. run gets the PIN off the UI goroutine; its error stays in
// the form (wrong PIN: retries left), success closes the form and runs
// then.
func (s *Screen) askPIN(title, intro, submitText string, run func(ctx context.Context, svc Service, pin string) (then func(), err error)) {
	pin := s.newPINEntry(s.tr("pin"))
	var f *form
	submit := func() {
		if _, err := securitykey.CheckCurrentPIN(pin.Text); err != nil {
			f.say(i18n.Localize(err, s.lang()))
			return
		}
		p := pin.Text
		f.working(true)
		f.sayOK(s.tr("working"))
		if !s.begin(func(ctx context.Context, svc Service) func() {
			then, err := run(ctx, svc, p)
			return func() {
				if err != nil {
					f.fail(err)
					if errors.Is(err, securitykey.ErrPINInvalid) {
						pin.clear()
						s.win.Canvas().Focus(pin)
					}
					return
				}
				f.close()
				if then != nil {
					then()
				}
			}
		}) {
			f.working(false)
		}
	}
	f = s.newForm(title, intro, submitText, submit, s.label("pin"), pin)
	s.chain(submit, pin)
}
