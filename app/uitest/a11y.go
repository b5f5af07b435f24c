// Package uitest holds test support shared by the window's packages. Its
// accessibility walker sees a canvas as Fyne's screen-reader bridge does
// (fyne.io/fyne/v2/internal/driver/glfw/accessibility_windows.go with our
// third_party/fyne patch 0101): a fyne.Accessible whose role is not
// "container" is one element, read by its label; containers and widgets
// that do not describe themselves are looked through.
package uitest

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Element is one thing a screen reader reads.
type Element struct {
	Obj   fyne.CanvasObject
	Role  fyne.AccessibleRole
	Label string
}

func (e Element) String() string { return fmt.Sprintf("[%s] %s", e.Role, e.Label) }

// Exposed lists what the driver hands the screen reader for c: the content,
// then the overlays (dialogs, pop-ups), in the order it walks them.
func Exposed(c fyne.Canvas) []Element {
	var out []Element
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if a, ok := o.(fyne.Accessible); ok && a.AccessibilityRole() != fyne.AccessibleRoleContainer {
			out = append(out, Element{Obj: o, Role: a.AccessibilityRole(), Label: a.AccessibilityLabel()})
			return
		}
		for _, ch := range children(o) {
			walk(ch)
		}
	}
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return out
}

func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch x := o.(type) {
	case *fyne.Container:
		return x.Objects
	case fyne.Widget:
		return test.WidgetRenderer(x).Objects()
	}
	return nil
}

// Problem is something a screen-reader user would miss or mishear.
type Problem struct {
	What string
	Obj  fyne.CanvasObject
}

func (p Problem) String() string { return fmt.Sprintf("%s (%T)", p.What, p.Obj) }

// Options for Check.
type Options struct {
	// Lang is "ja" or "en": the language every label must be in.
	Lang string
	// Data are texts the user or the system supplied (account names,
	// paths, versions): removed before the language check.
	Data []string
}

// Check walks c and reports every element without a role or a label, with
// a label in the other language, and every reachable thing (something to
// tap or focus, or visible text) that no element covers: neither it nor an
// ancestor is an element, and (for text) no element's label says it. It
// also reports Japanese that Fyne wraps by itself (FyneWrapped), so that
// every screen under this check keeps its Japanese lines whole.
func Check(c fyne.Canvas, opt Options) []Problem {
	elems := Exposed(c)
	probs := FyneWrapped(c)
	exposed := map[fyne.CanvasObject]bool{}
	var spoken []string
	for _, e := range elems {
		exposed[e.Obj] = true
		spoken = append(spoken, squash(e.Label))
		switch {
		case e.Role == "":
			probs = append(probs, Problem{"no role: " + e.Label, e.Obj})
		case strings.TrimSpace(e.Label) == "":
			probs = append(probs, Problem{"no label, role " + string(e.Role), e.Obj})
		default:
			if bad := wrongLanguage(e.Label, opt); bad != "" {
				probs = append(probs, Problem{fmt.Sprintf("label %q is not in %s: %q", e.Label, opt.Lang, bad), e.Obj})
			}
		}
	}
	probs = append(probs, order(c.Content())...)
	var walk func(o fyne.CanvasObject, covered bool)
	walk = func(o fyne.CanvasObject, covered bool) {
		if o == nil || !o.Visible() {
			return
		}
		covered = covered || exposed[o]
		if !covered && !background(o) {
			if _, ok := o.(fyne.Focusable); ok {
				probs = append(probs, Problem{"focusable but not read", o})
			} else if _, ok := o.(fyne.Tappable); ok {
				probs = append(probs, Problem{"tappable but not read", o})
			}
			if t, ok := o.(*canvas.Text); ok && strings.TrimSpace(t.Text) != "" && !saidBy(t.Text, spoken) {
				probs = append(probs, Problem{fmt.Sprintf("text %q is not read", t.Text), o})
			}
		}
		for _, ch := range children(o) {
			walk(ch, covered)
		}
	}
	walk(c.Content(), false)
	for _, o := range c.Overlays().List() {
		walk(o, false)
	}
	return probs
}

// background: a dialog's shade and pop-up frame take taps only to close;
// scroll bars are for the mouse (the keyboard scrolls by focus).
func background(o fyne.CanvasObject) bool {
	if _, ok := o.(*widget.PopUp); ok {
		return true
	}
	t := reflect.TypeOf(o)
	if t.Kind() != reflect.Pointer {
		return false
	}
	switch t.Elem().PkgPath() + "." + t.Elem().Name() {
	case "fyne.io/fyne/v2/internal/widget.OverlayContainer",
		"fyne.io/fyne/v2/widget.scrollBarArea", "fyne.io/fyne/v2/internal/widget.scrollBarArea",
		"fyne.io/fyne/v2/internal/widget.scrollBar":
		return true
	}
	return false
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

func saidBy(text string, spoken []string) bool {
	t := squash(strings.TrimLeft(text, "✓⚠ "))
	for _, s := range spoken {
		if strings.Contains(s, t) {
			return true
		}
	}
	return false
}

// Words that read the same in both languages.
var shared = map[string]bool{
	"omamori": true, "pin": true, "usb": true, "nfc": true, "fido": true, "fido2": true,
	"qr": true, "otpauth": true, "windows": true, "macos": true, "linux": true, "os": true,
	"ctrl": true, "enter": true, "esc": true, "tab": true, "url": true, "id": true,
	"ntp": true, "https": true, "http": true, "amd": true, "arm": true, "utc": true,
	"hello": true, "bluetooth": true, // product names: Windows Hello, Bluetooth
	// As printed on the broker's Japanese page (seed 002): 「STEP1」「STEP2」, 「Smart OTP」.
	"step1": true, "step2": true, "smart": true, "otp": true,
}

var latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)

// wrongLanguage returns the part of label that is in the other language.
func wrongLanguage(label string, opt Options) string {
	for _, d := range opt.Data {
		if d != "" {
			label = strings.ReplaceAll(label, d, " ")
		}
	}
	if opt.Lang == "ja" {
		for _, w := range latinWord.FindAllString(label, -1) {
			if len(w) >= 3 && !shared[strings.ToLower(w)] {
				return w
			}
		}
		return ""
	}
	for _, r := range label {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return string(r)
		}
	}
	return ""
}

// order reports elements of the window content a screen reader would reach
// after one that is wholly below them: its Tab and its reading follow the
// order of the objects, which should follow the screen, top to bottom.
// (Dialogs are left out: Fyne's dialog puts its title after its buttons.)
func order(root fyne.CanvasObject) []Problem {
	type placed struct {
		obj      fyne.CanvasObject
		top, bot float32
	}
	var seq []placed
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if o == nil || !o.Visible() {
			return
		}
		p := at.Add(o.Position())
		if a, ok := o.(fyne.Accessible); ok && a.AccessibilityRole() != fyne.AccessibleRoleContainer {
			seq = append(seq, placed{o, p.Y, p.Y + o.Size().Height})
			return
		}
		for _, ch := range children(o) {
			walk(ch, p)
		}
	}
	walk(root, fyne.Position{})
	var probs []Problem
	for i := 1; i < len(seq); i++ {
		if seq[i].bot <= seq[i-1].top {
			probs = append(probs, Problem{fmt.Sprintf("read after something below it (y %.0f after y %.0f)", seq[i].top, seq[i-1].top), seq[i].obj})
		}
	}
	return probs
}

// FyneWrapped reports every text Fyne wraps by itself (a label or rich
// text with TextWrapWord or TextWrapBreak) that holds Japanese: Fyne
// breaks Japanese anywhere, inside words (必/要, パス/ワード); jptext.Label
// breaks it between phrases. What the user types (an entry) is left out.
func FyneWrapped(c fyne.Canvas) []Problem {
	var probs []Problem
	visit := func(o fyne.CanvasObject) bool {
		if _, ok := o.(interface{ SetPlaceHolder(string) }); ok {
			return false // an entry: the user's own text
		}
		if rt, ok := o.(*widget.RichText); ok && (rt.Wrapping == fyne.TextWrapWord || rt.Wrapping == fyne.TextWrapBreak) {
			if s := rt.String(); hasJapanese(s) {
				probs = append(probs, Problem{fmt.Sprintf("Japanese wrapped by Fyne, not jptext: %q", s), o})
			}
		}
		return true
	}
	Walk(c.Content(), visit)
	for _, o := range c.Overlays().List() {
		Walk(o, visit)
	}
	return probs
}

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}
