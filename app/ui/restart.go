package ui

// Restartable reports whether the window, hidden in the tray, can end and
// start again in the tray without anything being lost, so that a new
// process gives back what drawing it took (app.Run; docs/performance.md,
// "Hidden in the tray after showing"). Not while:
//   - the window is shown;
//   - a screen or a dialog is open, even behind the hidden window;
//   - an automatic update is under way (it restarts on its own);
//   - a code of ours is on the clipboard: on X11 the clipboard's content
//     lives in the program that copied it, and would go with it;
//   - the app lock is on and unlocked: a new start is locked, and would
//     ask for the passphrase or the key again.
//
// Call it on Fyne's goroutine.
func (s *Shell) Restartable() bool {
	if s.sess.Shown() || s.dialogOpen() || s.auto != nil {
		return false
	}
	if s.lk.l.Config().Enabled && !s.lk.l.Locked() {
		return false
	}
	return !s.guard.OnClipboard()
}
