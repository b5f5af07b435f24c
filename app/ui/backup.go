package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/backupview"
	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/app/importview"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/importplan"
)

// backupOptions wires app/backupview to this window.
func (s *Shell) backupOptions() backupview.Options {
	o := backupview.Options{
		Window: s.w, Store: s.d.Store, ConfigDir: s.d.ConfigDir, Version: s.d.Version, Brokers: s.d.Profiles,
		Now: s.d.Now, WorkFactor: s.d.BackupWorkFactor, Lang: s.Language(),
		OnRestored: s.accountsAdded,
		OnSaved:    s.updateReminder,
		Files:      s.fileDialogs(),
	}
	o.Keys, _ = s.d.Keys.(backupview.KeyService) // opens backups protected by a security key
	return o
}

// accountsAdded shows accounts a restore or an import added, and done in
// the status line.
func (s *Shell) accountsAdded(done string) {
	s.codes.Reload()
	s.refreshTray()
	s.updateReminder()
	s.status.SetText("✓ " + done)
	s.status.Show()
	s.statusUntil = s.d.Now().Add(8 * time.Second)
}

// fileDialogs shows the screens' file dialogs: one per window, so a second
// click while the OS's dialog is open is dropped.
func (s *Shell) fileDialogs() *filedialog.Dialogs {
	if s.files == nil {
		s.files = filedialog.New(s.w)
	}
	return s.files
}

// backupMenu drops down 「バックアップを作成」 / 「バックアップから復元」 /
// 「ほかのアプリから移す」 / 「ほかのアプリ用に書き出す」.
func (s *Shell) backupMenu(anchor fyne.CanvasObject) {
	// A column of readable buttons, as the row menu: Fyne's menu items are not
	// fyne.Accessible.
	items := []*fyne.MenuItem{
		fyne.NewMenuItem(backupview.Label(s.Language(), "create"), func() { s.ShowCreateBackup() }),
		fyne.NewMenuItem(backupview.Label(s.Language(), "restore"), func() { s.ShowRestore() }),
		fyne.NewMenuItem(importview.Label(s.Language(), "menu"), func() { s.ShowImport() }),
		fyne.NewMenuItem(importview.Label(s.Language(), "export_menu"), func() { s.ShowExport() }),
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(anchor)
	a11y.ShowMenu(s.w.Canvas(), pos.Add(fyne.NewPos(0, anchor.Size().Height)), items)
}

// ShowCreateBackup opens 「バックアップを作成」.
func (s *Shell) ShowCreateBackup() *backupview.Create {
	c := backupview.ShowCreate(s.backupOptions())
	s.dlg = c
	return c
}

// ShowRestore asks for a backup file and restores from it.
func (s *Shell) ShowRestore() { backupview.ShowRestore(s.backupOptions()) }

// RestoreFrom restores from a file's bytes (tests, screenshots).
func (s *Shell) RestoreFrom(data []byte, name string) *backupview.Restore {
	return backupview.RestoreFrom(s.backupOptions(), data, name)
}

// ShowPhone opens 「スマートフォンに移す」 for one account.
func (s *Shell) ShowPhone(e accounts.Entry) *backupview.Phone {
	return backupview.ShowPhone(s.w, s.Language(), s.d.Store, e)
}

// updateReminder shows or hides the backup reminder: once after the
// first enrolment, then 180 days after the last backup or "not now".
func (s *Shell) updateReminder() { s.reminder.Refresh() }

// Reminder is the backup reminder banner (for tests).
func (s *Shell) Reminder() *backupview.Reminder { return s.reminder }

// ReminderShown reports whether the backup reminder is on screen (tests).
func (s *Shell) ReminderShown() bool { return s.reminder.Shown() }

// importOptions wires app/importview (「ほかのアプリから移す」) to this window.
func (s *Shell) importOptions() importview.Options {
	return importview.Options{
		Window: s.w, Store: s.d.Store, Lang: s.Language(), Files: s.fileDialogs(),
		Profiles:   importplan.ByIssuer(s.d.Profiles.All()),
		OnImported: s.accountsAdded,
	}
}

// ShowImport asks for another app's export file and moves its accounts in.
func (s *Shell) ShowImport() { importview.Show(s.importOptions()) }

// ShowExport opens 「ほかのアプリ用に書き出す」.
func (s *Shell) ShowExport() *importview.Export { return importview.ShowExport(s.importOptions()) }

// ImportFrom moves accounts in from an export file's bytes (tests).
func (s *Shell) ImportFrom(data []byte, name string) *importview.Import {
	return importview.From(s.importOptions(), data, name)
}
