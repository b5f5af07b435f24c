package codes

import (
	"image/color"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/totp"
)

// row is one account. It takes keyboard focus (Tab), and Enter or Ctrl+C
// on it copies its code.
type row struct {
	widget.BaseWidget
	v      *View
	i      int // index into v.rows
	it     *item
	e      accounts.Entry
	gen    *totp.Generator
	period int

	bg       *canvas.Rectangle
	code     *canvas.Text
	next     *widget.Label
	left     *widget.Label
	bar      *countdown
	mid, bot *fyne.Container // re-laid out when a text's width changes
	body     fyne.CanvasObject
	selected bool
	focused  bool

	step               int64 // of the code shown; -1 none yet
	cur, nxt           string
	lastCode, lastNext string
	lastLeft           int
}

// newRow builds the row of account i, showing its codes as of now.
func newRow(v *View, i int) *row {
	v.built++
	it := v.rows[i]
	e := it.e
	r := &row{v: v, i: i, it: it, e: e, gen: it.gen, lastLeft: -1, step: -1, selected: i == v.sel}
	if it.gen != nil {
		r.period = it.gen.Period()
	}
	r.ExtendBaseWidget(r)
	r.bg = canvas.NewRectangle(color.Transparent)
	r.bg.CornerRadius = theme.InputRadiusSize()
	name := widget.NewLabelWithStyle(e.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	menu := a11y.NewButton("", theme.MoreHorizontalIcon(), v.t("a11y_row_menu", "Name", e.Name), nil)
	menu.OnTapped = func() { r.showMenu(menu) }
	if e.State != accounts.OK {
		r.body = r.problemBody(name, menu)
		r.paint()
		return r
	}
	r.code = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.code.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	r.code.TextSize = theme.Size(omtheme.SizeNameCode)
	r.next = widget.NewLabel("")
	r.left = widget.NewLabel("")
	r.bar = newCountdown()
	copyBtn := a11y.NewButton(v.t("copy"), theme.ContentCopyIcon(),
		v.t("a11y_copy_button", "Name", e.Name), func() { v.Copy(e.ID) })
	copyBtn.Importance = widget.HighImportance
	top := container.NewBorder(nil, nil, nil, container.NewHBox(copyBtn, menu), name)
	now := v.opt.Now()
	if it.unread {
		// As tall as a code row (the list's height is worked out from
		// the kind of each row), with nothing to copy yet.
		r.code.Text = "--- ---"
		r.next.SetText(v.t("reading"))
		r.bar.set(0, false) // nothing counts down yet
		copyBtn.Disable()
	} else {
		r.update(now, clockAt(r.period, now)) // texts first, so the layout below sees their sizes
	}
	inset := layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), theme.InnerPadding())
	r.mid = container.New(inset, container.NewBorder(nil, nil, r.code, r.next))
	r.bot = container.New(inset, container.NewBorder(nil, nil, nil, r.left, container.NewVBox(layoutGap(), r.bar)))
	parts := []fyne.CanvasObject{top, r.mid, r.bot}
	if host := r.hostLine(); host != nil {
		parts = append(parts, container.New(inset, host))
	}
	r.body = container.NewVBox(parts...)
	r.paint()
	return r
}

// hostLine is the official login host under the code, with a button that
// opens the login page; nil when the broker's profile names no login
// page (no guessing).
func (r *row) hostLine() fyne.CanvasObject {
	b := r.v.broker(r.e)
	host := b.LoginHost()
	if host == "" {
		return nil
	}
	line := jptext.NewLabel(HostLine(r.v.opt.Lang, host))
	if r.v.opt.OpenURL == nil {
		return line
	}
	open := widget.NewButtonWithIcon(r.v.t("open_login"), theme.ComputerIcon(), func() { r.v.openLogin(b) })
	return container.NewBorder(nil, nil, nil, open, line)
}

func (r *row) problemBody(name *widget.Label, menu fyne.CanvasObject) fyne.CanvasObject {
	title := r.v.t("problem_unknown")
	if r.e.State == accounts.NeedsSetupAgain {
		title = r.v.t("problem_reenrol")
	}
	del := widget.NewButtonWithIcon(r.v.t("delete"), theme.DeleteIcon(), func() { r.v.confirmDelete(r.e) })
	return container.NewVBox(
		container.NewBorder(nil, nil, nil, menu, name),
		problem(title, r.v.errText(r.e.Err)),
		container.NewHBox(del),
	)
}

// problem is a warning with what to do, never hidden.
func problem(title, detail string) fyne.CanvasObject {
	t := jptext.NewLabel("⚠ " + title)
	t.TextStyle = fyne.TextStyle{Bold: true}
	t.Importance = widget.DangerImportance
	d := jptext.NewLabel(detail)
	return container.NewVBox(t, d)
}

// relayout lays c out again after a child's minimum size changed (nil
// while the row is still being built).
func relayout(c *fyne.Container) {
	if c != nil {
		c.Refresh()
	}
}

// relayout lays the whole row out again: a new row's wrapped texts take
// their height only once the row has its width.
func (r *row) relayout() {
	if c, ok := r.body.(*fyne.Container); ok {
		c.Refresh()
	}
}

func layoutGap() fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(1, 2))
	return r
}

// update shows the code for now, touching only what changed so an idle
// window redraws as little as possible.
// The codes are computed only when the step changes; the countdown is
// the period's, shared by every row of that period.
func (r *row) update(now time.Time, clk periodClock) {
	if r.gen == nil {
		return
	}
	if clk.step != r.step {
		c := r.gen.At(now)
		r.step, r.cur, r.nxt = clk.step, c.Code, c.Next
	}
	if r.cur != r.lastCode {
		r.lastCode = r.cur
		r.code.Text = Group(r.cur)
		r.code.Refresh()
		relayout(r.mid)
	}
	next := ""
	if clk.left <= NextCodeFrom {
		next = r.v.t("next_code", "Code", Group(r.nxt))
	}
	if next != r.lastNext {
		r.lastNext = next
		r.next.SetText(next)
		relayout(r.mid)
	}
	if clk.left != r.lastLeft {
		r.lastLeft = clk.left
		old := len(r.left.Text)
		text := clk.text
		if text == "" {
			text = r.v.t("seconds_left", "N", strconv.Itoa(clk.left))
		}
		r.left.SetText(text)
		if len(r.left.Text) != old {
			relayout(r.bot)
		}
		r.bar.set(float32(clk.left)/float32(r.period), clk.left <= NextCodeFrom)
	}
}

func (r *row) setSelected(b bool) {
	r.selected = b
	r.paint()
}

// FocusRing is the width of the ring around the focused row: seen from
// a distance, not only as a tint.
const FocusRing = 3

func (r *row) paint() {
	r.bg.StrokeWidth = 0
	switch {
	case r.focused:
		r.bg.FillColor = theme.Color(theme.ColorNameFocus)
		r.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.bg.StrokeWidth = FocusRing
	case r.selected:
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	default:
		r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	}
	r.bg.Refresh()
}

// CreateRenderer draws the background behind the padded body.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.bg, container.NewPadded(r.body)))
}

// Tapped selects the row.
func (r *row) Tapped(*fyne.PointEvent) {
	r.v.Select(r.i)
	if r.v.opt.Window != nil {
		r.v.opt.Window.Canvas().Focus(r)
	}
}

// FocusGained selects the row too, so Tab moves the selection.
func (r *row) FocusGained() {
	r.focused = true
	r.v.Select(r.i)
	r.paint()
}

// FocusLost stops the focus highlight.
func (r *row) FocusLost() { r.focused = false; r.paint() }

// TypedRune is unused.
func (r *row) TypedRune(rune) {}

// TypedKey: Enter copies; Delete asks to delete; F2 renames.
func (r *row) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		r.v.Copy(r.e.ID)
	case fyne.KeyUp, fyne.KeyDown:
		step := 1
		if k.Name == fyne.KeyUp {
			step = -1
		}
		if i := r.v.neighbour(r.i, step); i >= 0 {
			r.v.focusItem(i)
		}
	case fyne.KeyDelete:
		r.v.confirmDelete(r.e)
	case fyne.KeyF2:
		r.v.rename(r.e)
	}
}

// TypedShortcut: Ctrl+C copies the code.
func (r *row) TypedShortcut(s fyne.Shortcut) {
	if _, ok := s.(*fyne.ShortcutCopy); ok {
		r.v.Copy(r.e.ID)
	}
}

// CopiedFor is how long after a copy a row's spoken label says so.
const CopiedFor = 4 * time.Second

// AccessibilityRole: a row is pressed (Enter) to copy its code.
func (r *row) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// AccessibilityLabel reads the row as 「三菱 太郎、ワンタイムパスワード1 0 1 1 0 9、
// あと44秒」, the digits one by one, then the next code in the last seconds
// and "copied" just after a copy. A row whose secret is unusable reads its
// problem.
func (r *row) AccessibilityLabel() string {
	if r.gen == nil {
		msg := r.v.t("problem_unknown")
		if r.e.State == accounts.NeedsSetupAgain {
			msg = r.v.t("problem_reenrol")
		}
		return a11y.Join(r.v.opt.Lang, r.e.Name, msg, r.v.errText(r.e.Err))
	}
	now := r.v.opt.Now()
	c := r.gen.At(now)
	parts := []string{r.v.t("a11y_row", "Name", r.e.Name, "Digits", a11y.Digits(c.Code), "N", c.SecondsLeft)}
	if c.SecondsLeft <= NextCodeFrom {
		parts = append(parts, r.v.t("a11y_row_next", "Digits", a11y.Digits(c.Next)))
	}
	if at := r.it.copiedAt; !at.IsZero() && now.Sub(at) < CopiedFor && !now.Before(at) {
		parts = append(parts, r.v.t("a11y_row_copied"))
	}
	return a11y.Join(r.v.opt.Lang, parts...)
}

var _ fyne.Accessible = (*row)(nil)
var _ fyne.Focusable = (*row)(nil)
var _ fyne.Shortcutable = (*row)(nil)
var _ desktop.Cursorable = (*row)(nil)

// Cursor is the pointer: a row is clickable.
func (r *row) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (r *row) showMenu(anchor fyne.CanvasObject) {
	if r.v.opt.Window == nil {
		return
	}
	items := r.v.menuItems(r.i)
	c := r.v.opt.Window.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(anchor)
	a11y.ShowMenu(c, pos.Add(fyne.NewPos(0, anchor.Size().Height)), items)
}

// menuItems is account i's menu: 「スマートフォンに移す」 only where the
// broker lets more than one device hold the code; 「パスキーの準備」 only
// where the account has a broker (a generic TOTP account has none).
func (v *View) menuItems(i int) []*fyne.MenuItem {
	e := v.rows[i].e
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(v.t("rename"), func() { v.rename(e) }),
		fyne.NewMenuItem(v.t("move_up"), func() { v.move(e.ID, i-1) }),
		fyne.NewMenuItem(v.t("move_down"), func() { v.move(e.ID, i+1) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(v.t("delete"), func() { v.confirmDelete(e) }),
	}
	if v.opt.ToPhone != nil && e.State == accounts.OK && !v.broker(e).OneDevice() {
		items = slices.Insert(items, 3, fyne.NewMenuItem(v.opt.ToPhoneLabel, func() { v.opt.ToPhone(e) }))
	}
	if v.opt.PasskeyReady != nil && !v.broker(e).IsZero() {
		items = slices.Insert(items, 3, fyne.NewMenuItem(v.opt.PasskeyReadyLabel, func() { v.opt.PasskeyReady(e) }))
	}
	items[1].Disabled = i <= 0
	items[2].Disabled = i >= len(v.rows)-1
	return items
}

func (v *View) move(id string, to int) {
	if to < 0 || to >= len(v.rows) {
		return
	}
	if err := v.store.Move(id, to); err != nil {
		v.showErr(err)
		return
	}
	v.changed()
}

func (v *View) rename(e accounts.Entry) {
	if v.opt.Window == nil {
		return
	}
	entry := a11y.NewEntry(v.opt.Lang, v.t("display_name"))
	entry.SetText(e.Name)
	items := []*widget.FormItem{widget.NewFormItem(v.t("display_name"), entry)}
	d := dialog.NewForm(v.t("rename_title"), v.t("rename_ok"), v.t("cancel"), items, func(ok bool) {
		if !ok || entry.Text == e.Name {
			return
		}
		if err := v.store.Rename(e.ID, entry.Text); err != nil {
			v.showErr(err)
			return
		}
		v.changed()
	}, v.opt.Window)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(v.opt.Window, 420), 0))
	d.Show()
	v.opt.Window.Canvas().Focus(entry)
}

func (v *View) confirmDelete(e accounts.Entry) {
	if v.opt.Window == nil {
		return
	}
	msg := jptext.NewLabel(v.t("delete_body", "Name", e.Name))
	d := dialog.NewCustomConfirm(v.t("delete_title"), v.t("delete_ok"), v.t("cancel"), msg, func(ok bool) {
		if !ok {
			return
		}
		if err := v.store.Remove(e.ID); err != nil {
			v.showErr(err)
			return
		}
		v.changed()
	}, v.opt.Window)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(v.opt.Window, 460), 0))
	d.Show()
}

func (v *View) showErr(err error) {
	msg := jptext.NewLabel(v.errText(err))
	d := dialog.NewCustom(v.t("error_title"), v.t("close"), msg, v.opt.Window)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(v.opt.Window, 440), 0))
	d.Show()
}

// countdown is a thin bar that shrinks over the step and turns the error
// colour for its last NextCodeFrom seconds.
type countdown struct {
	widget.BaseWidget
	track, fill *canvas.Rectangle
	frac        float32
	urgent      bool
}

func newCountdown() *countdown {
	c := &countdown{track: canvas.NewRectangle(color.Transparent), fill: canvas.NewRectangle(color.Transparent), frac: 1}
	c.ExtendBaseWidget(c)
	return c
}

func (c *countdown) set(frac float32, urgent bool) {
	if frac == c.frac && urgent == c.urgent {
		return
	}
	if urgent != c.urgent {
		c.frac, c.urgent = frac, urgent
		c.Refresh() // the colour changes: all of it
		return
	}
	// Each second only the fill shrinks: refresh it alone, so the window
	// repaints the fill's old extent, not the whole track (patch 0005
	// repaints the areas of refreshed and resized objects; a refreshed
	// track made every row's damage as wide as the row).
	c.frac = frac
	s := c.Size()
	c.fill.Resize(fyne.NewSize(s.Width*frac, s.Height))
	c.fill.Refresh()
}

func (c *countdown) CreateRenderer() fyne.WidgetRenderer { return &countdownRenderer{c} }

type countdownRenderer struct{ c *countdown }

func (r *countdownRenderer) Layout(s fyne.Size) {
	r.c.track.Resize(s)
	r.c.fill.Resize(fyne.NewSize(s.Width*r.c.frac, s.Height))
}
func (r *countdownRenderer) MinSize() fyne.Size { return fyne.NewSize(60, 6) }
func (r *countdownRenderer) Refresh() {
	r.c.track.FillColor = theme.Color(omtheme.ColorNameBarTrack)
	r.c.track.StrokeColor = theme.Color(omtheme.ColorNameBarOutline)
	r.c.track.StrokeWidth = 0
	if _, _, _, a := r.c.track.StrokeColor.RGBA(); a > 0 {
		r.c.track.StrokeWidth = 1 // high contrast: the track's extent in the text colour
	}
	r.c.fill.FillColor = theme.Color(theme.ColorNamePrimary)
	if r.c.urgent {
		r.c.fill.FillColor = theme.Color(theme.ColorNameError)
	}
	r.c.track.CornerRadius, r.c.fill.CornerRadius = 3, 3
	r.Layout(r.c.Size())
	r.c.track.Refresh()
	r.c.fill.Refresh()
}
func (r *countdownRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.c.track, r.c.fill}
}
func (r *countdownRenderer) Destroy() {}
