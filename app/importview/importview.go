// Package importview is the window's side of moving between Omamori and
// other authenticator apps. 「ほかのアプリから移す」: choose another
// authenticator's export file, type its export password when it is
// encrypted, look at what will be added and skipped, then add it all at
// once (internal/importplan, the same use case as `omamori import FILE`).
// 「ほかのアプリ用に書き出す」 (export.go): an encrypted Aegis vault, or
// otpauth links behind a warning (internal/exportfile, as `omamori
// export`). This package only asks and shows.
package importview

import (
	"context"
	"embed"
	"errors"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/exportfile"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/importplan"
	"github.com/omamori-app/omamori/internal/profile"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/importview", locales)

// Label renders one of this package's texts in l ("menu" for the menu
// item other screens hold).
func Label(l i18n.Lang, key string) string { return cat.M(key).In(l) }

// Files is the port to the file dialogs (app/filedialog). done runs on
// Fyne's goroutine with the chosen path, "" when the customer cancelled.
type Files interface {
	Open(o filepicker.Options, done func(path string, err error))
	Save(o filepicker.Options, done func(path string, err error))
}

// Store is the account store an import adds to and an export reads;
// *accounts.Store implements it.
type Store interface {
	backup.Target
	exportfile.Source
}

// Options wires the dialogs.
type Options struct {
	Window fyne.Window
	Store  Store // *accounts.Store
	Lang   i18n.Lang
	Files  Files // nil: app/filedialog for Window
	// Profiles finds a broker profile by issuer, for Google
	// Authenticator's transfer codes (they carry no step); nil: none.
	Profiles func(issuer string) (profile.Profile, bool)
	// OnImported runs after accounts were added, with the text to show
	// in the status line (reload the list).
	OnImported func(done string)
}

func (o Options) t(key string, kv ...any) string { return cat.M(key, kv...).In(o.Lang) }

func (o Options) files() Files {
	if o.Files == nil {
		return filedialog.New(o.Window)
	}
	return o.Files
}

// exts are the export files offered: JSON (Aegis, Bitwarden, Proton),
// .2fas, text (otpauth lists, Ente, transfer links), CSV and XML
// (KeePassXC), and a screenshot of Google Authenticator's transfer code.
var exts = []string{"json", "2fas", "txt", "csv", "xml", "png", "jpg", "jpeg"}

// Show asks for an export file, then goes on as From. Cancelling the file
// dialog does nothing.
func Show(opts Options) {
	o := filepicker.Options{Title: opts.t("choose_title"), Dir: startDir(), Filter: filepicker.Filter{Label: opts.t("file_filter"), Exts: exts}, Lang: opts.Lang}
	opts.files().Open(o, func(path string, err error) {
		if err == nil && path != "" {
			var data []byte
			if data, err = importplan.ReadFile(path); err == nil {
				From(opts, data, filepath.Base(path))
			}
		}
		if err != nil {
			showErr(opts, err)
		}
	})
}

// startDir is where the file dialog starts: Downloads (where a phone's
// export usually arrives), else Documents, else the home folder.
func startDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, d := range []string{"Downloads", "Documents"} {
		if st, err := os.Stat(filepath.Join(home, d)); err == nil && st.IsDir() {
			return filepath.Join(home, d)
		}
	}
	return home
}

// Import is one import under way: the password step when the file is
// encrypted, then the preview.
type Import struct {
	opts    Options
	name    string
	data    []byte
	period  int
	d       *dialog.CustomDialog
	pass    *a11y.Entry
	problem *a11y.Message
	open    *widget.Button
	preview importplan.Preview
	names   map[int]*a11y.Entry
	add     *widget.Button
	done    func(error) // tests: after each background step
}

// From reads the file's bytes (name is shown) and shows the preview, or
// first the password step for an encrypted file. Errors are said in a
// dialog; nothing has changed.
func From(opts Options, data []byte, name string) *Import {
	im := &Import{opts: opts, name: name, data: data, period: 30}
	im.prepare(nil)
	return im
}

// OnStep sets a function run (on Fyne's goroutine) after each background
// step: opening the file, a new password (tests).
func (im *Import) OnStep(f func(error)) { im.done = f }

// prepare parses and plans in the background (an encrypted file's key
// derivation takes a second, reading the keyring as long) and shows what
// comes next.
func (im *Import) prepare(pw []byte) {
	opt := importfile.Options{Password: pw, Period: im.period, Profile: im.opts.Profiles}
	go func() {
		p, err := importplan.Prepare(im.opts.Store, im.data, opt)
		clear(pw)
		fyne.Do(func() {
			im.show(p, err, pw != nil)
			if im.done != nil {
				im.done(err)
			}
		})
	}()
}

func (im *Import) show(p importplan.Preview, err error, withPassword bool) {
	switch {
	case err == nil:
		im.preview = p
		im.showPreview()
	case errors.Is(err, importfile.ErrWrongPassword) && withPassword:
		im.problem.SetText(i18n.Localize(err, im.opts.Lang))
	case errors.Is(err, importfile.ErrNeedPassword):
		im.askPassword()
	default:
		if im.d != nil {
			im.d.Hide()
		}
		showErr(im.opts, err)
	}
	if im.open != nil {
		im.open.Enable()
	}
}

// askPassword shows the password step.
func (im *Import) askPassword() {
	if im.d != nil {
		return // already on screen: a wrong password stays there
	}
	im.pass = a11y.NewPasswordEntry(im.opts.Lang, im.opts.t("password"))
	im.pass.OnSubmitted = func(string) { im.Open() }
	im.problem = a11y.NewMessage()
	im.problem.Importance = widget.DangerImportance
	im.open = widget.NewButton(im.opts.t("open"), im.Open)
	im.open.Importance = widget.HighImportance
	cancel := widget.NewButton(im.opts.t("cancel"), nil)
	body := container.NewVBox(jptext.NewLabel(im.opts.t("password_intro", "File", im.name)), im.pass, im.problem,
		container.NewHBox(layout.NewSpacer(), cancel, im.open))
	im.d = dialog.NewCustomWithoutButtons(im.opts.t("title"), body, im.opts.Window)
	cancel.OnTapped = im.d.Hide
	im.d.Resize(fyne.NewSize(omtheme.DialogWidth(im.opts.Window, 520), 0))
	im.d.Show()
	im.opts.Window.Canvas().Focus(im.pass)
}

// SetPassword types the export password (tests).
func (im *Import) SetPassword(p string) { im.pass.SetText(p) }

// Problem is the message under the password (tests).
func (im *Import) Problem() string { return im.problem.Content() }

// Open tries the password typed.
func (im *Import) Open() {
	if im.pass.Text == "" {
		im.problem.SetText(im.opts.t("password_empty"))
		return
	}
	im.problem.SetText("")
	im.open.Disable()
	im.prepare([]byte(im.pass.Text))
}

// Preview is what the preview shows (tests).
func (im *Import) Preview() importplan.Preview { return im.preview }

// showPreview replaces the open step with what the file holds and what
// will happen to each entry; nothing has changed yet.
func (im *Import) showPreview() {
	if im.d != nil {
		im.d.Hide()
	}
	t := im.opts.t
	rows := container.NewVBox()
	im.names = map[int]*a11y.Entry{}
	row := func(name, what string) {
		n := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		rows.Add(container.NewVBox(n, jptext.NewLabel(what)))
	}
	for i, s := range im.preview.Plan.Steps {
		switch {
		case s.Action == backup.SkipDuplicate:
			row(s.Item.Name, t("item_skip", "Existing", s.Existing))
		case s.Action == backup.Repair:
			row(s.Name, t("item_repair"))
		case s.Renamed():
			row(s.Item.Name, t("item_clash"))
			e := a11y.NewEntry(im.opts.Lang, a11y.Join(im.opts.Lang, s.Item.Name, t("item_clash")))
			e.SetText(s.Name)
			im.names[i] = e
			rows.Add(e)
		default:
			row(s.Item.Name, t("item_new"))
		}
	}
	for _, k := range im.preview.Skipped {
		row(importplan.SkippedName(k), t("item_unusable", "Reason", k.Reason.In(im.opts.Lang)))
	}
	n, _ := im.preview.Count()
	cancel := widget.NewButton(t("cancel"), nil)
	var buttons fyne.CanvasObject
	if n > 0 {
		im.add = widget.NewButtonWithIcon(t("add", "Count", n), theme.DownloadIcon(), func() { _ = im.Apply() })
		im.add.Importance = widget.HighImportance
		buttons = container.NewHBox(layout.NewSpacer(), cancel, im.add)
	} else {
		im.add = nil
		cancel.SetText(t("close"))
		rows.Add(jptext.NewLabel(t("none")))
		buttons = container.NewHBox(layout.NewSpacer(), cancel)
	}
	top := container.NewVBox(jptext.NewLabel(t("summary", "Count", im.preview.Total())))
	if im.preview.Format == importfile.Migration {
		top.Add(im.periodChoice())
	}
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(0, min(float32(im.preview.Total())*80+8, 380)))
	im.d = dialog.NewCustomWithoutButtons(t("title"), container.NewBorder(top, buttons, nil, nil, scroll), im.opts.Window)
	cancel.OnTapped = im.d.Hide
	im.d.Resize(fyne.NewSize(omtheme.DialogWidth(im.opts.Window, 560), 0))
	im.d.Show()
}

// periodChoice asks the step of Google Authenticator's transfer codes,
// which do not carry one: 30 s unless the customer knows better (an
// entry whose issuer is a known broker already has its step).
func (im *Import) periodChoice() fyne.CanvasObject {
	opts := []string{im.opts.t("period_n", "N", 30), im.opts.t("period_n", "N", 60)}
	sel := a11y.NewSelect(im.opts.Lang, im.opts.t("period"), opts, nil)
	sel.Selected = opts[0]
	if im.period == 60 {
		sel.Selected = opts[1]
	}
	sel.OnChanged = func(s string) {
		p := 30
		if s == opts[1] {
			p = 60
		}
		im.SetPeriod(p)
	}
	return container.NewVBox(jptext.NewLabel(im.opts.t("period_intro")), sel)
}

// SetPeriod plans the transfer codes again with a step of p seconds.
func (im *Import) SetPeriod(p int) {
	if p == im.period {
		return
	}
	im.period = p
	im.prepare(nil)
}

// Period is the step the transfer codes get (tests).
func (im *Import) Period() int { return im.period }

// SetName changes the name a clashing account will get (tests).
func (im *Import) SetName(step int, name string) {
	if e := im.names[step]; e != nil {
		e.SetText(name)
	}
}

// Apply adds the accounts under the names shown, all or nothing: on a
// failure nothing is added and the preview stays open.
func (im *Import) Apply() error {
	for i, e := range im.names {
		im.preview.Plan.Steps[i].Name = e.Text
	}
	added, err := importplan.Apply(context.Background(), im.opts.Store, im.preview)
	if err != nil {
		showErr(im.opts, err)
		return err
	}
	im.d.Hide()
	done := im.opts.t("done", "Count", len(added))
	if im.opts.OnImported != nil {
		im.opts.OnImported(done)
	}
	d := dialog.NewCustom(im.opts.t("done_title"), im.opts.t("close"), jptext.NewLabel(done+"\n\n"+im.opts.t("done_other_app")), im.opts.Window)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(im.opts.Window, 440), 0))
	d.Show()
	return nil
}

// Hide closes the open step.
func (im *Import) Hide() {
	if im.d != nil {
		im.d.Hide()
	}
}

// showErr shows a failure in the customer's words.
func showErr(o Options, err error) {
	msg := jptext.NewLabel(i18n.Localize(err, o.Lang) + "\n\n" + o.t("nothing_changed"))
	d := dialog.NewCustom(o.t("error_title"), o.t("close"), msg, o.Window)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(o.Window, 440), 0))
	d.Show()
}
