// Package keys is Omamori's security-key screen: it shows the FIDO2 keys
// plugged in (polled while the screen is visible), sets and changes the
// PIN, checks that a key works, lists and deletes its passkeys, and walks
// through a reset. A practice mode runs the same screen against a
// virtual key, so help-desk staff can rehearse every step without
// hardware. All logic lives in internal/securitykey; this package only
// shows it.
//
// # Mounting the screen in the shell
//
//	scr := keys.New(win, keys.Options{
//		Service: securitykey.New(libfido2.New()), // nil: practice mode only
//		Lang:    func() i18n.Lang { return settings.Lang() },
//	})
//	tab := container.NewTabItem(title, scr.Content())
//	// when the tab is shown / hidden (and when the window is hidden):
//	scr.Start() // polls the key list about once a second
//	scr.Stop()
//	// after the user changes the language:
//	scr.Refresh()
//
// Call keys.RegisterTranslations once at start-up if the shell renders
// through fyne's lang package; the screen itself renders every text in
// Options.Lang() (fyne's lang follows the OS locale only, while the
// shell's language setting and the service's messages must agree).
//
// Options.Admin holds the Windows "administrator needed" hooks (defaults:
// securitykey.AdminRequired, RelaunchElevated then quit, and
// OpenSecurityKeySettings); Options.NewPractice makes the practice key
// (default: a fresh practice.New key each time practice mode starts).
//
// # Threading
//
// New, Content, Start, Stop and Refresh run on the UI goroutine. Every
// service call runs on its own goroutine; results come back through
// fyne.Do. One operation runs at a time.
//
// # Keyboard
//
// Forms and prompts are modal dialogs: Tab moves through the fields in
// reading order, Enter in a field moves to the next one and submits from
// the last, Esc closes the dialog (and cancels what it started, including
// a wait for a touch).
package keys
