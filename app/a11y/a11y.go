// Package a11y makes Fyne's input widgets readable by screen readers.
// Fyne 2.8 (build tag accessibility) hands the driver's UI Automation
// (Windows) and NSAccessibility (macOS) bridges each fyne.Accessible it
// finds; of the stock widgets only Button, Label and Hyperlink are. These
// wrappers add a role and a label in the window's language (given when
// each is made: a language switch rebuilds the window): the field's
// name, what it holds (a hidden field: only how many characters) and its
// error. Text and digits are spoken as they are; Digits spaces a code out
// so it is read digit by digit.
package a11y

import (
	"embed"
	"image/color"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/a11y", locales)

// Text renders one of this package's words ("a11y_hidden_chars", …) in l,
// for tests that look for them.
func Text(l i18n.Lang, key string, kv ...any) string { return cat.M(key, kv...).In(l) }

// Join puts the parts of a spoken label together with l's separator
// (「、」 or ", "), skipping empty ones.
func Join(l i18n.Lang, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, Text(l, "a11y_sep"))
}

// Digits spaces out the digits of s ("101 109" → "1 0 1 1 0 9") so a
// screen reader says each one instead of "one hundred and one thousand...".
func Digits(s string) string {
	var b []string
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b = append(b, string(r))
		} else if r != ' ' && r != '\u00a0' {
			b = append(b, string(r))
		}
	}
	return strings.Join(b, " ")
}

// Entry is a text field read as "name, content, error".
type Entry struct {
	widget.Entry
	Label string    // the field's name as the form shows it
	Lang  i18n.Lang // the language it is read in
}

// NewEntry returns an empty field named label, read in l.
func NewEntry(l i18n.Lang, label string) *Entry {
	e := &Entry{Label: label, Lang: l}
	e.ExtendBaseWidget(e)
	return e
}

// NewPasswordEntry returns a hidden field named label, read in l; its
// content is never spoken.
func NewPasswordEntry(l i18n.Lang, label string) *Entry {
	e := &Entry{Label: label, Lang: l}
	e.Password = true
	e.ExtendBaseWidget(e)
	return e
}

// AccessibilityRole is text.
func (e *Entry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// AccessibilityLabel reads the name, the content and the error.
func (e *Entry) AccessibilityLabel() string {
	return FieldLabel(e.Lang, &e.Entry, e.Label)
}

// FieldLabel is Entry's label in l for any widget.Entry (types that embed one).
func FieldLabel(l i18n.Lang, e *widget.Entry, name string) string {
	problem := ""
	if e.Validator != nil && e.Text != "" {
		if err := e.Validator(e.Text); err != nil {
			problem = i18n.Localize(err, l)
		}
	}
	return Field(l, name, e.Text, e.PlaceHolder, e.Password, problem)
}

// Field reads a field in l: its name; its text, "empty" (and the
// placeholder), or for a hidden field only how many characters it holds;
// its problem.
func Field(l i18n.Lang, name, text, placeholder string, hidden bool, problem string) string {
	var content string
	switch {
	case text == "":
		content = Text(l, "a11y_empty")
		if placeholder != name {
			content = Join(l, content, placeholder)
		}
	case hidden:
		content = Text(l, "a11y_hidden_chars", "N", strconv.Itoa(utf8.RuneCountInString(text)))
	default:
		content = text
	}
	return Join(l, name, content, problem)
}

// Check is a check box read as "text, on/off".
type Check struct {
	widget.Check
	Lang i18n.Lang
}

// NewCheck is widget.NewCheck, read in l.
func NewCheck(l i18n.Lang, text string, changed func(bool)) *Check {
	c := &Check{Lang: l}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

// AccessibilityRole is button (it is pressed to change).
func (c *Check) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// AccessibilityLabel reads the text and the state.
func (c *Check) AccessibilityLabel() string { return Join(c.Lang, c.Text, onOff(c.Lang, c.Checked)) }

func onOff(l i18n.Lang, on bool) string {
	if on {
		return Text(l, "a11y_on")
	}
	return Text(l, "a11y_off")
}

// Select is a drop-down read as "name, chosen option".
type Select struct {
	widget.Select
	Label string
	Lang  i18n.Lang
}

// NewSelect is widget.NewSelect with a name, read in l.
func NewSelect(l i18n.Lang, label string, options []string, changed func(string)) *Select {
	s := &Select{Label: label, Lang: l}
	s.Options, s.OnChanged = options, changed
	s.ExtendBaseWidget(s)
	return s
}

// AccessibilityRole is button (it opens the list).
func (s *Select) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// AccessibilityLabel reads the name and the chosen option.
func (s *Select) AccessibilityLabel() string {
	return Join(s.Lang, s.Label, chosen(s.Lang, s.Selected))
}

// chosen reads a select's or radio group's choice, or that there is none.
func chosen(l i18n.Lang, sel string) string {
	if sel == "" {
		return Text(l, "a11y_none_chosen")
	}
	return sel
}

// RadioGroup is a set of options read as "name, chosen, choices: a, b, c".
type RadioGroup struct {
	widget.RadioGroup
	Label string
	Lang  i18n.Lang
}

// NewRadioGroup is widget.NewRadioGroup with a name, read in l.
func NewRadioGroup(l i18n.Lang, label string, options []string, changed func(string)) *RadioGroup {
	r := &RadioGroup{Label: label, Lang: l}
	r.Options, r.OnChanged = options, changed
	r.ExtendBaseWidget(r)
	return r
}

// AccessibilityRole is button.
func (r *RadioGroup) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// AccessibilityLabel reads the name, the choice and the options.
func (r *RadioGroup) AccessibilityLabel() string {
	return Join(r.Lang, r.Label, chosen(r.Lang, r.Selected), Text(r.Lang, "a11y_choices", "List", strings.Join(r.Options, Text(r.Lang, "a11y_sep"))))
}

// Button is a button whose spoken label differs from its text (an icon-only
// button, or one whose text needs the account's name).
type Button struct {
	widget.Button
	Label string
}

// NewButton returns an icon button with text (may be "") read as label.
func NewButton(text string, icon fyne.Resource, label string, tapped func()) *Button {
	b := &Button{Label: label}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// AccessibilityLabel is the label given.
func (b *Button) AccessibilityLabel() string { return b.Label }

// Value is a label read with its name ("バージョン、1.2.0"), for the
// right-hand side of a form whose names Fyne draws as plain text.
type Value struct {
	widget.Label
	Name   string
	Digits bool // read the digits one by one (a code to read aloud)
	Lang   i18n.Lang
}

// NewValue returns a label showing text, read as "name, text" in l.
func NewValue(l i18n.Lang, name, text string) *Value {
	v := &Value{Name: name, Lang: l}
	v.Text = text
	v.ExtendBaseWidget(v)
	return v
}

// AccessibilityLabel reads the name and the text.
func (v *Value) AccessibilityLabel() string {
	if v.Digits {
		return Join(v.Lang, v.Name, Digits(v.Text))
	}
	return Join(v.Lang, v.Name, v.Text)
}

// WrappedValue is a Value that wraps its lines, Japanese between
// phrases (jptext): a long value such as a folder path.
type WrappedValue struct {
	jptext.Label
	Name string
	Lang i18n.Lang
}

// NewWrappedValue returns a wrapping label showing text, read as
// "name, text" in l.
func NewWrappedValue(l i18n.Lang, name, text string) *WrappedValue {
	v := &WrappedValue{Name: name, Lang: l}
	v.ExtendBaseWidget(v)
	v.SetText(text)
	return v
}

// AccessibilityLabel reads the name and the text, without the line breaks.
func (v *WrappedValue) AccessibilityLabel() string { return Join(v.Lang, v.Name, v.Content()) }

// Described shows obj (drawn text such as a large code) and reads label.
type Described struct {
	widget.BaseWidget
	obj   fyne.CanvasObject
	role  fyne.AccessibleRole
	label func() string
}

// Describe wraps obj so that a screen reader reads label() for it.
func Describe(obj fyne.CanvasObject, role fyne.AccessibleRole, label func() string) *Described {
	d := &Described{obj: obj, role: role, label: label}
	d.ExtendBaseWidget(d)
	return d
}

// CreateRenderer draws the wrapped object.
func (d *Described) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(d.obj) }

// AccessibilityRole is the role given.
func (d *Described) AccessibilityRole() fyne.AccessibleRole { return d.role }

// AccessibilityLabel is the label given.
func (d *Described) AccessibilityLabel() string { return d.label() }

// Heading is an element that draws nothing, read as label: for text Fyne
// draws without telling the screen reader (a card's title and subtitle).
func Heading(label string) fyne.CanvasObject {
	return Describe(canvas.NewRectangle(color.Transparent), fyne.AccessibleRoleText, func() string { return label })
}

// RoleStatus is a text whose new content the screen reader announces (a
// live region). Fyne 2.8 has no such role; our Fyne patch 0104 makes the
// Windows bridge announce it (UiaRaiseNotificationEvent).
const RoleStatus fyne.AccessibleRole = "status"

// Status is a label for short confirmations ("コピーしました"): announced by
// the screen reader when it appears or changes, without moving the focus.
type Status struct{ widget.Label }

// NewStatus returns an empty status line.
func NewStatus() *Status {
	s := &Status{}
	s.ExtendBaseWidget(s)
	return s
}

// AccessibilityRole is RoleStatus.
func (s *Status) AccessibilityRole() fyne.AccessibleRole { return RoleStatus }

// AccessibilityLabel is the text without a leading check mark or warning sign.
func (s *Status) AccessibilityLabel() string { return strings.TrimLeft(s.Text, "✓⚠ ") }

// Message is a label for a problem or hint that is often empty (under a
// field): read as text while it says something, skipped while empty. It
// wraps, Japanese between phrases (jptext).
type Message struct{ jptext.Label }

// NewMessage returns an empty message line.
func NewMessage() *Message {
	m := &Message{}
	m.ExtendBaseWidget(m)
	return m
}

// AccessibilityRole is text, or container (looked through) while empty.
func (m *Message) AccessibilityRole() fyne.AccessibleRole {
	if strings.TrimSpace(m.Content()) == "" {
		return fyne.AccessibleRoleContainer
	}
	return fyne.AccessibleRoleText
}

// AccessibilityLabel is the text, without the line breaks wrapping added.
func (m *Message) AccessibilityLabel() string { return m.Content() }
