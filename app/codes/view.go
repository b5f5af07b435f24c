// Package codes is the main screen: every account with its current code,
// a countdown for the step, the next code near the end of a step, and a
// copy button; plus the empty state and the rows that need attention.
package codes

import (
	"embed"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/codes", locales)

// Catalog is this package's texts, for tests that look for them on screen.
func Catalog() *i18n.Catalog { return cat }

// Store is what the screen needs from the account store;
// *accounts.Store implements it.
type Store interface {
	List() ([]accounts.Entry, error)
	Generator(id string) (*totp.Generator, error)
	Rename(id, name string) error
	Remove(id string) error
	Move(id string, to int) error
}

// Brokers looks up a broker by profile name; *profile.Set implements it.
type Brokers interface {
	Broker(name string) (profile.Broker, bool)
}

// broker is e's broker, if the view knows one.
func (v *View) broker(e accounts.Entry) profile.Broker {
	if v.opt.Brokers == nil {
		return profile.Broker{}
	}
	b, _ := v.opt.Brokers.Broker(e.Profile.Name)
	return b
}

// HostLine is 「このワンタイムパスワードを入力してよいのは <host> だけです」 in l:
// under each code, and in the copy notice.
func HostLine(l i18n.Lang, host string) string {
	return cat.M("only_on_host", "Host", host).In(l)
}

// NextCodeFrom is when the next code appears: the last 10 seconds, the
// same moment the countdown turns red.
const NextCodeFrom = 10

// Options wires the screen.
type Options struct {
	Window    fyne.Window             // for dialogs
	Now       func() time.Time        // the clock; tests inject one
	Guard     *Guard                  // clipboard handling
	OnAdd     func()                  // "add account" (empty state)
	OnCopied  func(name, host string) // after a copy, for the confirmation; host as in HostLine, or ""
	OnChanged func()                  // after rename/delete/move (tray menu)
	// Restore, when set, adds 「以前のパソコンから移す」 (its Label) to
	// the empty state; ToPhone adds 「スマートフォンに移す」 to each
	// account's menu. Both come from app/backupview.
	Restore      func()
	RestoreLabel string
	// ToPhone is offered only where the account's broker lets more than
	// one device hold the code (not Smart OTP's: one device per account).
	ToPhone      func(accounts.Entry)
	ToPhoneLabel string
	// Brokers gives an account's broker by its profile's name
	// (*profile.Set): its official login host is shown under the code.
	// Nil: no broker facts, nothing shown.
	Brokers Brokers
	// OpenURL opens a page in the default browser (fyne.App.OpenURL);
	// nil: no 「ログイン画面を開く」 button.
	OpenURL func(*url.URL) error
	// Lang is the language of the texts; a language switch makes a new View.
	Lang i18n.Lang
}

// View is the code list. All methods run on Fyne's goroutine.
type View struct {
	store  Store
	opt    Options
	rows   []*row
	list   *fyne.Container
	root   *fyne.Container
	filter string
	sel    int // index into rows of the selected account; -1 none
	err    error
}

// New builds the view and loads the accounts.
func New(store Store, opt Options) *View {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	v := &View{store: store, opt: opt, sel: -1}
	v.list = container.NewVBox()
	v.root = container.NewStack()
	v.Reload()
	return v
}

// t renders one of this package's texts in the view's language.
func (v *View) t(key string, kv ...any) string { return cat.M(key, kv...).In(v.opt.Lang) }

// err renders a core error (what is wrong and what to do) in the view's language.
func (v *View) errText(e error) string { return i18n.Localize(e, v.opt.Lang) }

// Object is the view's canvas object.
func (v *View) Object() fyne.CanvasObject { return v.root }

// Reload lists the accounts again and rebuilds the rows.
func (v *View) Reload() {
	entries, err := v.store.List()
	v.err = err
	selID := v.SelectedID()
	v.rows = v.rows[:0]
	v.sel = -1
	for _, e := range entries {
		r := newRow(v, e)
		if e.State == accounts.OK {
			g, gerr := v.store.Generator(e.ID)
			if gerr != nil {
				r = newRow(v, accounts.Entry{Account: e.Account, State: accounts.Unknown, Err: gerr})
			} else {
				r.gen = g
			}
		}
		if e.ID == selID {
			v.sel = len(v.rows)
		}
		v.rows = append(v.rows, r)
	}
	if v.sel < 0 && len(v.rows) > 0 {
		v.sel = 0
	}
	v.layout()
	v.Tick()
}

func (v *View) layout() {
	switch {
	case v.err != nil && len(v.rows) == 0:
		v.root.Objects = []fyne.CanvasObject{container.NewPadded(problem(v.t("list_error"), v.errText(v.err)))}
	case len(v.rows) == 0:
		v.root.Objects = []fyne.CanvasObject{v.empty()}
	default:
		v.list.Objects = v.list.Objects[:0]
		for i, r := range v.rows {
			r.setSelected(i == v.sel)
			if v.matches(r) {
				v.list.Objects = append(v.list.Objects, r)
			}
		}
		if len(v.list.Objects) == 0 {
			v.list.Objects = append(v.list.Objects, widget.NewLabel(v.t("search_none")))
		}
		v.root.Objects = []fyne.CanvasObject{container.NewVScroll(v.list)}
	}
	v.root.Refresh()
}

func (v *View) matches(r *row) bool {
	if v.filter == "" {
		return true
	}
	f := strings.ToLower(v.filter)
	return strings.Contains(strings.ToLower(r.e.Name), f) || strings.Contains(strings.ToLower(r.e.Issuer), f)
}

// SetFilter shows only accounts whose name or issuer contains s.
func (v *View) SetFilter(s string) {
	v.filter = strings.TrimSpace(s)
	v.layout()
}

func (v *View) empty() fyne.CanvasObject {
	title := widget.NewLabelWithStyle(v.t("empty_title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	steps := jptext.NewLabel(v.t("empty_steps"))
	add := widget.NewButtonWithIcon(v.t("add_account"), theme.ContentAddIcon(), func() {
		if v.opt.OnAdd != nil {
			v.opt.OnAdd()
		}
	})
	add.Importance = widget.HighImportance
	big := container.NewGridWrap(fyne.NewSize(320, 64), add)
	if v.opt.Restore != nil {
		restore := widget.NewButtonWithIcon(v.opt.RestoreLabel, theme.DownloadIcon(), v.opt.Restore)
		big = container.NewVBox(big, container.NewGridWrap(fyne.NewSize(320, 44), restore))
	}
	// A Border, not a VBox: the wrapped steps take the space that is left,
	// so the button can never be drawn over them.
	// Title, steps, button: the order a screen reader reads them in.
	bottom := container.NewCenter(big)
	return container.NewPadded(container.New(layout.NewBorderLayout(title, bottom, nil, nil),
		title, container.NewVScroll(steps), bottom))
}

// Tick brings every row up to the clock: called once a second by the one
// ticker of the window (never one per row), and after changes.
func (v *View) Tick() {
	now := v.opt.Now()
	for _, r := range v.rows {
		r.update(now)
	}
	if v.opt.Guard != nil {
		v.opt.Guard.Tick(now, v.currentCode)
	}
}

func (v *View) currentCode(id string) (string, bool) {
	for _, r := range v.rows {
		if r.e.ID == id && r.gen != nil {
			return r.gen.At(v.opt.Now()).Code, true
		}
	}
	return "", false
}

// Copy puts account id's current code on the clipboard.
func (v *View) Copy(id string) bool {
	for i, r := range v.rows {
		if r.e.ID != id || r.gen == nil {
			continue
		}
		v.Select(i)
		now := v.opt.Now()
		if v.opt.Guard != nil {
			v.opt.Guard.Copy(id, r.gen.At(now).Code, now)
		}
		r.copiedAt = now
		if v.opt.OnCopied != nil {
			v.opt.OnCopied(r.e.Name, v.broker(r.e).LoginHost())
		}
		return true
	}
	return false
}

// CopySelected copies the selected account's code (Enter, Ctrl+C).
func (v *View) CopySelected() bool {
	if v.sel < 0 || v.sel >= len(v.rows) {
		return false
	}
	return v.Copy(v.rows[v.sel].e.ID)
}

// Select marks row i as the selected account.
func (v *View) Select(i int) {
	if i < 0 || i >= len(v.rows) || i == v.sel {
		return
	}
	if v.sel >= 0 && v.sel < len(v.rows) {
		v.rows[v.sel].setSelected(false)
	}
	v.sel = i
	v.rows[i].setSelected(true)
}

// SelectedID is the selected account's id, or "".
func (v *View) SelectedID() string {
	if v.sel < 0 || v.sel >= len(v.rows) {
		return ""
	}
	return v.rows[v.sel].e.ID
}

// Usable lists the accounts that make codes, for the tray menu.
func (v *View) Usable() []accounts.Entry {
	var out []accounts.Entry
	for _, r := range v.rows {
		if r.gen != nil {
			out = append(out, r.e)
		}
	}
	return out
}

// Counts are the numbers the help screen reports.
func (v *View) Counts() (ok, reenrol, unknown int) {
	for _, r := range v.rows {
		switch {
		case r.gen != nil:
			ok++
		case r.e.State == accounts.NeedsSetupAgain:
			reenrol++
		default:
			unknown++
		}
	}
	return
}

// Entries are the accounts as last listed, for サポート情報's facts.
func (v *View) Entries() []accounts.Entry {
	out := make([]accounts.Entry, 0, len(v.rows))
	for _, r := range v.rows {
		out = append(out, r.e)
	}
	return out
}

// ListErr is the error of the last List, if any.
func (v *View) ListErr() error { return v.err }

// FocusSelected gives keyboard focus to the selected row.
func (v *View) FocusSelected() {
	if v.sel >= 0 && v.sel < len(v.rows) && v.opt.Window != nil {
		v.opt.Window.Canvas().Focus(v.rows[v.sel])
	}
}

func (v *View) changed() {
	v.Reload()
	if v.opt.OnChanged != nil {
		v.opt.OnChanged()
	}
}

// openLogin opens b's official login page in the default browser: a
// bookmark the customer cannot get wrong, instead of a link in a mail.
func (v *View) openLogin(b profile.Broker) {
	u, err := url.Parse(b.LoginURL)
	if err == nil && v.opt.OpenURL != nil {
		err = v.opt.OpenURL(u)
	}
	if err != nil {
		v.showErr(i18n.NewError(cat.M("open_failed", "URL", b.LoginURL), cat.M("hint_open_failed", "URL", b.LoginURL), err))
	}
}

// Group splits a code for reading: "123 456", "1234 5678".
func Group(code string) string {
	if len(code) < 6 {
		return code
	}
	h := len(code) / 2
	return code[:h] + " " + code[h:]
}
