package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// shortcuts: Ctrl+N add, Ctrl+F search, Enter/Ctrl+C copy the selected
// account, arrows move the selection, Esc leaves the search field.
func (s *Shell) shortcuts() {
	c := s.w.Canvas()
	add := func(sc fyne.Shortcut, f func()) {
		g := func(fyne.Shortcut) {
			s.lockActivity()
			if !s.sess.Locked() { // no adding or copying behind the lock screen
				f()
			}
		}
		c.AddShortcut(sc, g)
		s.shortcutKeys.AddShortcut(sc, g)
	}
	add(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}, func() { s.ShowAddAccount() })
	add(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func() { c.Focus(s.search) })
	add(&fyne.ShortcutCopy{}, func() { s.codes.CopySelected() })
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		s.lockActivity()
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			s.codes.CopySelected()
		case fyne.KeyDown, fyne.KeyUp:
			s.codes.FocusSelected()
		case fyne.KeyEscape:
			if s.dlg != nil {
				s.dlg.Hide()
				s.dlg = nil
			}
			if s.addDlg != nil {
				s.addDlg.Close()
				s.addDlg = nil
			}
			if s.search.Text != "" {
				s.search.SetText("")
			}
			c.Unfocus()
		}
	})
}
