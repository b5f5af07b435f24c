package ui

import (
	"time"

	"github.com/omamori-app/omamori/app/backupview"
	"github.com/omamori-app/omamori/app/help"
	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/internal/support"
)

// Facts are what the help screen shows, by the same rules as doctor's.
func (s *Shell) Facts() support.Facts {
	f := support.Facts{Version: s.d.Version, OS: s.d.OS, Arch: s.d.Arch, KeyLib: s.d.KeyLib, Config: s.d.ConfigDir}
	f.Count(s.codes.Entries(), s.codes.ListErr())
	f.LastBackup = backupview.LastBackup(s.d.ConfigDir)
	if s.d.Clock != nil {
		f.Clock = s.d.Clock.Status()
	}
	return f
}

// ShowHelp opens サポート情報.
func (s *Shell) ShowHelp() {
	s.dlg = s.track(session.Help, help.Show(s.w, s.Facts(), s.Language(), func(text string) {
		s.d.App.Clipboard().SetContent(text)
		s.status.SetText("✓ " + s.t("support_copied"))
		s.status.Show()
		s.statusUntil = s.d.Now().Add(4 * time.Second)
	}))
}
