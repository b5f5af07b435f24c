// Package updateview is the window's quiet update banner: 「新しいバージョン
// (x.y.z) があります」 with the release notes, said as a security update
// when it is one, a 「更新する」 button when an installer is wired, and
// 「後で」. Start runs the check behind the window: at most once a day
// (internal/update's State), never when the policy says off, and never
// in the way of the codes (its own goroutine, bounded by the feed's limits).
//
//	b := updateview.New(updateview.Options{Lang: shell.Language})
//	top.Add(b.Content())
//	stop := updateview.Start(svc, b, time.Now, fyne.Do) // svc: *update.Service
//
// Banner methods run on the UI goroutine.
package updateview

import (
	"context"
	"embed"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/updateview", locales)

// Catalog is the package's messages, for tests.
func Catalog() *i18n.Catalog { return cat }

// Options wires the banner to the window.
type Options struct {
	Lang func() i18n.Lang // the window's language
	// OnUpdate downloads, verifies and installs r (app/ui/update.go, with
	// Status for what it is doing); nil shows no 「更新する」 button.
	OnUpdate func(r *update.Result)
	// Found hears of each newer version Show gets (app/ui/update.go starts
	// an automatic update from it); nil: nothing.
	Found func(r *update.Result)
}

// Banner tells of a newer version above the codes.
type Banner struct {
	opts   Options
	last   *update.Result
	status string        // what 「更新する」 is doing, or why it failed
	note   *i18n.Message // when it will be installed automatically (SetNote)
	busy   bool          // installing: no buttons
	box    *fyne.Container
}

// New makes a banner that shows nothing until Show gets a newer version.
func New(opts Options) *Banner {
	if opts.Lang == nil {
		opts.Lang = func() i18n.Lang { return i18n.Detect("") }
	}
	b := &Banner{opts: opts, box: container.NewVBox()}
	b.box.Hide()
	return b
}

// Content is the banner area; it takes no space while there is nothing to say.
func (b *Banner) Content() fyne.CanvasObject { return b.box }

// Show tells of r when it offers a newer version, else hides the banner.
func (b *Banner) Show(r *update.Result) {
	b.last, b.status, b.busy, b.note = r, "", false, nil
	b.render()
	if r != nil && r.Available && b.opts.Found != nil {
		b.opts.Found(r)
	}
}

// SetNote adds a line under the notes (update.AutoNote: it will be
// installed automatically, and when), said in the window's language;
// nil takes it away.
func (b *Banner) SetNote(m *i18n.Message) {
	b.note = m
	b.render()
}

// Status says what 「更新する」 is doing (busy: the buttons go) or why it
// failed (not busy: the buttons stay, to try again or say later).
func (b *Banner) Status(text string, busy bool) {
	b.status, b.busy = text, busy
	b.render()
}

// Downloading is the status while 「更新する」 downloads and checks.
func Downloading(l i18n.Lang) string { return cat.M("downloading").In(l) }

// Refresh renders again, after the language changed.
func (b *Banner) Refresh() { b.render() }

func (b *Banner) t(m i18n.Message) string { return m.In(b.opts.Lang()) }

func (b *Banner) render() {
	b.box.RemoveAll()
	r := b.last
	if r == nil || !r.Available {
		b.box.Hide()
		return
	}
	title := jptext.NewLabel(b.t(r.Message()))
	title.TextStyle = fyne.TextStyle{Bold: r.Feed.Security}
	icon := theme.InfoIcon()
	if r.Feed.Security {
		title.Importance = widget.WarningImportance
		icon = theme.WarningIcon()
	}
	b.box.Add(container.NewBorder(nil, nil, widget.NewIcon(icon), nil, title))
	if r.Required {
		b.box.Add(jptext.NewLabel(b.t(cat.M("required"))))
	}
	if notes := r.Notes(b.opts.Lang()); notes != "" {
		b.box.Add(jptext.NewLabel(notes))
	}
	if b.note != nil {
		b.box.Add(jptext.NewLabel(b.t(*b.note)))
	}
	if b.status != "" {
		st := jptext.NewLabel(b.status)
		st.Importance = widget.WarningImportance
		if b.busy {
			st.Importance = widget.MediumImportance
		}
		b.box.Add(st)
	}
	if b.busy {
		b.box.Show()
		b.box.Refresh()
		return
	}
	var buttons []fyne.CanvasObject
	if b.opts.OnUpdate != nil {
		up := widget.NewButtonWithIcon(b.t(cat.M("update_now")), theme.DownloadIcon(), func() { b.opts.OnUpdate(r) })
		up.Importance = widget.HighImportance
		buttons = append(buttons, up)
	}
	buttons = append(buttons, widget.NewButton(b.t(cat.M("later")), func() { b.Show(nil) }))
	b.box.Add(container.NewHBox(buttons...))
	b.box.Show()
	b.box.Refresh()
}

// Service is the update channel as the window uses it (*update.Service).
type Service interface {
	Mode() (update.Mode, error)
	State() update.State
	Check(ctx context.Context) (*update.Result, error)
}

// CheckIfDue checks when the last check is a day old or more and the
// policy allows it, and returns a newer version, else nil. Refusals are
// recorded in the state for doctor and サポート情報; the window stays
// quiet about them (the codes matter, not the update server).
func CheckIfDue(ctx context.Context, svc Service, now time.Time) *update.Result {
	if m, err := svc.Mode(); err != nil || m == update.ModeOff || !svc.State().Due(now) {
		return nil
	}
	r, err := svc.Check(ctx)
	if err != nil || !r.Available {
		return nil
	}
	return r
}

// poll is how often Start asks whether a check is due: the check itself
// happens at most once a day.
const poll = time.Hour

// Start runs CheckIfDue now and then every hour on its own goroutine,
// showing a newer version on b through do (fyne.Do). The returned func
// stops it.
func Start(svc Service, b *Banner, now func() time.Time, do func(func())) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		t := time.NewTicker(poll)
		defer t.Stop()
		for {
			if r := CheckIfDue(ctx, svc, now()); r != nil {
				do(func() { b.Show(r) })
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return cancel
}
