// Package filepicker asks the customer for a file with the operating
// system's own open and save dialogs (Windows' common file dialog, macOS's
// choose-file panel). Screen readers (Narrator, NVDA, VoiceOver) read
// those dialogs in the OS language, and customers know them; Fyne's own
// file dialog is neither readable nor familiar.
//
// Where there is no native dialog (Linux, the BSDs) Native is false and the
// window falls back to Fyne's dialog (app/filedialog).
//
// Open and Save block until the customer has chosen: call them off the
// UI thread. Neither creates, reads nor replaces a file.
package filepicker

import (
	"errors"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ErrUnavailable is returned where this OS has no native dialog.
var ErrUnavailable = errors.New("filepicker: no native file dialog on this system")

// Options describe one dialog.
type Options struct {
	Title  string  // in the window's language
	Dir    string  // folder to start in; "" = the OS's choice
	Name   string  // suggested file name (Save)
	Filter Filter  // files offered (Open); its first extension is added to a typed name (Save)
	Owner  uintptr // Windows: the window's HWND, so the dialog is modal to it; 0 = none
	// Lang is the language of texts Omamori adds itself (Linux's question
	// for a file name); "" is Japanese.
	Lang i18n.Lang
}

// Filter names the kind of file and its extensions, without dots ("png").
// An empty filter offers every file.
type Filter struct {
	Label string
	Exts  []string
}

// Open asks for an existing file. It returns its path, or "" and a nil
// error when the customer cancelled.
func Open(o Options) (string, error) { return open(o) }

// Save asks where to save a new file. It returns the path, or "" and a nil
// error when the customer cancelled. It does not ask about replacing a
// file that is there: the caller refuses to overwrite (atomicfile.WriteNew).
func Save(o Options) (string, error) { return save(o) }
