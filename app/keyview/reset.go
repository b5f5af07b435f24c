package keyview

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// resetWizard walks through a reset: what it erases, a second
// confirmation that must be ticked, then unplug, plug back in and touch
// (securitykey.ResetSteps), then the outcome.
type resetWizard struct {
	s *Screen
	k securitykey.KeyInfo
	m *modal

	step     int    // index into ResetSteps while running
	newPath  string // the key's path after it was plugged back in
	steps    *fyne.Container
	progress *jptext.Label
}

// open starts the wizard with its first page.
func (w *resetWizard) open() {
	w.m = w.s.showModal(w.s.tr("reset_title"), container.NewVBox(), w.close)
	w.warning()
}

func (w *resetWizard) close() {
	w.s.cancel()
	w.m.close()
}

func (w *resetWizard) cancelButton() *widget.Button {
	return widget.NewButtonWithIcon(w.s.tr("cancel"), theme.CancelIcon(), w.close)
}

// warning is the first confirmation: what a reset erases.
func (w *resetWizard) warning() {
	s := w.s
	body := container.NewVBox(heading(s.tr("reset_warning_title", "Key", w.k.Name(s.lang()))))
	for _, m := range securitykey.ResetWarning() {
		body.Add(wrapped("• " + m.In(s.lang())))
	}
	w.backups(body)
	next := widget.NewButtonWithIcon(s.tr("next"), theme.NavigateNextIcon(), w.confirm)
	next.Importance = widget.DangerImportance
	cancel := w.cancelButton()
	w.m.setBody(body, cancel, next)
	s.win.Canvas().Focus(cancel)
}

// backups adds what the reset does to backups protected by a key, and a
// way to make a passphrase backup first (it closes the wizard).
func (w *resetWizard) backups(body *fyne.Container) {
	s := w.s
	if s.opts.ResetBackups != nil {
		for _, m := range s.opts.ResetBackups() {
			body.Add(wrapped("• " + m.In(s.lang())))
		}
	}
	if s.opts.MakeBackup != nil {
		makeBackup := s.opts.MakeBackup
		body.Add(container.NewHBox(widget.NewButtonWithIcon(s.tr("reset_make_backup"), theme.DocumentSaveIcon(), func() {
			w.close()
			makeBackup()
		})))
	}
}

// confirm is the second confirmation: the user ticks that everything on
// the key will be erased before the button works.
func (w *resetWizard) confirm() {
	s := w.s
	start := widget.NewButtonWithIcon(s.tr("reset_start"), theme.DeleteIcon(), w.run)
	start.Importance = widget.DangerImportance
	start.Disable()
	tick := a11y.NewCheck(s.lang(), s.tr("reset_understood"), func(on bool) { enable(start, on) })
	body := container.NewVBox(heading(s.tr("reset_confirm_title")), wrapped(s.tr("reset_confirm_text")), tick)
	w.m.setBody(body, w.cancelButton(), start)
	s.win.Canvas().Focus(tick)
}

// run shows the steps and drives them: WaitReplug, then Reset (whose
// touch prompt the screen shows).
func (w *resetWizard) run() {
	s := w.s
	w.steps = container.NewVBox()
	w.progress = heading("")
	body := container.NewVBox(w.progress, w.steps)
	if _, p, _ := s.current(); p != nil {
		body.Add(wrapped(s.tr("reset_practice_hint")))
		body.Add(container.NewHBox(
			widget.NewButton(s.tr("practice_unplug"), func() { p.Unplug(); go s.poll() }),
			widget.NewButton(s.tr("practice_plug"), func() { _ = p.Plug(); go s.poll() })))
	}
	w.m.setBody(body, w.cancelButton())
	w.showStep(0)
	path := w.k.Path
	if !s.begin(func(ctx context.Context, svc Service) func() {
		newPath, err := svc.WaitReplug(ctx, path, func() { s.post(func() { w.showStep(1) }) })
		if err == nil {
			s.post(func() { w.newPath = newPath; w.showStep(2) })
			err = svc.Reset(ctx, newPath)
		}
		return func() { w.outcome(err) }
	}) {
		w.close()
	}
}

// showStep marks steps before i done and i current.
func (w *resetWizard) showStep(i int) {
	if !w.m.open {
		return
	}
	w.step = i
	steps := securitykey.ResetSteps(w.k.Transport)
	w.progress.SetText(w.s.tr("reset_running", "N", i+1, "Of", len(steps)))
	w.steps.RemoveAll()
	for n, m := range steps {
		icon := theme.RadioButtonIcon()
		l := wrapped(m.In(w.s.lang()))
		num := widget.NewLabel(fmt.Sprintf("%d.", n+1))
		switch {
		case n < i:
			icon = theme.ConfirmIcon()
			l.Importance = widget.LowImportance
		case n == i:
			icon = theme.NavigateNextIcon()
			l.TextStyle.Bold = true
		}
		num.TextStyle, num.Importance = l.TextStyle, l.Importance
		w.steps.Add(container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(icon), num), nil, l))
	}
	w.m.fit()
}

// outcome says plainly how it ended, with the next step.
func (w *resetWizard) outcome(err error) {
	s := w.s
	if !w.m.open {
		return
	}
	closeB := widget.NewButton(s.tr("close"), w.close)
	if err != nil {
		again := widget.NewButtonWithIcon(s.tr("reset_again"), theme.ViewRefreshIcon(), w.confirm)
		title := s.tr("reset_failed")
		if errors.Is(err, securitykey.ErrCancelUnconfirmed) { // the key may have reset anyway
			title = s.tr("reset_unconfirmed")
		}
		body := container.NewVBox(heading(title), errorLabel(s.localize(err)))
		w.m.setBody(body, closeB, again)
		return
	}
	setPIN := widget.NewButtonWithIcon(s.tr("set_pin"), theme.ConfirmIcon(), func() {
		w.close()
		pinFlow{s, securitykey.KeyInfo{Path: w.newPath}}.set()
	})
	setPIN.Importance = widget.HighImportance
	body := container.NewVBox(bigIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon())),
		heading(s.tr("reset_done")), wrapped(s.tr("reset_done_next")))
	w.m.setBody(body, closeB, setPIN)
	s.win.Canvas().Focus(setPIN)
}
