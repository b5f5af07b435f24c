// Package filedialog shows the file dialogs of the window's screens: the
// operating system's own (internal/filepicker) on Windows and macOS,
// which screen readers read and customers know, and Fyne's elsewhere.
// It implements the file ports of app/backupview and app/addaccount.
package filedialog

import (
	"embed"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/storage"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/filedialog", locales)

// Dialogs shows file dialogs for one window.
type Dialogs struct {
	w      fyne.Window
	native bool
	shown  bool // a native dialog is open
}

// New returns the dialogs of w.
func New(w fyne.Window) *Dialogs { return &Dialogs{w: w, native: filepicker.Native} }

// Open asks for an existing file; done runs on Fyne's goroutine with its
// path, or "" when the customer cancelled.
func (d *Dialogs) Open(o filepicker.Options, done func(path string, err error)) {
	if d.native {
		d.runNative(filepicker.Open, o, done)
		return
	}
	fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			done("", Failed(err))
			return
		}
		r.Close()
		done(r.URI().Path(), nil)
	}, d.w)
	d.showFyne(fd, o)
}

// Save asks where to save a new file; done runs on Fyne's goroutine with
// the path, or "" when cancelled. The file is not there when done runs
// (the caller writes it with atomicfile.WriteNew, which never replaces).
// Without a native dialog it asks for a folder, then a name (save.go).
func (d *Dialogs) Save(o filepicker.Options, done func(path string, err error)) {
	if d.native {
		d.runNative(filepicker.Save, o, done)
		return
	}
	d.saveFyne(o, done)
}

// runNative shows the OS dialog off Fyne's goroutine (it blocks until the
// customer has chosen). A second request while one is open is dropped:
// macOS's panel is not modal to our window.
func (d *Dialogs) runNative(show func(filepicker.Options) (string, error), o filepicker.Options, done func(string, error)) {
	if d.shown {
		return
	}
	d.shown = true
	o.Owner = d.owner()
	go func() {
		path, err := show(o)
		fyne.Do(func() {
			d.shown = false
			done(path, Failed(err))
		})
	}()
}

// owner is the window's HWND on Windows (the dialog is then modal to it).
func (d *Dialogs) owner() uintptr {
	var h uintptr
	if nw, ok := d.w.(driver.NativeWindow); ok {
		nw.RunNative(func(ctx any) {
			if c, ok := ctx.(driver.WindowsWindowContext); ok {
				h = c.HWND
			}
		})
	}
	return h
}

func (d *Dialogs) showFyne(fd *dialog.FileDialog, o filepicker.Options) {
	if o.Title != "" {
		fd.SetTitleText(o.Title)
	}
	if len(o.Filter.Exts) > 0 {
		fd.SetFilter(storage.NewExtensionFileFilter(dotted(o.Filter.Exts)))
	}
	if o.Dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(o.Dir)); err == nil {
			fd.SetLocation(l)
		}
	}
	fd.Show()
	fd.Resize(fyne.NewSize(omtheme.DialogWidth(d.w, 640), 460)) // only after Show: Fyne 2.8 crashes before
}

// dotted turns "png" into ".png" and ".PNG" (Fyne's filter matches case).
func dotted(exts []string) []string {
	var out []string
	for _, e := range exts {
		out = append(out, "."+strings.ToLower(e), "."+strings.ToUpper(e))
	}
	return out
}

// Failed words a dialog failure for the customer (in both languages,
// without the OS's detail); nil stays nil.
func Failed(err error) error {
	if err == nil {
		return nil
	}
	return i18n.NewError(cat.M("file_dialog_failed"), cat.M("hint_file_dialog_failed"), err)
}
