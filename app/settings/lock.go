package settings

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Lock is the app lock's part of the dialog.
type Lock struct {
	Forced        bool // an administrator's policy decides: shown, not changeable
	Sealed        bool // the registration info is sealed (internal/seal): the lock is always on
	Locked        bool // opened from the lock screen: the lock cannot change
	CanUnlock     bool // a passphrase or a key is set already
	SetPassphrase func(string) error
	// SetKey makes the lock's credential on the plugged-in security key
	// with its PIN (and touches); done gets the result on the UI's
	// goroutine. nil: no security-key library, no button.
	SetKey func(pin string, done func(error))
	// SealCheck says whether the registration info can be sealed now
	// (internal/seal: a passphrase backup made first, a key with
	// hmac-secret plugged in): nil, or the reason shown instead of the
	// PIN form. Seal seals with the key's PIN (two touches); done gets
	// the result on the UI's goroutine. Both nil: no button.
	SealCheck func() error
	Seal      func(pin string, done func(error))
	// Unseal turns sealing off (the same use case as omamori seal off:
	// every item back in the keyring as it was); done gets the result on
	// the UI's goroutine. nil: no button.
	Unseal func(done func(error))
}

type lockFields struct {
	lock  *Lock
	cur   bool // the lock setting as saved, shown again once unsealed
	l     i18n.Lang
	on    *a11y.Check
	idle  *a11y.Select
	idles []choice
	pass  *a11y.Entry
	obj   fyne.CanvasObject
}

func newLockFields(lock *Lock, cur Settings, l i18n.Lang, w fyne.Window) *lockFields {
	t := func(key string, kv ...any) string { return cat.M(key, kv...).In(l) }
	f := &lockFields{lock: lock, cur: cur.Lock, l: l}
	for _, n := range LockIdleChoices {
		label := t("lock_idle_never")
		if n > 0 {
			label = t("lock_idle_minutes", "N", n)
		}
		f.idles = append(f.idles, choice{strconv.Itoa(n), label})
	}
	f.on = a11y.NewCheck(l, t("lock_on"), nil)
	f.on.SetChecked(cur.Lock)
	f.idle = a11y.NewSelect(l, t("lock_idle"), labels(f.idles), nil)
	f.idle.SetSelected(pick(f.idles, strconv.Itoa(cur.LockIdleMinutes)))
	title := widget.NewLabelWithStyle(t("lock_section"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	box := container.NewVBox(widget.NewSeparator(), title)
	note := func(key string) {
		n := jptext.NewLabel(t(key))
		n.SizeName = theme.SizeNameCaptionText
		box.Add(n)
	}
	switch {
	case lock.Locked:
		f.on.Disable()
		f.idle.Disable()
		box.Add(f.on)
		note("lock_while_locked")
	case lock.Sealed:
		f.on.SetChecked(true)
		f.on.Disable()
		if lock.Unseal != nil {
			box.Add(container.NewBorder(nil, nil, nil, widget.NewButton(t("unseal_button"), func() { f.askUnseal(w) }), f.on))
		} else {
			box.Add(f.on)
		}
		note("lock_sealed")
	case lock.Forced:
		f.on.Disable()
		box.Add(f.on)
		note("lock_forced")
	case lock.SetKey != nil:
		// Under the check box, not beside it: beside it the row was wider
		// than wine's 528-pixel window and the buttons were cut off (the
		// rows scroll when the dialog is too tall, so height is not short).
		key := widget.NewButtonWithIcon(t("lock_key_short"), theme.LoginIcon(), func() { f.askKeyPIN(w) })
		buttons := container.NewHBox(key)
		if lock.Seal != nil && lock.SealCheck != nil {
			buttons.Add(widget.NewButton(t("seal_button"), func() { f.askSeal(w) }))
		}
		box.Add(f.on)
		box.Add(buttons)
	default:
		box.Add(f.on)
	}
	box.Add(widget.NewForm(widget.NewFormItem(t("lock_idle"), f.idle)))
	if !lock.Locked {
		f.pass = a11y.NewPasswordEntry(l, t("lock_passphrase"))
		box.Add(widget.NewForm(widget.NewFormItem(t("lock_passphrase"), f.pass)))
		note("lock_passphrase_hint")
	}
	f.obj = box
	return f
}

// askKeyPIN asks for the key's PIN and sets the key up for the lock.
func (f *lockFields) askKeyPIN(w fyne.Window) {
	t := func(key string) string { return cat.M(key).In(f.l) }
	pin := a11y.NewPasswordEntry(f.l, t("lock_key_pin"))
	dialog.ShowForm(t("lock_key_button"), t("lock_key_go"), t("cancel"),
		[]*widget.FormItem{widget.NewFormItem(t("lock_key_pin"), pin)}, func(ok bool) {
			typed := pin.Text
			pin.SetText("")
			if !ok {
				return
			}
			touch := dialog.NewInformation(t("lock_key_button"), t("lock_key_touch"), w)
			touch.Show()
			f.lock.SetKey(typed, func(err error) {
				touch.Hide()
				if err != nil {
					dialog.ShowInformation(t("lock_not_saved"), i18n.Localize(err, f.l), w)
					return
				}
				f.lock.CanUnlock = true
				dialog.ShowInformation(t("lock_key_button"), t("lock_key_done"), w)
			})
		}, w)
}

// askSeal seals the registration info: first the reason it cannot (no
// passphrase backup yet: the way back if the key is lost), else what
// sealing means and the key's PIN.
func (f *lockFields) askSeal(w fyne.Window) {
	t := func(key string) string { return cat.M(key).In(f.l) }
	if err := f.lock.SealCheck(); err != nil {
		dialog.ShowInformation(t("seal_not_now"), i18n.Localize(err, f.l), w)
		return
	}
	pin := a11y.NewPasswordEntry(f.l, t("lock_key_pin"))
	body := container.NewVBox(jptext.NewLabel(t("seal_explain")),
		widget.NewForm(widget.NewFormItem(t("lock_key_pin"), pin)))
	d := dialog.NewCustomConfirm(t("seal_title"), t("seal_go"), t("cancel"), body, func(ok bool) {
		typed := pin.Text
		pin.SetText("")
		if !ok {
			return
		}
		touch := dialog.NewInformation(t("seal_title"), t("lock_key_touch"), w)
		touch.Show()
		f.lock.Seal(typed, func(err error) {
			touch.Hide()
			if err != nil {
				dialog.ShowInformation(t("seal_not_now"), i18n.Localize(err, f.l), w)
				return
			}
			f.lock.Sealed, f.lock.CanUnlock = true, true
			f.on.SetChecked(true)
			f.on.Disable()
			dialog.ShowInformation(t("seal_title"), t("seal_done"), w)
		})
	}, w)
	// Wide enough for the explanation to wrap in a few lines.
	d.Resize(fyne.NewSize(min(480, w.Canvas().Size().Width-32), 0))
	d.Show()
}

// askUnseal says what turning sealing off means, then does it. The lock
// then shows its own setting again, changeable unless a policy fixes it.
func (f *lockFields) askUnseal(w fyne.Window) {
	t := func(key string) string { return cat.M(key).In(f.l) }
	d := dialog.NewCustomConfirm(t("unseal_title"), t("unseal_go"), t("cancel"), jptext.NewLabel(t("unseal_explain")), func(ok bool) {
		if !ok {
			return
		}
		f.lock.Unseal(func(err error) {
			if err != nil {
				dialog.ShowInformation(t("unseal_not_now"), i18n.Localize(err, f.l), w)
				return
			}
			f.lock.Sealed = false
			f.on.SetChecked(f.cur || f.lock.Forced)
			if !f.lock.Forced {
				f.on.Enable()
			}
			dialog.ShowInformation(t("unseal_title"), t("unseal_done"), w)
		})
	}, w)
	d.Resize(fyne.NewSize(min(480, w.Canvas().Size().Width-32), 0))
	d.Show()
}

// save puts the lock's choices into s and stores a new passphrase. The
// lock is not turned on (and a message says why) when it would have no
// way back; the other settings are saved all the same.
func (f *lockFields) save(s *Settings, w fyne.Window) {
	if f.lock.Locked {
		return // nothing about the lock changes from the lock screen
	}
	t := func(key string) string { return cat.M(key).In(f.l) }
	if f.pass.Text != "" {
		err := f.lock.SetPassphrase(f.pass.Text)
		f.pass.SetText("")
		if err != nil {
			dialog.ShowInformation(t("lock_not_saved"), i18n.Localize(err, f.l), w)
			return
		}
		f.lock.CanUnlock = true
	}
	if f.on.Checked && !f.lock.CanUnlock && !f.lock.Forced {
		dialog.ShowInformation(t("lock_not_saved"), t("lock_need_passphrase"), w)
		return
	}
	if !f.lock.Forced && !f.lock.Sealed {
		s.Lock = f.on.Checked
	}
	s.LockIdleMinutes, _ = strconv.Atoi(valueOf(f.idles, f.idle.Selected))
}
