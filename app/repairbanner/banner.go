// Package repairbanner is the window's notice of a repaired account list and
// of registration info that no account uses (internal/accounts'
// ListRepairs and Orphans): a banner above the codes that says what
// happened, and a dialog to restore or delete what was found. It holds no
// logic of its own: the store decides, this shows.
package repairbanner

import (
	"embed"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/repairbanner", locales)

// Catalog is this package's texts, for tests that look for them on screen.
func Catalog() *i18n.Catalog { return cat }

// Store is what the notice needs of the account store (*accounts.Store).
type Store interface {
	ListRepairs() ([]accounts.ListRepair, error)
	MarkSeen(id string) error
	Orphans() ([]accounts.Orphan, error)
	ReattachOrphan(id, name string) (accounts.Account, error)
	DeleteOrphan(id string) error
}

// Banner is the notice area; it takes no space while there is nothing to say.
type Banner struct {
	store     Store
	window    fyne.Window
	lang      func() i18n.Lang // the window's language, asked at each Refresh
	onChanged func()           // an account came back: reload the list
	box       *fyne.Container

	// Seen are the 確認しました buttons, one per repair shown (for tests).
	Seen []*widget.Button
	// Orphans is the last list found (for tests).
	Orphans []accounts.Orphan
	// Dialog is the open restore/delete dialog, nil when closed (for tests).
	Dialog *Manage
}

// New makes the banner, in the language lang gives; call Refresh to fill it.
func New(s Store, w fyne.Window, lang func() i18n.Lang, onChanged func()) *Banner {
	return &Banner{store: s, window: w, lang: lang, onChanged: onChanged, box: container.NewVBox()}
}

// t renders one of this package's texts in the window's language.
func (b *Banner) t(key string, kv ...any) string { return cat.M(key, kv...).In(b.lang()) }

// Content is the banner area.
func (b *Banner) Content() fyne.CanvasObject { return b.box }

// Refresh asks the store again and redraws (also after a language switch).
func (b *Banner) Refresh() { b.Load()() }

// Load asks the store (it may wait on the keyring: Orphans lists every
// item, tens of milliseconds with a few hundred accounts) and returns
// what redraws the banner with the answers. Load may run on any
// goroutine; the function it returns runs on Fyne's. The window starts
// this way, so the keyring is read while its first frame is drawn, not
// before it.
func (b *Banner) Load() (show func()) {
	events, _ := b.store.ListRepairs()
	orphans, _ := b.store.Orphans()
	return func() { b.show(events, orphans) }
}

func (b *Banner) show(events []accounts.ListRepair, orphans []accounts.Orphan) {
	var objs []fyne.CanvasObject
	b.Seen = nil
	for _, ev := range events {
		objs = append(objs, b.restoration(ev))
	}
	b.Orphans = orphans
	if len(b.Orphans) > 0 {
		objs = append(objs, b.orphans())
	}
	b.box.Objects = objs
	b.box.Refresh()
}

// restoration says what was repaired, until the person presses 確認しました;
// only that event is marked seen.
func (b *Banner) restoration(ev accounts.ListRepair) fyne.CanvasObject {
	msg := jptext.NewLabel(i18n.Localize(ev.Message(), b.lang()))
	msg.Importance = widget.WarningImportance
	ok := widget.NewButton(b.t("recovery_seen"), func() {
		_ = b.store.MarkSeen(ev.ID)
		b.Refresh()
	})
	b.Seen = append(b.Seen, ok)
	return card(container.NewVBox(msg, container.NewHBox(ok)))
}

func (b *Banner) orphans() fyne.CanvasObject {
	var names []string
	for _, o := range b.Orphans {
		names = append(names, b.displayName(o))
	}
	msg := jptext.NewLabel(b.t("recovery_orphans", "Count", len(b.Orphans), "Names", strings.Join(names, "、")))
	msg.Importance = widget.WarningImportance
	open := widget.NewButtonWithIcon(b.t("recovery_open"), theme.HistoryIcon(), b.ShowManage)
	open.Importance = widget.HighImportance
	return card(container.NewVBox(msg, container.NewHBox(open)))
}

func card(obj fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(obj, widget.NewSeparator())
}

func (b *Banner) displayName(o accounts.Orphan) string {
	switch {
	case o.Damaged:
		return b.t("recovery_damaged")
	case o.Name == "":
		return b.t("recovery_no_name")
	}
	return o.Name
}

// Manage is the dialog listing each orphan with 元に戻す and 削除.
type Manage struct {
	b      *Banner
	d      dialog.Dialog
	list   *fyne.Container
	Status *jptext.Label
	// Rows by orphan id (for tests).
	Rows map[string]*Row
}

// Row is one orphan in the dialog. Its buttons are read with the name
// they act on: a screen reader reaching 元に戻す says which one.
type Row struct {
	Name    *a11y.Entry
	Restore *a11y.Button
	Delete  *a11y.Button
}

// ShowManage opens the restore/delete dialog.
func (b *Banner) ShowManage() {
	m := &Manage{b: b, list: container.NewVBox(), Status: jptext.NewLabel(""), Rows: map[string]*Row{}}
	m.Status.Hide() // until there is something to say: a screen reader would offer an empty line
	intro := jptext.NewLabel(b.t("recovery_intro"))
	m.fill()
	m.d = dialog.NewCustom(b.t("recovery_title"), b.t("close"),
		container.NewVBox(intro, widget.NewSeparator(), m.list, m.Status), b.window)
	m.d.SetOnClosed(func() { b.Dialog = nil; b.Refresh() })
	m.d.Resize(fyne.NewSize(omtheme.DialogWidth(b.window, 560), 0))
	b.Dialog = m
	m.d.Show()
}

func (m *Manage) fill() {
	m.list.Objects = nil
	m.Rows = map[string]*Row{}
	for _, o := range m.b.Orphans {
		m.list.Add(m.row(o))
	}
	if len(m.b.Orphans) == 0 {
		m.list.Add(jptext.NewLabel(m.b.t("recovery_none_left")))
	}
	m.list.Refresh()
}

// row: the enrolled name, editable (a name in use, or none kept, can be
// changed here), and the two actions.
func (m *Manage) row(o accounts.Orphan) fyne.CanvasObject {
	r := &Row{Name: a11y.NewEntry(m.b.lang(), m.b.t("display_name"))}
	r.Name.SetText(o.Name)
	r.Name.SetPlaceHolder(m.b.t("display_name_placeholder"))
	name := m.b.displayName(o)
	restore, del := m.b.t("recovery_restore"), m.b.t("recovery_delete")
	r.Restore = a11y.NewButton(restore, nil, a11y.Join(m.b.lang(), restore, name), func() {
		a, err := m.b.store.ReattachOrphan(o.ID, r.Name.Text)
		if err != nil {
			m.fail(err)
			return
		}
		m.say(widget.SuccessImportance, m.b.t("recovery_restored", "Name", a.Name))
		m.reload()
		if m.b.onChanged != nil {
			m.b.onChanged()
		}
	})
	r.Restore.Importance = widget.HighImportance
	r.Delete = a11y.NewButton(del, nil, a11y.Join(m.b.lang(), del, name), func() {
		m.confirmDelete(o)
	})
	if o.Damaged {
		r.Name.Disable()
		r.Restore.Disable()
	}
	m.Rows[o.ID] = r
	return container.NewBorder(nil, nil, nil, container.NewHBox(r.Restore, r.Delete), r.Name)
}

// confirmDelete asks before deleting o for good. The question is a
// jptext label: Fyne's confirm dialog would break its Japanese inside
// words.
func (m *Manage) confirmDelete(o accounts.Orphan) {
	msg := jptext.NewLabel(m.b.t("recovery_delete_body", "Name", m.b.displayName(o)))
	d := dialog.NewCustomConfirm(m.b.t("recovery_delete_title"), m.b.t("recovery_delete_ok"), m.b.t("cancel"), msg, func(ok bool) {
		if !ok {
			return
		}
		if err := m.b.store.DeleteOrphan(o.ID); err != nil {
			m.fail(err)
			return
		}
		m.reload()
	}, m.b.window)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(m.b.window, 460), 0))
	d.Show()
}

func (m *Manage) fail(err error) { m.say(widget.DangerImportance, i18n.Localize(err, m.b.lang())) }

// say shows the dialog's status line.
func (m *Manage) say(imp widget.Importance, text string) {
	m.Status.Importance = imp
	m.Status.SetText(text)
	m.Status.Show()
}

func (m *Manage) reload() {
	m.b.Orphans, _ = m.b.store.Orphans()
	m.fill()
}
