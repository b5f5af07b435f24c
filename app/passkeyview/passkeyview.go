// Package passkeyview is the passkey-readiness window: for the chosen
// broker it says whether Windows Hello and each security key can keep
// the broker's passkey (internal/passkeyready decides and words it),
// opens the broker's passkey page, and afterwards 「確かめる」 reads the
// key's passkeys (with its PIN) to say whether the broker's passkey is on
// it, or where it likely went. It shows; it decides nothing itself.
//
// Threading: New, Content and Refresh run on the UI goroutine; reading
// keys runs on a goroutine of its own and comes back through Options.Post.
package passkeyview

import (
	"context"
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/passkeyready"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/passkeyview", locales)

func msg(key string, kv ...any) i18n.Message { return cat.M("passkey."+key, kv...) }

// Broker is one broker the customer can choose.
type Broker struct {
	Profile string // the profile's name
	Broker  profile.Broker
}

// Options are the window's ports.
type Options struct {
	Keys    passkeyready.KeySource // the security-key service
	OS      passkeyready.OS        // passkeyready.System()
	Brokers []Broker               // to choose from; the first is shown first
	OpenURL func(url string) error // opens the broker's passkey page in the browser
	Lang    func() i18n.Lang       // nil: i18n.Detect("")
	// Post runs f on the UI goroutine (fyne.Do); tests run it at once.
	Post func(f func())
}

// View is the readiness window's content.
type View struct {
	opts   Options
	root   *fyne.Container
	pin    *widget.Entry
	chosen int

	// UI goroutine only.
	found   []passkeyready.Finding
	confirm []passkeyready.Finding
	err     error
	busy    bool
}

// New makes the view and starts reading the keys.
func New(opts Options) *View {
	if opts.Lang == nil {
		opts.Lang = func() i18n.Lang { return i18n.Detect("") }
	}
	if opts.Post == nil {
		opts.Post = fyne.Do
	}
	if opts.Keys == nil {
		opts.Keys = noKeys{}
	}
	if opts.OS == nil {
		opts.OS = passkeyready.System()
	}
	v := &View{opts: opts, root: container.NewVBox(), pin: widget.NewPasswordEntry()}
	v.Recheck()
	return v
}

// Content is the view to put in a window.
func (v *View) Content() fyne.CanvasObject { return container.NewVScroll(container.NewPadded(v.root)) }

// Refresh relabels the view (after a language switch).
func (v *View) Refresh() { v.render() }

// Title is the window's title in l.
func Title(l i18n.Lang) string { return msg("window_title").In(l) }

func (v *View) t(m i18n.Message) string { return m.In(v.opts.Lang()) }

func (v *View) broker() Broker {
	if len(v.opts.Brokers) == 0 {
		return Broker{}
	}
	return v.opts.Brokers[v.chosen]
}

// Recheck reads Windows Hello and the keys again (no PIN: readiness).
func (v *View) Recheck() {
	b := v.broker().Broker
	v.run(func() ([]passkeyready.Finding, []passkeyready.Finding, error) {
		keys, err := passkeyready.Keys(context.Background(), v.opts.Keys, b, nil)
		if err == securitykey.ErrNoLibrary {
			err = nil
		}
		return passkeyready.Check(b, v.opts.OS.Platform(), keys), nil, err
	})
}

// confirmKeys is 「確かめる」: each key that can list its passkeys is read
// with the PIN typed, and the broker's passkey looked for.
func (v *View) confirmKeys() {
	b, pin := v.broker().Broker, v.pin.Text
	v.pin.SetText("")
	if pin == "" {
		v.err = i18n.NewError(msg("pin_needed"), msg("hint_pin_needed"), nil)
		v.render()
		return
	}
	v.run(func() ([]passkeyready.Finding, []passkeyready.Finding, error) {
		ctx := context.Background()
		keys, err := passkeyready.Keys(ctx, v.opts.Keys, b, func(securitykey.KeyInfo) string { return pin })
		if err != nil && err != securitykey.ErrNoLibrary {
			return nil, nil, err
		}
		hello := passkeyready.HelloCount(v.opts.OS, b)
		var out []passkeyready.Finding
		for _, k := range keys {
			if k.Info.PIN != securitykey.PINSet {
				continue // the readiness line already says to set a PIN
			}
			out = append(out, passkeyready.Confirm(b, k, hello))
		}
		return passkeyready.Check(b, v.opts.OS.Platform(), keys), out, nil
	})
}

func (v *View) run(f func() ([]passkeyready.Finding, []passkeyready.Finding, error)) {
	if v.busy {
		return
	}
	v.busy, v.err = true, nil
	v.render()
	go func() {
		found, confirm, err := f()
		v.opts.Post(func() {
			v.busy = false
			v.found, v.confirm, v.err = found, confirm, err
			v.render()
		})
	}()
}

func (v *View) render() {
	var parts []fyne.CanvasObject
	if len(v.opts.Brokers) > 1 {
		parts = append(parts, v.chooser())
	}
	name := brokerName(v.broker().Broker, v.opts.Lang())
	parts = append(parts, widget.NewLabelWithStyle(v.t(msg("title", "Broker", name)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if v.busy {
		parts = append(parts, widget.NewLabel(v.t(msg("reading"))))
	}
	if v.err != nil {
		parts = append(parts, jptext.NewLabel(i18n.Localize(v.err, v.opts.Lang())))
	}
	for _, f := range v.found {
		parts = append(parts, v.finding(f))
	}
	parts = append(parts, widget.NewSeparator())
	if u := v.broker().Broker.PasskeyURL; u != "" {
		open := widget.NewButtonWithIcon(v.t(msg("open_page")), theme.ComputerIcon(), func() { v.open(u) })
		open.Importance = widget.HighImportance
		parts = append(parts, open)
	}
	parts = append(parts, jptext.NewLabel(v.t(msg("confirm_help"))))
	v.pin.SetPlaceHolder(v.t(msg("pin_placeholder")))
	check := widget.NewButtonWithIcon(v.t(msg("confirm")), theme.SearchIcon(), v.confirmKeys)
	recheck := widget.NewButtonWithIcon(v.t(msg("recheck")), theme.ViewRefreshIcon(), v.Recheck)
	if v.busy {
		check.Disable()
		recheck.Disable()
	}
	parts = append(parts, container.NewBorder(nil, nil, nil, check, v.pin))
	for _, f := range v.confirm {
		parts = append(parts, v.finding(f))
	}
	parts = append(parts, container.NewHBox(recheck))
	v.root.Objects = parts
	v.root.Refresh()
}

func (v *View) chooser() fyne.CanvasObject {
	names := make([]string, len(v.opts.Brokers))
	for i, b := range v.opts.Brokers {
		names[i] = brokerName(b.Broker, v.opts.Lang())
	}
	sel := widget.NewSelect(names, nil)
	sel.SetSelectedIndex(v.chosen)
	sel.OnChanged = func(string) {
		if i := sel.SelectedIndex(); i >= 0 && i != v.chosen {
			v.chosen, v.confirm = i, nil
			v.Recheck()
		}
	}
	return container.NewBorder(nil, nil, widget.NewLabel(v.t(msg("broker"))), nil, sel)
}

// finding is one line: a mark for its status, where (Windows Hello, the
// key, or the keys when none is there), what was found and what to do next.
func (v *View) finding(f passkeyready.Finding) fyne.CanvasObject {
	icon := theme.ConfirmIcon()
	switch f.Status {
	case passkeyready.Blocked:
		icon = theme.WarningIcon()
	case passkeyready.Unknown:
		icon = theme.QuestionIcon()
	}
	where := v.t(msg("hello"))
	switch f.Place {
	case passkeyready.PlaceKey:
		where = v.t(msg("key", "Path", f.Key))
	case passkeyready.PlaceKeys:
		where = v.t(msg("keys"))
	}
	lines := []fyne.CanvasObject{
		widget.NewLabelWithStyle(where+" — "+v.t(msg("status_"+f.Status.String())), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		jptext.NewLabel(v.t(f.Msg)),
	}
	if !f.Next.IsZero() {
		lines = append(lines, jptext.NewLabel(v.t(msg("next", "Next", v.t(f.Next)))))
	}
	return container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(icon)), nil, container.NewVBox(lines...))
}

func (v *View) open(u string) {
	if v.opts.OpenURL == nil {
		return
	}
	if err := v.opts.OpenURL(u); err != nil {
		v.err = i18n.NewError(msg("open_failed", "URL", u), msg("hint_open_failed"), err)
		v.render()
	}
}

func brokerName(b profile.Broker, l i18n.Lang) string {
	if n := b.Name.In(l); n != "" {
		return n
	}
	return msg("the_broker").In(l)
}

// noKeys stands in for a missing key service (no libfido2): no key.
type noKeys struct{}

func (noKeys) List() ([]securitykey.KeyInfo, error) { return nil, securitykey.ErrNoLibrary }
func (noKeys) Passkeys(context.Context, string, string) (securitykey.PasskeyList, error) {
	return securitykey.PasskeyList{}, securitykey.ErrNoLibrary
}
