package backupview

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

// Restore is a restore under way: the passphrase step, then the summary
// of what the file holds, then the accounts added.
type Restore struct {
	opts    Options
	name    string
	data    []byte
	d       *dialog.CustomDialog
	pass    *a11y.Entry
	problem *a11y.Message
	open    *widget.Button
	busy    *widget.ProgressBarInfinite
	plan    backup.Plan
	names   map[int]*a11y.Entry
	apply   *widget.Button
	keyFile bool // protected by a security key: pass is its PIN (restorekey.go)
}

// ShowRestore asks for a backup file, then goes on as RestoreFrom.
// Cancelling the file dialog does nothing.
func ShowRestore(opts Options) {
	o := filepicker.Options{Title: opts.t("choose_title"), Dir: documentsDir(), Filter: opts.backupFilter()}
	opts.files().Open(o, func(path string, err error) {
		if err == nil && path != "" {
			var data []byte
			if data, err = backup.ReadFile(path); err == nil {
				RestoreFrom(opts, data, filepath.Base(path))
			}
		}
		if err != nil {
			showErr(opts.Window, opts.Lang, err)
		}
	})
}

// RestoreFrom checks the file's bytes and asks for its passphrase. A file
// that cannot be a backup is refused before any passphrase is asked.
func RestoreFrom(opts Options, data []byte, name string) *Restore {
	if err := backup.Precheck(data, name); err != nil {
		showErr(opts.Window, opts.Lang, err)
		return nil
	}
	r := &Restore{opts: opts, name: name, data: data, keyFile: opts.Keys != nil && backup.KeyProtected(data)}
	r.pass = a11y.NewPasswordEntry(opts.Lang, opts.t("passphrase"))
	if r.keyFile {
		r.pass.Label = opts.t("key_pin")
	}
	r.pass.OnSubmitted = func(string) { r.Open(nil) }
	r.problem = a11y.NewMessage()
	r.problem.Importance = widget.DangerImportance
	r.open = widget.NewButton(opts.t("open"), func() { r.Open(nil) })
	r.open.Importance = widget.HighImportance
	r.busy = widget.NewProgressBarInfinite()
	r.busy.Stop()
	r.busy.Hide()
	cancel := widget.NewButton(opts.t("cancel"), func() { r.d.Hide() })
	body := container.NewVBox(
		r.askLabel(),
		r.pass, r.problem, r.busy,
		container.NewHBox(layout.NewSpacer(), cancel, r.open),
	)
	r.d = dialog.NewCustomWithoutButtons(opts.t("restore_title"), body, opts.Window)
	r.d.Resize(fyne.NewSize(omtheme.DialogWidth(opts.Window, 520), 0))
	r.d.Show()
	opts.Window.Canvas().Focus(r.pass)
	return r
}

// SetPassphrase types the passphrase (tests and screenshots).
func (r *Restore) SetPassphrase(p string) { r.pass.SetText(p) }

// Problem is the message under the passphrase (tests).
func (r *Restore) Problem() string { return r.problem.Content() }

// Open decrypts with the passphrase in the background (scrypt takes about
// a second) and shows the summary; done, if not nil, runs afterwards on
// Fyne's goroutine. A wrong passphrase stays in this step to try again.
func (r *Restore) Open(done func(error)) {
	pass := r.pass.Text
	r.open.Disable()
	r.busy.Show()
	r.busy.Start()
	go func() {
		var plan backup.Plan
		id, err := r.identity(pass)
		if err == nil {
			var doc backup.Document
			if doc, err = backup.Open(r.data, r.name, id); err == nil {
				plan, err = backup.MakePlan(r.opts.Store, doc)
			}
		}
		fyne.Do(func() {
			r.busy.Stop()
			r.busy.Hide()
			r.open.Enable()
			if err != nil {
				r.problem.SetText(i18n.Localize(err, r.opts.Lang))
			} else {
				r.plan = plan
				r.showSummary()
			}
			if done != nil {
				done(err)
			}
		})
	}()
}

// showSummary replaces the passphrase step with what the file holds and
// what will happen to each account; nothing has changed yet.
func (r *Restore) showSummary() {
	r.d.Hide()
	n, _ := r.plan.Count()
	date := r.plan.Doc.Created.Local().Format("2006-01-02")
	rows := container.NewVBox()
	r.names = map[int]*a11y.Entry{}
	for i, s := range r.plan.Steps {
		name := widget.NewLabelWithStyle(s.Item.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		switch {
		case s.Action == backup.SkipDuplicate:
			rows.Add(container.NewBorder(nil, nil, name, nil, widget.NewLabel(r.opts.t("item_skip", "Existing", s.Existing))))
		case s.Renamed():
			e := a11y.NewEntry(r.opts.Lang, a11y.Join(r.opts.Lang, s.Item.Name, r.opts.t("item_clash")))
			e.SetText(s.Name)
			r.names[i] = e
			rows.Add(container.NewVBox(container.NewBorder(nil, nil, name, nil, jptext.NewLabel(r.opts.t("item_clash"))), e))
		default:
			rows.Add(container.NewBorder(nil, nil, name, nil, widget.NewLabel(r.opts.t("item_new"))))
		}
	}
	cancel := widget.NewButton(r.opts.t("cancel"), nil)
	var buttons fyne.CanvasObject
	if n > 0 {
		r.apply = widget.NewButtonWithIcon(r.opts.t("restore_ok", "Count", n), theme.DownloadIcon(), func() { r.Apply() })
		r.apply.Importance = widget.HighImportance
		buttons = container.NewHBox(layout.NewSpacer(), cancel, r.apply)
	} else {
		cancel.SetText(r.opts.t("close"))
		rows.Add(jptext.NewLabel(r.opts.t("restore_none")))
		buttons = container.NewHBox(layout.NewSpacer(), cancel)
	}
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(0, min(float32(len(r.plan.Steps))*48+8, 280)))
	body := container.NewBorder(jptext.NewLabel(r.opts.t("summary", "Date", date, "Count", len(r.plan.Steps))), buttons, nil, nil, scroll)
	r.d = dialog.NewCustomWithoutButtons(r.opts.t("restore_title"), body, r.opts.Window)
	cancel.OnTapped = r.d.Hide
	r.d.Resize(fyne.NewSize(omtheme.DialogWidth(r.opts.Window, 520), 0))
	r.d.Show()
}

// Plan is the restore plan shown (tests).
func (r *Restore) Plan() backup.Plan { return r.plan }

// SetName changes the name a clashing account will get (tests).
func (r *Restore) SetName(step int, name string) {
	if e := r.names[step]; e != nil {
		e.SetText(name)
	}
}

// Apply adds the accounts under the names shown. All or nothing: on a
// failure nothing is added and the summary stays open.
func (r *Restore) Apply() error {
	for i, e := range r.names {
		r.plan.Steps[i].Name = e.Text
	}
	added, err := backup.Apply(r.opts.Store, r.plan)
	if err != nil {
		showErr(r.opts.Window, r.opts.Lang, err)
		return err
	}
	r.d.Hide()
	if r.opts.ConfigDir != "" {
		// The accounts came from a backup the customer has: no reminder
		// to make one right away.
		_ = backup.Dismiss(r.opts.ConfigDir, r.opts.now())
	}
	done := r.opts.t("restored", "Count", len(added))
	if r.opts.OnRestored != nil {
		r.opts.OnRestored(done)
	}
	if len(added) > 0 || r.opts.OnRestored == nil {
		// Always in a dialog when accounts came over: a move ends on the
		// old PC, which a status line would not get across.
		showInfo(r.opts.Window, r.opts.Lang, r.opts.t("restored_title"), r.MoveNote(done, added))
	}
	return nil
}

// MoveNote is done followed by the move's last step: remove the accounts
// from the old PC (a restore copies, and a broker such as Smart OTP's
// allows one device); for each restored account's broker, its one-device
// rule and its call centre when the profile names them.
func (r *Restore) MoveNote(done string, added []accounts.Account) string {
	if len(added) == 0 {
		return done
	}
	lines := []string{done, r.opts.t("move_old_pc")}
	seen := map[string]bool{}
	for _, a := range added {
		b, ok := r.opts.brokers().Broker(a.Profile.Name)
		if !ok || seen[a.Profile.Name] {
			continue
		}
		seen[a.Profile.Name] = true
		l, c, line := r.opts.Lang, b.OTPReset, ""
		if b.OTPDevices == 1 {
			line = r.opts.t("move_one_device", "Broker", b.Name.In(l))
		}
		if c.Phone != "" {
			if line != "" && l == i18n.EN {
				line += " " // Japanese sentences follow 。 without one
			}
			line += r.opts.t("move_call_centre", "Broker", b.Name.In(l), "Contact", c.Name.In(l), "Phone", c.Phone, "Hours", c.Hours.In(l))
		}
		if line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n\n")
}

// Hide closes the open step.
func (r *Restore) Hide() { r.d.Hide() }
