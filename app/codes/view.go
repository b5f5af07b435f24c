// Package codes is the main screen: every account with its current code,
// a countdown for the step, the next code near the end of a step, and a
// copy button; plus the empty state and the rows that need attention.
package codes

import (
	"embed"
	"net/url"
	"strconv"
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
	// OnCopyFailed is called instead of OnCopied when the code did not
	// get onto the clipboard: the customer must not be told "copied".
	OnCopyFailed func(name string)
	// Restore, when set, adds 「以前のパソコンから移す」 (its Label) to
	// the empty state; ToPhone adds 「スマートフォンに移す」 to each
	// account's menu. Both come from app/backupview.
	Restore      func()
	RestoreLabel string
	// ToPhone is offered only where the account's broker lets more than
	// one device hold the code (not Smart OTP's: one device per account).
	ToPhone      func(accounts.Entry)
	ToPhoneLabel string
	// PasskeyReady adds 「パスキーの準備」 (its Label) to the menu of each
	// account whose broker the profiles know: the readiness window opens
	// on that broker (app/ui/passkeywindow.go).
	PasskeyReady      func(accounts.Entry)
	PasskeyReadyLabel string
	// Brokers gives an account's broker by its profile's name
	// (*profile.Set): its official login host is shown under the code.
	// Nil: no broker facts, nothing shown.
	Brokers Brokers
	// OpenURL opens a page in the default browser (fyne.App.OpenURL);
	// nil: no 「ログイン画面を開く」 button.
	OpenURL func(*url.URL) error
	// Lang is the language of the texts; a language switch makes a new View.
	Lang i18n.Lang
	// FirstRows > 0, with a store that has ListFirst (*accounts.Store):
	// New reads only the first FirstRows accounts' secrets, enough for
	// the rows on screen, and shows the others as not read yet until
	// LoadRest has read them.
	FirstRows int
	// First is that read, started earlier (ReadFirst); nil: New reads.
	First *First
}

// First is the first accounts' read, under way on a goroutine of its own.
type First struct {
	done  chan struct{}
	read  []accounts.Entry
	later []accounts.Account
	err   error
}

// ReadFirst starts reading the first k accounts' secrets from store (as
// Options.FirstRows does), so that the keyring answers over D-Bus while
// the caller goes on: the window's start makes its OpenGL window meanwhile
// (docs/performance.md, "Time to window: the start's own work"). Nil when
// store cannot read the first accounts alone.
func ReadFirst(store Store, k int) *First {
	fl, ok := store.(firstLister)
	if !ok || k <= 0 {
		return nil
	}
	f := &First{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		f.read, f.later, f.err = fl.ListFirst(k)
	}()
	return f
}

// wait is the read's result, once it has ended.
func (f *First) wait() ([]accounts.Entry, []accounts.Account, error) {
	<-f.done
	return f.read, f.later, f.err
}

// firstLister is a Store that can read the first accounts alone.
type firstLister interface {
	ListFirst(k int) ([]accounts.Entry, []accounts.Account, error)
}

// View is the code list. All methods run on Fyne's goroutine.
//
// The list is virtualised: only the rows on screen exist as widgets
// (live), built when they scroll into view and dropped when they leave,
// so neither the window's start nor its idle tick grows with the number
// of accounts.
type View struct {
	store  Store
	opt    Options
	rows   []*item // every account, in the store's order
	shown  []int   // indices into rows that match the filter
	live   map[int]*row
	objs   []fyne.CanvasObject // live rows in order, for the renderer
	body   *vbody
	scroll *container.Scroll
	none   fyne.CanvasObject // 「一致するアカウントはありません」
	root   *fyne.Container
	filter string
	sel    int // index into rows of the selected account; -1 none
	err    error
	loads  int // lists applied; LoadRest's answer is dropped if another came first

	sizes   sizeCache
	meters  map[string]*row // a row of each kind, kept to measure its size (View.size)
	placing bool
	clocks  []periodClock // this tick's countdown per period

	// For tests: rows built (bound to an account) and rows brought up to
	// the clock by Tick, since the view was made.
	binds, updates int
	built          int // rows made, for the screen or to measure
}

// item is one account as listed, whether or not its row is on screen.
type item struct {
	e        accounts.Entry
	gen      *totp.Generator // nil: the account cannot make codes
	copiedAt time.Time       // for the spoken "copied"
	kind     string          // what decides its row's size (View.kind), once known
	// unread: listed in accounts.json, its secret not read yet
	// (Options.FirstRows); shown as loading until LoadRest.
	unread bool
}

// New builds the view and loads the accounts.
func New(store Store, opt Options) *View {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	v := &View{store: store, opt: opt, sel: -1, live: map[int]*row{}}
	v.body = newVBody(v)
	v.scroll = container.NewVScroll(v.body)
	v.scroll.OnScrolled = func(fyne.Position) { v.place() }
	v.root = container.NewStack()
	if opt.First == nil && opt.FirstRows > 0 {
		opt.First = ReadFirst(store, opt.FirstRows)
	}
	if opt.First != nil {
		read, later, err := opt.First.wait()
		v.apply(read, later, err, true)
	} else {
		v.Reload()
	}
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
	v.apply(entries, nil, err, true)
}

// Unread reports whether some accounts are shown as not read yet.
func (v *View) Unread() bool {
	for _, it := range v.rows {
		if it.unread {
			return true
		}
	}
	return false
}

// LoadRest reads every account, off the UI goroutine, and shows them
// through do (fyne.Do) where the view stands (scroll, selection,
// filter), then calls OnChanged (the tray lists them all). Nothing is
// done if no account waits to be read, and the answer is dropped if the
// list was read again meanwhile (a rename, a delete).
func (v *View) LoadRest(do func(func())) {
	if !v.Unread() {
		return
	}
	loads := v.loads
	go func() {
		entries, err := v.store.List()
		do(func() {
			if v.loads != loads {
				return
			}
			v.apply(entries, nil, err, false)
			if v.opt.OnChanged != nil {
				v.opt.OnChanged()
			}
		})
	}()
}

// apply shows entries, then later as not read yet; top scrolls back to
// the first row.
func (v *View) apply(entries []accounts.Entry, later []accounts.Account, err error, top bool) {
	v.loads++
	v.err = err
	selID := v.SelectedID()
	v.rows = v.rows[:0]
	v.sel = -1
	for _, e := range entries {
		it := &item{e: e}
		if e.State == accounts.OK {
			g, gerr := v.store.Generator(e.ID)
			if gerr != nil {
				it.e = accounts.Entry{Account: e.Account, State: accounts.Unknown, Err: gerr}
			} else {
				it.gen = g
			}
		}
		v.rows = append(v.rows, it)
	}
	for _, a := range later {
		v.rows = append(v.rows, &item{e: accounts.Entry{Account: a, State: accounts.OK}, unread: true})
	}
	for i, it := range v.rows {
		if it.e.ID == selID {
			v.sel = i
		}
	}
	if v.sel < 0 && len(v.rows) > 0 {
		v.sel = 0
	}
	v.drop()
	v.sizes = sizeCache{}
	v.layout(top)
	v.Tick()
}

// drop forgets every live row (the accounts or the filter changed).
func (v *View) drop() {
	clear(v.live)
	clear(v.meters)
	v.objs = v.objs[:0]
}

// layout works out the rows that match the filter and what the view
// shows; top scrolls back to the first row.
func (v *View) layout(top bool) {
	v.shown = v.shown[:0]
	for i, it := range v.rows {
		if v.matches(it) {
			v.shown = append(v.shown, i)
		}
	}
	switch {
	case v.err != nil && len(v.rows) == 0:
		v.root.Objects = []fyne.CanvasObject{container.NewPadded(problem(v.t("list_error"), v.errText(v.err)))}
	case len(v.rows) == 0:
		v.root.Objects = []fyne.CanvasObject{v.empty()}
	case len(v.shown) == 0:
		if v.none == nil {
			v.none = container.NewVBox(widget.NewLabel(v.t("search_none")))
		}
		v.root.Objects = []fyne.CanvasObject{v.none}
	default:
		v.root.Objects = []fyne.CanvasObject{v.scroll}
		if top {
			v.scroll.Offset = fyne.Position{}
		}
		v.scroll.Refresh()
	}
	v.root.Refresh()
}

func (v *View) matches(it *item) bool {
	if v.filter == "" {
		return true
	}
	f := strings.ToLower(v.filter)
	return strings.Contains(strings.ToLower(it.e.Name), f) || strings.Contains(strings.ToLower(it.e.Issuer), f)
}

// SetFilter shows only accounts whose name or issuer contains s.
func (v *View) SetFilter(s string) {
	v.filter = strings.TrimSpace(s)
	v.drop()
	v.layout(true)
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

// Tick brings the rows on screen up to the clock: called once a second
// by the one ticker of the window (never one per row), and after changes.
// Rows that share a period share one countdown; a row computes its codes
// only when bound and when its step changes. Rows off screen cost nothing.
func (v *View) Tick() {
	now := v.opt.Now()
	v.clocks = v.clocks[:0]
	for _, r := range v.live {
		v.updates++
		r.update(now, v.clockFor(r.period, now))
	}
	if v.opt.Guard != nil {
		v.opt.Guard.Tick(now, v.currentCode)
	}
}

// periodClock is where the clock stands in steps of one period.
type periodClock struct {
	period int
	step   int64
	left   int // seconds until the step ends, 1..period
	// 「あと N 秒」 for left, made once a tick for all rows of the period
	// (clockFor); "" when the caller made the clock alone.
	text string
}

// clockFor is this tick's countdown for period, computed once per period.
func (v *View) clockFor(period int, now time.Time) periodClock {
	for _, c := range v.clocks {
		if c.period == period {
			return c
		}
	}
	c := clockAt(period, now)
	c.text = v.t("seconds_left", "N", strconv.Itoa(c.left))
	v.clocks = append(v.clocks, c)
	return c
}

// clockAt is as totp.Generator.At counts: whole seconds since 1970,
// a clock before 1970 counted as 1970.
func clockAt(period int, now time.Time) periodClock {
	u := max(now.Unix(), 0)
	p := int64(max(period, 1))
	return periodClock{period: period, step: u / p, left: int(p - u%p)}
}

func (v *View) currentCode(id string) (string, bool) {
	for _, it := range v.rows {
		if it.e.ID == id && it.gen != nil {
			return it.gen.At(v.opt.Now()).Code, true
		}
	}
	return "", false
}

// Copy puts account id's current code on the clipboard, and reports
// whether it did.
func (v *View) Copy(id string) bool {
	for i, it := range v.rows {
		if it.e.ID != id || it.gen == nil {
			continue
		}
		v.Select(i)
		now := v.opt.Now()
		if v.opt.Guard != nil {
			if err := v.opt.Guard.Copy(id, it.gen.At(now).Code, now); err != nil {
				if v.opt.OnCopyFailed != nil {
					v.opt.OnCopyFailed(it.e.Name)
				}
				return false
			}
		}
		it.copiedAt = now
		if v.opt.OnCopied != nil {
			v.opt.OnCopied(it.e.Name, v.broker(it.e).LoginHost())
		}
		return true
	}
	return false
}

// CopySelected copies the selected account's code (Enter, Ctrl+C), and
// reports whether it did.
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
	old := v.sel
	v.sel = i
	if r := v.live[old]; r != nil {
		r.setSelected(false)
	}
	if r := v.live[i]; r != nil {
		r.setSelected(true)
	}
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
	for _, it := range v.rows {
		if it.gen != nil {
			out = append(out, it.e)
		}
	}
	return out
}

// Counts are the numbers the help screen reports.
func (v *View) Counts() (ok, reenrol, unknown int) {
	for _, it := range v.rows {
		switch {
		case it.gen != nil, it.unread: // unread: listed, presumed fine until read
			ok++
		case it.e.State == accounts.NeedsSetupAgain:
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
	for _, it := range v.rows {
		out = append(out, it.e)
	}
	return out
}

// ListErr is the error of the last List, if any.
func (v *View) ListErr() error { return v.err }

// FocusSelected gives keyboard focus to the selected row, scrolling it
// into view.
func (v *View) FocusSelected() { v.focusItem(v.sel) }

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
