package ui

import (
	"github.com/omamori-app/omamori/app/addaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// The add-account dialog: from the + button, Ctrl+N, a dropped QR image,
// or by itself on the first run.

// ShowAddAccount opens the add-account dialog.
func (s *Shell) ShowAddAccount() *addaccount.Dialog {
	s.addDlg = addaccount.Show(s.addAccountOptions())
	return s.addDlg
}

// FirstRun opens the add-account dialog by itself, with the setup code
// already in it, when there are no accounts yet and the clipboard holds a
// valid setup code: the customer copied it on the broker's page and then
// installed Omamori, so the next thing they want is to register it.
func (s *Shell) FirstRun() {
	ok, reenrol, unknown := s.codes.Counts()
	if ok+reenrol+unknown > 0 || s.codes.ListErr() != nil {
		return
	}
	if d := addaccount.ShowFilled(s.addAccountOptions()); d != nil {
		s.addDlg = d
	}
}

func (s *Shell) addAccountOptions() addaccount.Options {
	return addaccount.Options{
		Lang:       s.Language(),
		Window:     s.w,
		Store:      s.d.Store,
		Profile:    profile.SmartOTP,
		Profiles:   s.d.Profiles,
		Clipboard:  s.d.App.Clipboard(),
		Now:        s.d.Now,
		OnAdded:    func(string) { s.codes.Reload(); s.refreshTray(); s.updateReminder() },
		OnCopy:     func(id string) bool { return s.codes.Copy(id) },
		Files:      s.fileDialogs(),
		ReadScreen: s.d.ReadScreen,
		OnTransfer: func(links []byte) { s.ImportFrom(links, "Google Authenticator") },
	}
}
