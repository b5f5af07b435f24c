// Package lockview is the lock screen (issue 25): what the window shows
// instead of the code list while the app is locked. It shows no code and
// no account name (the window does not even build the list), asks for the
// passphrase or the security key's PIN, and keeps Settings and サポート情報
// reachable, so a customer who forgot the passphrase is never trapped.
// The rules (which verifier, when to lock) are internal/applock's.
package lockview

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/lockview", locales)

// Catalog is the package's messages, for the catalog tests.
func Catalog() *i18n.Catalog { return cat }

// The ways to unlock the screen offers (applock's verifier kinds).
const (
	Passphrase = "passphrase"
	Key        = "key"
	OS         = "os" // Windows Hello or Touch ID: nothing typed here
)

// Options are what the screen needs.
type Options struct {
	Lang i18n.Lang
	// Methods are the verifiers set up on this PC, in the order offered:
	// Passphrase, Key, OS. None: the screen says how to get one (Settings).
	Methods []string
	// OSName names the OS check ("Windows Hello", "Touch ID").
	OSName string
	// Unlock checks typed with the verifier of kind; it calls done with
	// its error (nil: unlocked) on the UI's goroutine, perhaps later (a
	// key waits for a touch).
	Unlock     func(kind, typed string, done func(error))
	OnSettings func()
	OnHelp     func()
}

// View is the lock screen.
type View struct {
	o      Options
	Method *a11y.RadioGroup // nil with fewer than two methods
	Entry  *a11y.Entry      // the passphrase or PIN, never shown
	Button *widget.Button   // ロックを解除
	Error  *jptext.Label    // why it stayed locked (wrapped: it has a hint)
	obj    fyne.CanvasObject
}

// New builds the screen.
func New(o Options) *View {
	v := &View{o: o, Error: jptext.NewLabel("")}
	v.Error.Importance = widget.DangerImportance
	v.Error.Hide()
	title := widget.NewLabelWithStyle(v.t("title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	icon := widget.NewIcon(theme.VisibilityOffIcon())
	body := container.NewVBox(container.NewCenter(icon), title, jptext.NewLabel(v.t("body")))
	v.Entry = a11y.NewPasswordEntry(o.Lang, v.t("label_"+v.kind()))
	v.Entry.SetPlaceHolder(v.t("label_" + v.kind()))
	v.Entry.OnSubmitted = func(string) { v.submit() }
	v.Button = widget.NewButtonWithIcon(v.t("unlock"), theme.LoginIcon(), v.submit)
	v.Button.Importance = widget.HighImportance
	if len(o.Methods) == 0 {
		body.Add(jptext.NewLabel(v.t("no_method")))
	} else {
		if len(o.Methods) > 1 {
			var labels []string
			for _, m := range o.Methods {
				labels = append(labels, v.label(m))
			}
			v.Method = a11y.NewRadioGroup(o.Lang, v.t("method"), labels, func(string) {
				v.Entry.SetPlaceHolder(v.t("label_" + v.kind()))
				v.showEntry()
				v.Error.Hide()
			})
			v.Method.Horizontal = true
			v.Method.Required = true
			v.Method.SetSelected(labels[0])
			body.Add(v.Method)
		}
		body.Add(v.Entry)
		body.Add(v.Button)
		body.Add(v.Error)
		v.showEntry()
	}
	set := widget.NewButtonWithIcon(v.t("settings"), theme.SettingsIcon(), o.OnSettings)
	hlp := widget.NewButtonWithIcon(v.t("help"), theme.HelpIcon(), o.OnHelp)
	body.Add(container.NewCenter(container.NewHBox(set, hlp)))
	v.obj = container.NewPadded(container.NewCenter(container.New(minWidth(360), body)))
	return v
}

// Object is the screen, for the window's content.
func (v *View) Object() fyne.CanvasObject { return v.obj }

// Focus puts the cursor in the entry.
func (v *View) Focus(c fyne.Canvas) {
	if len(v.o.Methods) > 0 {
		c.Focus(v.Entry)
	}
}

func (v *View) t(key string, kv ...any) string { return cat.M(key, kv...).In(v.o.Lang) }

// label is a method's name on the screen.
func (v *View) label(m string) string { return v.t("method_"+m, "Name", v.o.OSName) }

// showEntry shows the entry only for a method that takes typing: the OS
// check asks in a window of its own.
func (v *View) showEntry() {
	if v.kind() == OS {
		v.Entry.Hide()
	} else {
		v.Entry.Show()
	}
}

// kind is the chosen method.
func (v *View) kind() string {
	if len(v.o.Methods) == 0 {
		return Passphrase
	}
	if v.Method != nil {
		for _, m := range v.o.Methods {
			if v.label(m) == v.Method.Selected {
				return m
			}
		}
	}
	return v.o.Methods[0]
}

func (v *View) submit() {
	if len(v.o.Methods) == 0 || v.o.Unlock == nil {
		return
	}
	kind, typed := v.kind(), v.Entry.Text
	v.Entry.SetText("") // the typed secret leaves the screen at once
	v.Button.Disable()
	switch kind {
	case Key:
		v.show(v.t("touch_key"), widget.MediumImportance)
	case OS:
		v.show(v.t("os_wait", "Name", v.o.OSName), widget.MediumImportance)
	}
	v.o.Unlock(kind, typed, func(err error) {
		v.Button.Enable()
		if err == nil {
			v.Error.Hide()
			v.obj.Refresh()
			return
		}
		v.show(i18n.Localize(err, v.o.Lang), widget.DangerImportance)
	})
}

func (v *View) show(text string, imp widget.Importance) {
	v.Error.Importance = imp
	v.Error.SetText(text)
	v.Error.Show()
	// Twice: the first layout gives the message its width, which breaks
	// its lines; the second makes room for them.
	v.obj.Refresh()
	v.obj.Refresh()
}

// minWidth keeps the form at a readable width in the centre of the window.
type minWidth float32

func (w minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(max(m.Width, float32(w)), m.Height)
}

func (minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
