package codes

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// vbody is the scrolled content of the list: as tall as every shown row
// stacked with the theme's padding between them (as a VBox would be), but
// holding only the rows on screen.
type vbody struct {
	widget.BaseWidget
	v *View
}

func newVBody(v *View) *vbody {
	b := &vbody{v: v}
	b.ExtendBaseWidget(b)
	return b
}

func (b *vbody) CreateRenderer() fyne.WidgetRenderer { return &vbodyRenderer{b.v} }

type vbodyRenderer struct{ v *View }

func (r *vbodyRenderer) Layout(fyne.Size) { r.v.place() }
func (r *vbodyRenderer) MinSize() fyne.Size {
	w, h := r.v.extent(r.v.width())
	return fyne.NewSize(w, h)
}
func (r *vbodyRenderer) Refresh()                     { r.v.place() }
func (r *vbodyRenderer) Objects() []fyne.CanvasObject { return r.v.objs }
func (r *vbodyRenderer) Destroy()                     {}

// sizeCache holds the measured size of each kind of row at one width and
// text size: rows of one kind (a code with or without a host line, or one
// problem) are all the same height, so 200 accounts need a few
// measurements, not 200 rows.
type sizeCache struct {
	width, text, pad float32
	kinds            map[string]fyne.Size
}

// kind names what decides a row's size: whether it shows a code, its
// host line, its problem's text.
func (v *View) kind(it *item) string {
	if it.gen == nil && !it.unread { // unread: a code row once read
		return "p\x00" + strconv.Itoa(int(it.e.State)) + "\x00" + v.errText(it.e.Err)
	}
	open := "-"
	if v.opt.OpenURL != nil {
		open = "+"
	}
	return "c" + open + v.broker(it.e).LoginHost()
}

// sizer returns the size of a row at width w, measured on a row of its
// kind once. The cache is checked against the theme here, once per walk
// over the rows (a theme lookup per row made every layout of 200
// accounts cost milliseconds before the first frame).
func (v *View) sizer(w float32) func(i int) fyne.Size {
	c := &v.sizes
	text, pad := theme.TextSize(), theme.Padding()
	if c.text != text || c.pad != pad {
		clear(v.meters) // rows take the theme's sizes when they are made
	}
	if c.kinds == nil || c.width != w || c.text != text || c.pad != pad {
		*c = sizeCache{width: w, text: text, pad: pad, kinds: map[string]fyne.Size{}}
	}
	return func(i int) fyne.Size { return v.size(c, i, w) }
}

func (v *View) size(c *sizeCache, i int, w float32) fyne.Size {
	it := v.rows[i]
	if it.kind == "" {
		it.kind = v.kind(it) // once: place runs on every scroll event
	}
	k := it.kind
	if s, ok := c.kinds[k]; ok {
		return s
	}
	// The first screen is laid out at several widths (none yet, then the
	// window's): one row of each kind is made and measured again at each,
	// where a new row for each measurement made most of the start's rows.
	r := v.meters[k]
	if r == nil {
		r = newRow(v, i)
		if v.meters == nil {
			v.meters = map[string]*row{}
		}
		v.meters[k] = r
	}
	s := measure(r, w)
	c.kinds[k] = s
	return s
}

// measure is r's size at width w: a wrapped text is as tall as the width
// makes it.
func measure(r *row, w float32) fyne.Size {
	s := r.MinSize()
	for range 3 {
		r.Resize(fyne.NewSize(max(w, s.Width), s.Height))
		n := r.MinSize()
		if n.Height == s.Height {
			break
		}
		s.Height = n.Height
	}
	return s
}

// width is the width the rows are laid out at.
func (v *View) width() float32 { return v.scroll.Size().Width }

// extent is the widest row's minimum width and the height of all shown
// rows with padding between them.
func (v *View) extent(w float32) (float32, float32) {
	var mw, h float32
	pad := theme.Padding()
	size := v.sizer(w)
	for k, i := range v.shown {
		s := size(i)
		mw = max(mw, s.Width)
		h += s.Height
		if k > 0 {
			h += pad
		}
	}
	return mw, h
}

// span is where shown row i lies in the content: its top and height
// (ok false when it is filtered out).
func (v *View) span(i int) (y, h float32, ok bool) {
	w, pad := v.width(), theme.Padding()
	size := v.sizer(w)
	for _, j := range v.shown {
		s := size(j)
		if j == i {
			return y, s.Height, true
		}
		y += s.Height + pad
	}
	return 0, 0, false
}

// place builds the rows that are on screen, drops those that are not and
// lays them out; called when the list scrolls or changes size.
func (v *View) place() {
	if v.placing || len(v.shown) == 0 {
		return
	}
	v.placing = true
	defer func() { v.placing = false }()
	w := max(v.width(), v.body.Size().Width)
	top, bottom := v.scroll.Offset.Y, v.scroll.Offset.Y+v.scroll.Size().Height
	pad := theme.Padding()
	keep := make(map[int]*row, len(v.live))
	objs := make([]fyne.CanvasObject, 0, len(v.live)+1)
	changed := false
	now := v.opt.Now()
	var y float32
	size := v.sizer(w)
	for _, i := range v.shown {
		s := size(i)
		if y+s.Height >= top && y <= bottom {
			r := v.live[i]
			fresh := r == nil
			if fresh {
				r, changed = newRow(v, i), true
				v.binds++
				r.update(now, v.clockFor(r.period, now))
				defer v.refocus(r)
			}
			r.Move(fyne.NewPos(0, y))
			if sz := fyne.NewSize(w, s.Height); fresh || r.Size() != sz {
				r.Resize(sz)
				// Once more now that its wrapped texts know their width.
				r.relayout()
			}
			keep[i] = r
			objs = append(objs, r)
		}
		y += s.Height + pad
		if y > bottom {
			break
		}
	}
	changed = changed || len(keep) != len(v.live)
	v.live, v.objs = keep, objs
	if changed {
		canvas.Refresh(v.body)
	}
}

// refocus gives r the keyboard focus if the row it replaces (the same
// account, dropped when it scrolled away) had it.
func (v *View) refocus(r *row) {
	if v.opt.Window == nil {
		return
	}
	c := v.opt.Window.Canvas()
	if f, ok := c.Focused().(*row); ok && f != r && f.v == v && f.i == r.i {
		c.Focus(r)
	}
}

// focusItem scrolls row i into view and gives it keyboard focus.
func (v *View) focusItem(i int) {
	if i < 0 || i >= len(v.rows) || v.opt.Window == nil {
		return
	}
	y, h, ok := v.span(i)
	if !ok {
		return
	}
	off := v.scroll.Offset.Y
	switch vh := v.scroll.Size().Height; {
	case y < off:
		off = y
	case y+h > off+vh:
		off = y + h - vh
	}
	if off != v.scroll.Offset.Y {
		v.scroll.ScrollToOffset(fyne.NewPos(0, off))
		v.place()
	}
	if r := v.live[i]; r != nil {
		v.opt.Window.Canvas().Focus(r)
	}
}

// neighbour is the shown row after (step 1) or before (step -1) row i,
// or -1.
func (v *View) neighbour(i, step int) int {
	for k, j := range v.shown {
		if j == i {
			if n := k + step; n >= 0 && n < len(v.shown) {
				return v.shown[n]
			}
			return -1
		}
	}
	return -1
}
