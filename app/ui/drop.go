package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// dropped opens a QR image dropped on the window in the enrol dialog
// (the one already open, if any).
func (s *Shell) dropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		ext := strings.ToLower(u.Extension())
		if ext != ".png" && ext != ".jpg" && ext != ".jpeg" {
			continue
		}
		r, err := storage.Reader(u)
		if err != nil {
			continue
		}
		// An open dialog takes it: the next of Google Authenticator's
		// transfer codes joins those read before.
		d := s.addDlg
		if d == nil || !d.Open() {
			d = s.ShowAddAccount()
		}
		d.LoadQR(r)
		r.Close()
		return
	}
}
