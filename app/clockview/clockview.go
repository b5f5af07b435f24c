// Package clockview shows what internal/timesync found out about the PC
// clock: nothing when it is right, a quiet line for a small offset or when
// the time could not be checked, and for 15 s or more a banner with the
// fix steps for this OS and a button that opens the date-and-time
// settings. It also gives the code view its "時刻補正中 +72秒" label.
//
// # Mounting
//
// Clock (clock.go) runs the check: app.Run makes it, the shell (app/ui,
// clock.go) mounts its banner, in short:
//
//	clk := clockview.NewClock(func() (*timesync.Checker, error) { return openClock("") }, prefsPath)
//	now := clk.Now // codes: the corrected time
//	b := clockview.New(clockview.Options{Lang: shell.Language, Window: win})
//	shell.SetBanner(container.NewVBox(b.Content(), b.CorrectionLabel()))
//	clk.Start(b) // each result is shown on b; clk.SavePrefs restarts the check
//	// after a language switch: b.Refresh(); on quit: clk.Stop()
//
// All methods run on the UI goroutine.
package clockview

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/clockview", locales)

// Options wires the banner to its surroundings.
type Options struct {
	Lang     func() i18n.Lang  // the window's language
	Window   fyne.Window       // for the error dialog when settings cannot open
	Platform timesync.Platform // "" = timesync.DetectPlatform()
	// OpenSettings opens the OS date-and-time settings; nil = the real one.
	OpenSettings func() error
}

// Banner is the clock notice above the codes.
type Banner struct {
	opts       Options
	last       timesync.Result
	box        *fyne.Container
	correction *widget.Label
	showSteps  bool // the fix steps are unfolded
}

// New makes a banner that shows nothing until Show is called.
func New(opts Options) *Banner {
	if opts.Lang == nil {
		opts.Lang = func() i18n.Lang { return i18n.Detect("") }
	}
	if opts.Platform == "" {
		opts.Platform = timesync.DetectPlatform()
	}
	if opts.OpenSettings == nil {
		p := opts.Platform
		opts.OpenSettings = func() error { return timesync.OpenSettings(timesync.ExecRunner{}, p) }
	}
	b := &Banner{opts: opts, box: container.NewVBox(), correction: widget.NewLabel("")}
	b.correction.Importance = widget.LowImportance
	b.correction.Hide()
	b.box.Hide()
	return b
}

// Content is the banner area; it takes no space while there is nothing to say.
func (b *Banner) Content() fyne.CanvasObject { return b.box }

// CorrectionLabel reads "時刻補正中 +72秒" while codes are corrected, and is
// hidden otherwise.
func (b *Banner) CorrectionLabel() *widget.Label { return b.correction }

// Show replaces what the banner says with r.
func (b *Banner) Show(r timesync.Result) {
	b.last = r
	b.render()
}

// Refresh renders again, after the language changed.
func (b *Banner) Refresh() { b.render() }

func (b *Banner) t(m i18n.Message) string { return m.In(b.opts.Lang()) }

func (b *Banner) render() {
	r := b.last
	if label := r.CorrectionLabel(); label.IsZero() {
		b.correction.Hide()
	} else {
		b.correction.SetText(b.t(label))
		b.correction.Show()
	}
	b.box.RemoveAll()
	switch {
	case r.Severity >= timesync.Warning:
		b.box.Add(b.warning(r))
	case r.Disputed != nil && r.Kind == timesync.OK:
		b.box.Add(b.disputed(r))
	case r.Severity == timesync.Notice || quietlyUnknown(r):
		b.box.Add(b.notice(r))
	default:
		b.box.Hide()
		return
	}
	b.box.Show()
	b.box.Refresh()
}

// quietlyUnknown: every server failed. Say so quietly; codes go on as usual.
func quietlyUnknown(r timesync.Result) bool {
	return r.Kind == timesync.Unknown && r.Reason == timesync.ReasonNoAnswer
}

func (b *Banner) notice(r timesync.Result) fyne.CanvasObject {
	l := jptext.NewLabel(b.t(r.Summary()))
	l.Importance = widget.LowImportance
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// disputed tells that unauthenticated time servers contradicted the
// authenticated time, which says the clock is right: nothing to fix, codes
// unshifted, but the customer (or the help desk) should know this network
// answered with another time. No buttons: there is nothing to do.
func (b *Banner) disputed(r timesync.Result) fyne.CanvasObject {
	title := jptext.NewLabel(b.t(cat.M("clock.disputed_title")))
	title.TextStyle = fyne.TextStyle{Bold: true}
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, title),
		jptext.NewLabel(b.t(r.Summary()))}
	for _, m := range r.Details() {
		parts = append(parts, jptext.NewLabel(b.t(m)))
	}
	return container.NewVBox(parts...)
}

// warning is the banner for 15 s or more: what is wrong and what it
// means, then two buttons — the fix steps unfold under the first, so the
// codes below stay in view until the user asks for the steps.
func (b *Banner) warning(r timesync.Result) fyne.CanvasObject {
	title := jptext.NewLabel(b.t(r.Summary()))
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.Importance = widget.WarningImportance
	title.SizeName = theme.SizeNameSubHeadingText
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, title)}
	for _, m := range r.Details() {
		parts = append(parts, jptext.NewLabel(b.t(m)))
	}
	toggle := cat.M("clock.show_steps")
	if b.showSteps {
		toggle = cat.M("clock.hide_steps")
		parts = append(parts, b.steps(r)...)
	}
	steps := widget.NewButtonWithIcon(b.t(toggle), theme.HelpIcon(), func() {
		b.showSteps = !b.showSteps
		b.render()
	})
	open := widget.NewButtonWithIcon(b.t(cat.M("clock.open_settings")), theme.SettingsIcon(), b.openSettings)
	open.Importance = widget.HighImportance
	parts = append(parts, container.NewHBox(steps, open))
	return container.NewStack(canvasBackground(), container.NewPadded(container.NewVBox(parts...)))
}

// steps are this OS's numbered fix steps.
func (b *Banner) steps(r timesync.Result) []fyne.CanvasObject {
	out := []fyne.CanvasObject{widget.NewLabelWithStyle(b.t(cat.M("clock.how_to_fix")), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	for i, m := range timesync.FixSteps(b.opts.Platform, r.Kind) {
		// The number in its own column, the text wrapping beside it.
		n := widget.NewLabel(b.t(cat.M("clock.step_number", "N", i+1)))
		out = append(out, container.NewBorder(nil, nil, n, nil, jptext.NewLabel(b.t(m))))
	}
	if len(out) > 1 {
		out = append(out, jptext.NewLabel(b.t(timesync.FixNote())))
	}
	return out
}

func (b *Banner) openSettings() {
	if err := b.opts.OpenSettings(); err != nil && b.opts.Window != nil {
		// A jptext label: Fyne's information dialog breaks Japanese inside words.
		msg := jptext.NewLabel(i18n.Localize(err, b.opts.Lang()))
		d := dialog.NewCustom(b.t(cat.M("clock.open_failed_title")), b.t(cat.M("clock.close")), msg, b.opts.Window)
		d.Resize(fyne.NewSize(omtheme.DialogWidth(b.opts.Window, 440), 0))
		d.Show()
	}
}
