// Package keyview is Omamori's security-key screen: it shows the FIDO2 keys
// plugged in (polled while the screen is visible), sets and changes the
// PIN, checks that a key works, lists and deletes its passkeys, and walks
// through a reset. A practice mode runs the same screen against a
// virtual key, so help-desk staff can rehearse every step without
// hardware. All logic lives in internal/securitykey; this package only
// shows it.
//
// # Mounting the screen
//
// app/ui gives the screen a window of its own (ui/keyswindow.go):
//
//	w := app.NewWindow(title)
//	scr := keyview.New(w, keyview.Options{
//		Service:     securitykey.New(driver), // nil: practice mode only
//		NewPractice: newPractice,             // practice.New behind securitykey.New
//		Lang:        shell.Language,          // asked at each redraw
//	})
//	w.SetContent(scr.Content())
//	w.SetOnClosed(scr.Stop)
//	scr.Start() // polls Service.List about once a second until Stop
//	w.Show()
//	// after a language switch: scr.Refresh() relabels the screen in place.
//
// Options.StartInPractice opens the screen in practice mode (say for
// `omamori --practice`); Options.NewPractice makes the practice key, a
// fresh one each time practice mode starts (app.Run builds it from the
// practice.New that cmd/omamori passes in).
// Options.Admin holds the Windows "only administrators may talk to
// security keys" hooks: Required (securitykey.AdminRequired), Relaunch
// (securitykey.RelaunchElevated with ReopenArg, then quit: the elevated
// copy opens the codes and this screen over them) and OpenSettings
// (securitykey.OpenSecurityKeySettings).
//
// Texts live in locales/{en,ja}.json (keys "keys.…"). The screen
// renders them, and the service's messages, in Options.Lang(), the
// window's language, which may change while the screen is open.
//
// # Threading
//
// New, Content, Start, Stop and Refresh run on the UI goroutine. Every
// service call runs on a goroutine of its own; results come back through
// fyne.Do. One operation runs at a time; the service's touch callback
// shows "キーに触れてください" with Cancel (and, in practice mode, the
// button that stands for the finger).
//
// # Keyboard
//
// Forms and prompts are modal dialogs: Tab moves through the fields in
// reading order, Enter in a field moves to the next one and submits from
// the last, Enter elsewhere confirms a message, Esc closes the dialog
// and cancels what it started, including a wait for a touch.
//
// # Layout
//
// Screen is the context every flow shares: the service and its polling,
// practice mode, the one running operation (begin), the language, and
// the dialogs (modal.go: the stack Esc and Enter go to, PIN fields, the
// touch prompt, errors). view.go draws the key list. Each flow is a small
// type over the Screen and one key, in a file of its own: pinFlow (set,
// change; askPIN and the form are shared with the other flows), checkFlow,
// passkeysFlow (list, delete) and resetWizard.
package keyview
