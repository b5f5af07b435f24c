package keyview

import (
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// render redraws the body when what it shows changed. Rebuilding on
// every poll would lose the keyboard focus once a second.
func (s *Screen) render() {
	_, p, _ := s.current()
	sig := s.signature(p != nil)
	if sig == s.shown {
		return
	}
	s.shown = sig
	var parts []fyne.CanvasObject
	if p != nil {
		parts = append(parts, s.practiceBanner(p))
	} else if s.opts.Service != nil {
		parts = append(parts, container.NewHBox(layout.NewSpacer(),
			widget.NewButtonWithIcon(s.tr("practice_start"), theme.MediaPlayIcon(), s.startPractice)))
	}
	parts = append(parts, s.readinessButton(p != nil)...)
	if s.practiceErr != nil {
		parts = append(parts, errorLabel(s.tr("practice_failed")))
	}
	if s.listErr != nil {
		parts = append(parts, errorLabel(i18n.Localize(s.listErr, s.lang())))
	}
	switch {
	case p == nil && s.needAdmin:
		// A non-administrator reaches keys only through Windows Hello
		// (listed below when Windows has it): the ways out come first.
		parts = append(parts, s.adminPanel())
		for _, k := range s.keys {
			parts = append(parts, s.keyCard(k))
		}
	case len(s.keys) == 0:
		parts = append(parts, s.emptyState(p != nil))
	default:
		for _, k := range s.keys {
			parts = append(parts, s.keyCard(k))
		}
	}
	s.root.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(container.NewVBox(parts...)))}
	s.root.Refresh()
}

// signature is what render shows, to skip redraws that change nothing.
func (s *Screen) signature(practice bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%v|%v|%v|%s\n", s.lang(), practice, s.practiceErr != nil, s.adminErr,
		i18n.Localize(s.listErr, i18n.EN))
	for _, k := range s.keys {
		fmt.Fprintf(&b, "%s|%s|%s|%s|%v|%v|%d|%+v|%v|%v|%s\n", k.Path, k.Product, k.Maker, k.Model,
			k.Versions, k.PIN, k.PINRetries, k.Slots, k.Loaded, k.CredMgmt, i18n.Localize(k.Err, i18n.EN))
	}
	return b.String()
}

func errorLabel(text string) *jptext.Label {
	l := wrapped(text)
	l.Importance = widget.DangerImportance
	return l
}

func wrapped(text string) *jptext.Label { return jptext.NewLabel(text) }

func heading(text string) *jptext.Label {
	l := wrapped(text)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

// banner frames content in colour c over a faint tint of it, so the
// theme's text colours stay readable on it (light and dark themes).
func banner(c color.Color, content fyne.CanvasObject) fyne.CanvasObject {
	tint := color.NRGBAModel.Convert(c).(color.NRGBA)
	tint.A = 0x30
	r := canvas.NewRectangle(tint)
	r.StrokeColor, r.StrokeWidth = c, 2
	r.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(r, container.NewPadded(content))
}

// practiceBanner makes practice mode unmistakable and gives the key's
// plug. Its touch button is on the touch prompt only: a touch given
// while nothing waits would approve the next prompt by itself.
func (s *Screen) practiceBanner(p Practice) fyne.CanvasObject {
	title := heading(s.tr("practice_banner"))
	title.Importance = widget.WarningImportance
	unplug := widget.NewButton(s.tr("practice_unplug"), func() { p.Unplug(); go s.poll() })
	plug := widget.NewButton(s.tr("practice_plug"), func() { _ = p.Plug(); go s.poll() })
	buttons := container.NewHBox(unplug, plug, layout.NewSpacer())
	if s.opts.Service != nil {
		buttons.Add(widget.NewButtonWithIcon(s.tr("practice_stop"), theme.CancelIcon(), s.stopPractice))
	}
	return banner(theme.Color(theme.ColorNameWarning), container.NewVBox(title, wrapped(s.tr("practice_explain")), buttons))
}

func (s *Screen) emptyState(practice bool) fyne.CanvasObject {
	title := heading(s.tr("empty_title"))
	title.Alignment = fyne.TextAlignCenter
	hint := wrapped(s.tr("empty_hint"))
	hint.Alignment = fyne.TextAlignCenter
	if practice {
		hint.SetText(s.tr("empty_hint_practice"))
	}
	objs := []fyne.CanvasObject{bigIcon(theme.InfoIcon()), title, hint}
	if !practice {
		b := widget.NewButtonWithIcon(s.tr("practice_try"), theme.MediaPlayIcon(), s.startPractice)
		tryHint := wrapped(s.tr("practice_try_hint"))
		tryHint.Alignment = fyne.TextAlignCenter
		objs = append(objs, widget.NewSeparator(), tryHint, container.NewCenter(b))
	}
	return container.NewVBox(objs...)
}

// adminPanel explains Windows' rule and offers both ways out.
func (s *Screen) adminPanel() fyne.CanvasObject {
	relaunch := widget.NewButtonWithIcon(s.tr("admin_relaunch"), theme.LoginIcon(), func() {
		s.adminErr = s.opts.Admin.Relaunch() != nil
		s.render()
	})
	relaunch.Importance = widget.HighImportance
	settings := widget.NewButtonWithIcon(s.tr("admin_settings"), theme.SettingsIcon(), func() {
		s.adminErr = s.opts.Admin.OpenSettings() != nil
		s.render()
	})
	objs := []fyne.CanvasObject{heading(s.tr("admin_title")), wrapped(s.tr("admin_why")),
		wrapped(s.tr("admin_what")), container.NewHBox(relaunch, settings)}
	if s.adminErr {
		objs = append(objs, errorLabel(s.tr("admin_failed")))
	}
	if s.opts.Service != nil {
		objs = append(objs, wrapped(s.tr("admin_practice")))
	}
	return container.NewVBox(objs...)
}

// keyCard shows one key: what it is, its state, and what can be done.
func (s *Screen) keyCard(k securitykey.KeyInfo) fyne.CanvasObject {
	l := s.lang()
	status := wrapped(k.Status().In(l))
	status.Importance = widget.SuccessImportance
	if k.NeedsAttention() {
		status.Importance = widget.WarningImportance
	}
	var objs []fyne.CanvasObject
	if k.Loaded && k.PIN == securitykey.PINNotSet {
		objs = append(objs, s.noPINCall(k)) // says what Status would, louder
	} else {
		objs = append(objs, status)
	}
	if k.Err != nil {
		objs = append(objs, errorLabel(i18n.Localize(k.Err, l)))
	}
	objs = append(objs, s.details(k), s.actions(k))
	// The card's title and subtitle are drawn text a screen reader does
	// not get: an invisible heading under the card reads them first.
	return container.NewStack(a11y.Heading(a11y.Join(l, k.Name(l), s.subtitle(k))),
		widget.NewCard(k.Name(l), s.subtitle(k), container.NewVBox(objs...)))
}

func (s *Screen) subtitle(k securitykey.KeyInfo) string {
	switch {
	case k.Transport == securitykey.TransportNFC: // the key's maker and product are not known over NFC
		return k.ConnectionLabel().In(s.lang())
	case k.Maker != "" && k.Product != "" && k.Product != k.Name(s.lang()):
		return k.Maker + " · " + k.Product
	case k.Maker != "":
		return k.Maker
	}
	return k.Product
}

// noPINCall is the call to action for the commonest support call: a key
// without a PIN, which browsers cannot register as a passkey.
func (s *Screen) noPINCall(k securitykey.KeyInfo) fyne.CanvasObject {
	b := widget.NewButtonWithIcon(s.tr("set_pin"), theme.ConfirmIcon(), func() { pinFlow{s, k}.set() })
	b.Importance = widget.HighImportance
	title := heading(s.tr("nopin_title"))
	title.Importance = widget.WarningImportance
	return banner(theme.Color(theme.ColorNameWarning), container.NewVBox(
		title, wrapped(s.tr("nopin_why")), wrapped(s.tr("nopin_symptom")), container.NewHBox(b)))
}

func (s *Screen) details(k securitykey.KeyInfo) fyne.CanvasObject {
	l := s.lang()
	dash := "—"
	or := func(v string) string {
		if v == "" {
			return dash
		}
		return v
	}
	retries := dash
	if k.PIN == securitykey.PINSet && k.PINRetries >= 0 {
		retries = s.tr("retries_left", "Left", k.PINRetries)
	}
	rows := [][2]string{
		{s.tr("label_maker"), or(k.Maker)},
		{s.tr("label_model"), or(k.Model)},
		{s.tr("label_product"), or(k.Product)},
		{s.tr("label_versions"), or(strings.Join(k.VersionNames(), ", "))},
		{s.tr("label_pin"), k.PINLabel().In(l)},
		{s.tr("label_retries"), retries},
		{s.tr("label_passkeys"), k.SlotsLabel().In(l)},
		{s.tr("label_transport"), k.TransportLabel().In(l)},
	}
	if k.Reader != "" {
		rows = append(rows, [2]string{s.tr("label_reader"), k.Reader})
	}
	g := container.New(layout.NewFormLayout())
	for _, r := range rows {
		g.Add(widget.NewLabelWithStyle(r[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}))
		g.Add(wrapped(r[1]))
	}
	return g
}

// actions are the key's buttons; each opens a dialog.
func (s *Screen) actions(k securitykey.KeyInfo) fyne.CanvasObject {
	usable := k.Loaded && k.FIDO2
	blocked := k.PIN == securitykey.PINSet && k.PINRetries == 0
	check := widget.NewButtonWithIcon(s.tr("check"), theme.ConfirmIcon(), func() { checkFlow{s, k}.open() })
	passkeys := widget.NewButtonWithIcon(s.tr("passkeys"), theme.ListIcon(), func() { passkeysFlow{s, k}.open() })
	reset := widget.NewButtonWithIcon(s.tr("reset"), theme.DeleteIcon(), func() { (&resetWizard{s: s, k: k}).open() })
	reset.Importance = widget.DangerImportance
	enable(check, usable && !blocked)
	enable(passkeys, usable && k.CredMgmt && k.PIN == securitykey.PINSet && !blocked)
	enable(reset, usable)
	grid := container.NewGridWithColumns(2)
	if k.PIN == securitykey.PINSet { // no PIN: the call to action above sets one
		pin := widget.NewButtonWithIcon(s.tr("change_pin"), theme.DocumentCreateIcon(), func() { pinFlow{s, k}.change() })
		enable(pin, usable && !blocked)
		grid.Add(pin)
	}
	grid.Objects = append(grid.Objects, check, passkeys, reset)
	return grid
}

// bigIcon is an icon large enough to see from across the desk.
func bigIcon(res fyne.Resource) fyne.CanvasObject {
	return container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(4*theme.TextSize()), widget.NewIcon(res)))
}

func enable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}
