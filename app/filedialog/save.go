package filedialog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

// saveFyne asks for a folder with Fyne's folder dialog, then for a file
// name in a form of our own. Fyne's save dialog is not used: when the
// customer answers its "Overwrite?" with Yes it empties the chosen file
// before we get the path, so an old backup was gone before the new one
// was made — and if making it then failed, there was no backup at all.
// Here nothing touches the disk: a name that is taken is refused, and
// the caller writes with atomicfile.WriteNew, which never replaces.
func (d *Dialogs) saveFyne(o filepicker.Options, done func(string, error)) {
	l := o.Lang
	if l == "" {
		l = i18n.JA
	}
	fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			done("", Failed(err))
			return
		}
		d.askName(dir.Path(), o, l, done)
	}, d.w)
	fd.SetConfirmText(cat.M("choose_folder").In(l))
	fd.SetDismissText(cat.M("cancel").In(l))
	// No filter: the folder dialog lists folders only.
	d.showFyne(fd, filepicker.Options{Title: o.Title, Dir: o.Dir})
}

// askName asks for the new file's name in dir, suggesting o.Name. 保存
// stays disabled while the name is empty, not a plain name, or taken.
func (d *Dialogs) askName(dir string, o filepicker.Options, l i18n.Lang, done func(string, error)) {
	ext := ""
	if len(o.Filter.Exts) > 0 {
		ext = "." + o.Filter.Exts[0]
	}
	status := jptext.NewLabel("")
	name := widget.NewEntry()
	// The form shows the validator's error under the field: in the
	// dialog's language (an *i18n.Error's Error() is English).
	name.Validator = func(s string) error {
		if _, err := newFilePath(dir, s, ext); err != nil {
			status.SetText("")
			return errors.New(i18n.Localize(err, l))
		}
		status.SetText(cat.M("name_ok").In(l))
		return nil
	}
	name.SetText(o.Name)
	folder := jptext.NewLabel(dir)
	items := []*widget.FormItem{
		widget.NewFormItem(cat.M("folder").In(l), folder),
		widget.NewFormItem(cat.M("file_name").In(l), name),
		widget.NewFormItem("", status),
	}
	fd := dialog.NewForm(cat.M("name_title").In(l), cat.M("save").In(l), cat.M("cancel").In(l), items, func(ok bool) {
		if !ok {
			done("", nil)
			return
		}
		path, err := newFilePath(dir, name.Text, ext)
		if err != nil { // taken since the check: ask again rather than replace
			d.askName(dir, o, l, done)
			return
		}
		done(path, nil)
	}, d.w)
	fd.Show()
	fd.Resize(fyne.NewSize(min(d.w.Canvas().Size().Width, 560), fd.MinSize().Height))
	d.w.Canvas().Focus(name)
}

// newFilePath is dir/name, with ext added when name does not end in it,
// if that is a plain file name and nothing is there yet.
func newFilePath(dir, name, ext string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", i18n.NewError(cat.M("name_empty"), i18n.Message{}, nil)
	case name == "." || name == ".." || strings.ContainsAny(name, "/\x00") || filepath.Base(name) != name:
		return "", i18n.NewError(cat.M("name_bad"), i18n.Message{}, nil)
	}
	if ext != "" && !strings.HasSuffix(strings.ToLower(name), strings.ToLower(ext)) {
		name += ext
	}
	path := filepath.Join(dir, name)
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		return "", i18n.NewError(cat.M("name_taken"), i18n.Message{}, nil)
	}
	return path, nil
}
