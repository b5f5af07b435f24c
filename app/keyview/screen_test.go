package keyview

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

var skMsg = func(key string, kv ...any) string { return skcat.M(key, kv...).In(i18n.JA) }

// The help desk's whole rehearsal, through the screen's buttons, on the
// practice key (CTAP2 underneath, as with a real key).
func TestPracticeEndToEnd(t *testing.T) {
	pd := practiceKey(t)
	h := newPracticeHarness(t, i18n.JA, pd, Options{})
	vk := pd.Key()

	// The key appears, without a PIN: the call to action is there.
	h.until("the practice key", func() bool { return h.shows("練習用キー（仮想）") })
	h.mustShow(h.tr("practice_banner"))
	h.mustShow(h.tr("nopin_title"))
	h.mustShow(h.tr("nopin_why"))

	// Set PIN, with a wrong confirmation first: explained, nothing sent.
	h.tap(h.tr("set_pin"))
	es := h.fill("1234", "1243")
	h.mustShow(skMsg("pin_mismatch"))
	if !h.button(h.tr("set_pin")).Disabled() {
		t.Fatal("submit enabled with a mismatched confirmation")
	}
	key(es[1], fyne.KeyReturn) // Enter submits: refused locally again
	h.q.pump()
	h.mustShow(skMsg("pin_mismatch"))
	if st := keyState(t, vk); st.PINSet || st.PINRetries != 8 {
		t.Fatalf("the key was touched by a refused PIN: %+v", st)
	}
	h.fill("", "1234")
	h.mustNotShow(skMsg("pin_mismatch"))
	key(es[1], fyne.KeyReturn)
	h.until("PIN set", func() bool { return h.shows(h.tr("pin_set_done")) })
	if !keyState(t, vk).PINSet {
		t.Fatal("the key has no PIN")
	}
	h.tap(h.tr("ok"))
	h.until("PIN shown as set", func() bool { return h.shows(skMsg("pin_state_set")) })
	h.mustShow(h.tr("retries_left", "Left", 8))
	h.mustNotShow(h.tr("nopin_title"))

	// Check my key: PIN, then two touch prompts, each completed by the
	// practice touch button.
	h.tap(h.tr("check"))
	es = h.fill("1234")
	key(es[0], fyne.KeyReturn)
	for n := 1; n <= 2; n++ {
		touch := skMsg("touch_n", "N", n, "Of", 2)
		h.until("touch prompt", func() bool { return h.shows(touch) })
		waitTouch(t, pd)
		h.mustShow(h.tr("touch_practice_hint"))
		h.tap(h.tr("practice_touch"))
	}
	h.until("check result", func() bool { return h.shows(skMsg("selftest_ok")) })
	h.mustShow(h.tr("check_pin_ok"))
	h.tap(h.tr("ok"))

	// Two passkeys made by "sites".
	vk.SetPresence(virtualkey.AlwaysPresent)
	for _, u := range []string{"taro", "hanako"} {
		cdh := sha256.Sum256([]byte(u))
		_, err := vk.MakeCredential(context.Background(), "1234", "broker.example", "Broker", virtualkey.User{ID: []byte(u), Name: u}, cdh[:], true)
		if err != nil {
			t.Fatal(err)
		}
	}
	vk.SetPresence(virtualkey.NewTouchPad(0))

	// Passkeys: a wrong PIN first says how many tries are left.
	h.tap(h.tr("passkeys"))
	es = h.fill("9999")
	key(es[0], fyne.KeyReturn)
	h.until("wrong PIN", func() bool { return h.shows(skMsg("pin_wrong", "Left", 7)) })
	if keyState(t, vk).PINRetries != 7 {
		t.Fatal("the key did not count the wrong PIN")
	}
	if es[0].Text != "" {
		t.Fatal("the wrong PIN stays in the field")
	}
	es = h.fill("1234")
	key(es[0], fyne.KeyReturn)
	h.until("passkey list", func() bool { return h.shows("25件中2件使用") })
	h.mustShow("broker.example")
	h.mustShow("hanako")
	h.mustShow("taro")

	// Delete taro's after a confirmation naming the site and the user.
	dels := h.buttons(h.tr("delete"))
	if len(dels) != 2 {
		t.Fatalf("%d delete buttons", len(dels))
	}
	test.Tap(dels[1]) // sorted by user: hanako, taro
	h.q.pump()
	h.mustShow(h.tr("delete_question", "Site", "Broker (broker.example)", "User", "taro"))
	h.mustShow(h.tr("delete_consequence", "Site", "broker.example"))
	h.tap(h.tr("delete_confirm"))
	h.until("list after delete", func() bool { return h.shows("25件中1件使用") })
	h.mustShow(h.tr("deleted", "Site", "Broker (broker.example)", "User", "taro"))
	if n := len(h.buttons(h.tr("delete"))); n != 1 {
		t.Fatalf("%d passkeys listed after the delete", n)
	}
	creds, err := vk.Credentials(context.Background(), "1234")
	if err != nil || len(creds) != 1 || creds[0].UserName != "hanako" {
		t.Fatalf("on the key: %+v %v", creds, err)
	}
	h.tap(h.tr("close"))
	h.until("slots on the card", func() bool { return h.shows("25件中1件使用") })

	// Reset: warning, ticked confirmation, unplug, plug, touch.
	h.tap(h.tr("reset"))
	for _, m := range securitykey.ResetWarning() {
		h.mustShow(m.In(i18n.JA))
	}
	h.tap(h.tr("next"))
	if !h.button(h.tr("reset_start")).Disabled() {
		t.Fatal("reset possible without the second confirmation")
	}
	h.tick(h.tr("reset_understood"))
	h.tap(h.tr("reset_start"))
	steps := securitykey.ResetSteps(securitykey.TransportVirtual)
	h.until("step 1", func() bool { return h.shows(h.tr("reset_running", "N", 1, "Of", 3)) })
	h.mustShow(steps[0].In(i18n.JA))
	h.tap(h.tr("practice_unplug"))
	h.until("step 2", func() bool { return h.shows(h.tr("reset_running", "N", 2, "Of", 3)) })
	h.tap(h.tr("practice_plug"))
	h.until("touch prompt for the reset", func() bool { return h.shows(skMsg("touch")) })
	h.tap(h.tr("practice_touch"))
	h.until("reset done", func() bool { return h.shows(h.tr("reset_done")) })
	if st := keyState(t, vk); st.PINSet {
		t.Fatalf("not reset: %+v", st)
	}
	h.tap(h.tr("set_pin")) // the outcome offers the next step
	es = h.fill("5678", "5678")
	key(es[1], fyne.KeyReturn)
	h.until("new PIN set", func() bool { return h.shows(h.tr("pin_set_done")) })
	h.tap(h.tr("ok"))
	if _, err := vk.PINToken(context.Background(), "5678"); err != nil {
		t.Fatalf("new PIN after the reset: %v", err)
	}

	// Cancel while the key waits for a touch.
	h.until("PIN shown as set", func() bool { return h.shows(h.tr("change_pin")) })
	h.tap(h.tr("check"))
	es = h.fill("5678")
	key(es[0], fyne.KeyReturn)
	h.until("touch prompt", func() bool { return h.shows(skMsg("touch_n", "N", 1, "Of", 2)) })
	waitTouch(t, pd)
	h.tap(h.tr("cancel"))
	h.until("cancelled", func() bool { return h.shows(skMsg("cancelled")) }) // in the PIN form
	h.mustNotShow(h.tr("error_title"))
	if pd.WaitingForTouch() {
		t.Fatal("the key still waits after Cancel")
	}
	h.escape()
	if h.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc left the form open")
	}
}

// tick ticks the check box with this label.
func (h *harness) tick(label string) {
	h.t.Helper()
	c, ok := uitest.Find(h.top(), func(c *a11y.Check) bool { return c.Text == label })
	if !ok {
		h.t.Fatalf("no check box %q", label)
	}
	test.Tap(c)
	h.q.pump()
}

// Esc on the touch prompt cancels the operation; Esc on a form closes it.
// The window's own key handler (the shell's Enter copies a code) gets no
// keys while a dialog is open, and gets them back afterwards.
func TestEscapeCancelsTouchAndClosesForms(t *testing.T) {
	pd := practiceKey(t)
	h := newPracticeHarness(t, i18n.EN, pd, Options{})
	var shellKeys []fyne.KeyName
	h.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { shellKeys = append(shellKeys, ev.Name) })
	h.until("key", func() bool { return h.shows(h.tr("nopin_title")) })

	h.tap(h.tr("set_pin"))
	es := h.fill("12", "")
	h.mustShow(skcat.M("pin_too_short", "Got", 2, "Min", 4).In(i18n.EN))
	key(es[0], fyne.KeyEscape) // focused field: passes Esc on
	h.q.pump()
	if h.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc left the form open")
	}
	if es[0].Text != "" {
		t.Fatal("the closed form kept the typed PIN")
	}

	h.tap(h.tr("check"))
	h.tap(h.tr("check_start"))
	h.until("touch prompt", func() bool { return h.shows(skcat.M("touch_n", "N", 1, "Of", 2).In(i18n.EN)) })
	waitTouch(t, pd)
	h.escape()
	h.until("cancelled", func() bool { return h.shows(skcat.M("cancelled").In(i18n.EN)) })
	if !slices.Contains(h.texts(), h.tr("stopped_title")) || h.shows(h.tr("error_title")) {
		t.Fatal("a cancel the user asked for is shown as a failure")
	}
	h.enter() // closes the message
	if h.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Enter left the message open")
	}
	if len(shellKeys) != 0 {
		t.Fatalf("the window's handler got %v while a dialog was open", shellKeys)
	}
	h.enter()
	if len(shellKeys) != 1 {
		t.Fatal("the window's handler was not given back")
	}
}

// Enter moves to the next field and submits from the last; Tab follows
// the fields in reading order.
func TestKeyboardInChangePIN(t *testing.T) {
	pd := practiceKey(t)
	if err := securitykey.New(pd).SetPIN(context.Background(), practice.Path, "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	h := newPracticeHarness(t, i18n.JA, pd, Options{})
	h.until("key", func() bool { return h.shows(h.tr("change_pin")) })
	h.tap(h.tr("change_pin"))
	es := h.entries()
	c := h.win.Canvas()
	if c.Focused() != es[0] {
		t.Fatal("the first field is not focused")
	}
	c.FocusNext()
	if c.Focused() != es[1] {
		t.Fatal("Tab does not go to the new PIN")
	}
	c.Focus(es[0])
	test.Type(es[0], "1234")
	key(es[0], fyne.KeyReturn)
	if c.Focused() != es[1] {
		t.Fatal("Enter does not go to the next field")
	}
	test.Type(es[1], "1234")
	test.Type(es[2], "1234")
	h.q.pump()
	h.mustShow(skMsg("pin_same"))
	h.fill("", "5678", "5678")
	key(es[2], fyne.KeyReturn)
	h.until("changed", func() bool { return h.shows(h.tr("pin_changed_done")) })
	h.enter() // OK
	if h.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Enter did not close the message")
	}
	if _, err := pd.Key().PINToken(context.Background(), "5678"); err != nil {
		t.Fatalf("new PIN not on the key: %v", err)
	}
}

// The screen goes from "plug in your key" to the key and back as the key
// is plugged and unplugged; practice mode starts from the empty state.
func TestPlugUnplugAndPracticeToggle(t *testing.T) {
	real := practiceKey(t) // stands in for the real keys' driver
	real.Unplug()
	var started int
	h := newHarness(t, i18n.JA, Options{
		Service: securitykey.New(real),
		NewPractice: func() (Service, Practice, error) {
			started++
			pd := practiceKey(t)
			return securitykey.New(pd), pd, nil
		},
	})
	h.poll()
	h.mustShow(h.tr("empty_title"))
	h.mustShow(h.tr("empty_hint"))
	if err := real.Plug(); err != nil {
		t.Fatal(err)
	}
	h.poll()
	h.mustShow("練習用キー（仮想）")
	h.mustNotShow(h.tr("practice_banner"))
	real.Unplug()
	h.poll()
	h.mustShow(h.tr("empty_title"))

	h.tap(h.tr("practice_try"))
	h.until("practice key", func() bool { return h.shows(h.tr("nopin_title")) })
	h.mustShow(h.tr("practice_banner"))
	if len(h.buttons(h.tr("practice_touch"))) != 0 {
		t.Fatal("a touch button outside the touch prompt (a touch kept for later approves the next prompt)")
	}
	if started != 1 {
		t.Fatalf("practice started %d times", started)
	}
	h.tap(h.tr("practice_unplug"))
	h.until("practice key unplugged", func() bool { return h.shows(h.tr("empty_hint_practice")) })
	h.tap(h.tr("practice_plug"))
	h.until("practice key back", func() bool { return h.shows(h.tr("nopin_title")) })
	h.tap(h.tr("practice_stop"))
	h.poll()
	h.mustShow(h.tr("empty_title"))
	h.mustNotShow(h.tr("practice_banner"))
}

// Polling runs between Start and Stop only.
func TestStartStopPolling(t *testing.T) {
	pd := practiceKey(t)
	pd.Unplug()
	h := newHarness(t, i18n.JA, Options{Service: securitykey.New(pd), PollEvery: 5 * time.Millisecond})
	h.poll()
	h.mustShow(h.tr("empty_title"))
	h.scr.Start()
	if err := pd.Plug(); err != nil {
		t.Fatal(err)
	}
	h.until("key seen by the poller", func() bool { return h.shows("練習用キー（仮想）") })
	h.scr.Stop()
	h.q.pump()
	pd.Unplug()
	for range 20 { // 100 ms: 20 ticks if the poller still ran
		h.q.pump()
		if h.shows(h.tr("empty_title")) {
			t.Fatal("still polling after Stop")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Windows without administrator rights: the explanation and both ways
// out, which call the hooks.
func TestAdminRequired(t *testing.T) {
	var relaunched, settings int
	fail := false
	svc := &countingList{Service: securitykey.New(practiceKey(t))}
	h := newHarness(t, i18n.JA, Options{
		Service: svc,
		Admin: Admin{
			Required: func() bool { return true },
			Relaunch: func() error {
				relaunched++
				if fail {
					return context.Canceled // the user said No to UAC
				}
				return nil
			},
			OpenSettings: func() error { settings++; return nil },
		},
	})
	h.poll()
	h.mustShow(h.tr("admin_title"))
	h.mustShow(h.tr("admin_why"))
	// Without administrator rights the driver offers Windows Hello: the
	// screen still lists what it finds, under the explanation.
	if svc.n == 0 {
		t.Fatal("keys not listed: Windows Hello would not be offered to a non-administrator")
	}
	h.mustNotShow(h.tr("empty_title"))
	h.tap(h.tr("admin_relaunch"))
	h.tap(h.tr("admin_settings"))
	if relaunched != 1 || settings != 1 {
		t.Fatalf("relaunch %d, settings %d", relaunched, settings)
	}
	h.mustNotShow(h.tr("admin_failed"))
	fail = true
	h.tap(h.tr("admin_relaunch"))
	h.mustShow(h.tr("admin_failed"))
	// Practice mode needs no administrator.
	h.tap(h.tr("practice_start"))
	h.until("practice key", func() bool { return h.shows(h.tr("nopin_title")) })
}

type countingList struct {
	*securitykey.Service
	n int
}

func (c *countingList) List() ([]securitykey.KeyInfo, error) { c.n++; return c.Service.List() }

// An operation refused for lack of administrator rights opens the same
// explanation, with the buttons.
func TestAdminErrorFromOperation(t *testing.T) {
	pd := practiceKey(t)
	svc := adminRefuser{securitykey.New(pd)}
	settings := 0
	h := newHarness(t, i18n.EN, Options{Service: svc, Admin: Admin{
		Required: func() bool { return false }, OpenSettings: func() error { settings++; return nil },
	}})
	h.poll()
	h.tap(h.tr("set_pin"))
	es := h.fill("1234", "1234")
	key(es[1], fyne.KeyReturn)
	h.until("admin dialog", func() bool { return h.shows(h.tr("admin_why")) })
	h.tap(h.tr("admin_settings"))
	if settings != 1 {
		t.Fatal("settings not opened")
	}
}

// adminRefuser is the service as a non-administrator on Windows sees it.
type adminRefuser struct{ *securitykey.Service }

func (adminRefuser) SetPIN(context.Context, string, string, string) error {
	return i18n.NewError(skcat.M("admin_required"), skcat.M("hint_admin_required"), securitykey.ErrAdminRequired)
}

// No English from libfido2 or Go reaches a Japanese screen: errors are
// localized.
func TestErrorsAreLocalized(t *testing.T) {
	pd := practiceKey(t)
	h := newPracticeHarness(t, i18n.JA, pd, Options{})
	h.until("key", func() bool { return h.shows(h.tr("nopin_title")) })
	h.tap(h.tr("check"))
	pd.Unplug() // pulled out before the check starts
	h.tap(h.tr("check_start"))
	h.until("error", func() bool { return h.shows(h.tr("error_title")) })
	h.mustShow(skMsg("removed"))
	for _, s := range h.texts() {
		if strings.Contains(s, "key removed") || strings.Contains(s, "not found") {
			t.Fatalf("raw English: %q", s)
		}
	}
	if bytes.Contains([]byte(strings.Join(h.texts(), "")), []byte("practice:virtual-key")) {
		t.Fatal("device path shown in the error")
	}
}

// A key whose PIN is locked: the card says so, and only the reset is
// offered.
func TestBlockedKeyOffersOnlyReset(t *testing.T) {
	k := yubiKey(securitykey.PINSet)
	k.PINRetries = 0
	h := newHarness(t, i18n.JA, Options{Service: &listOnly{keys: []securitykey.KeyInfo{k}}})
	h.poll()
	h.mustShow(skMsg("status_blocked"))
	for _, b := range []string{"change_pin", "check", "passkeys"} {
		if !h.button(h.tr(b)).Disabled() {
			t.Errorf("%s enabled on a blocked key", b)
		}
	}
	if h.button(h.tr("reset")).Disabled() {
		t.Error("reset disabled on a blocked key")
	}
}

// Refresh redraws in the language the shell now gives.
func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t, i18n.JA, Options{Service: &listOnly{keys: []securitykey.KeyInfo{yubiKey(securitykey.PINNotSet)}}})
	h.poll()
	h.mustShow("PINが設定されていません")
	h.lang = i18n.EN
	h.scr.Refresh()
	h.mustShow("No PIN is set")
	h.mustShow("Not set")
	h.mustNotShow("PINが設定されていません")
}

// A reset the key refuses (its window after power-up has passed) ends
// with the reason and a way to start again; the key keeps its PIN.
func TestResetRefusedOutsideWindow(t *testing.T) {
	pd, err := practice.New(practice.Options{TouchTimeout: 20 * time.Second, ResetWindow: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := securitykey.New(pd).SetPIN(context.Background(), practice.Path, "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	h := newPracticeHarness(t, i18n.EN, pd, Options{})
	h.until("key", func() bool { return h.shows(h.tr("change_pin")) })
	h.tap(h.tr("reset"))
	h.tap(h.tr("next"))
	h.tick(h.tr("reset_understood"))
	h.tap(h.tr("reset_start"))
	h.tap(h.tr("practice_unplug"))
	h.until("step 2", func() bool { return h.shows(h.tr("reset_running", "N", 2, "Of", 3)) })
	h.tap(h.tr("practice_plug")) // the key refuses before it waits for a touch
	h.until("refused", func() bool { return h.shows(h.tr("reset_failed")) })
	h.mustShow(skcat.M("reset_not_allowed").In(i18n.EN))
	if !keyState(t, pd.Key()).PINSet {
		t.Fatal("a refused reset erased the PIN")
	}
	h.tap(h.tr("reset_again"))
	h.mustShow(h.tr("reset_understood")) // back at the second confirmation
}

// The reset's first page does not say the accounts are unaffected and
// stop there: it names the backups the reset strands (ResetBackups) and
// offers a passphrase backup first, which closes the wizard.
func TestResetWarnsAboutBackups(t *testing.T) {
	made, dir := 0, backupDir(t)
	h := newHarness(t, i18n.JA, Options{Service: &listOnly{keys: []securitykey.KeyInfo{yubiKey(securitykey.PINSet)}},
		ResetBackups: func() []i18n.Message { return backup.ResetWarning(dir) },
		MakeBackup:   func() { made++ }})
	h.poll()
	h.tap(h.tr("reset"))
	h.mustNotShow("影響しません")
	h.mustShow("• " + skcat.M("reset_totp_safe").In(i18n.JA))
	h.mustShow("鍵で保護.omamori-backup.age")
	for _, m := range backup.ResetWarning(dir) {
		h.mustShow("• " + m.In(i18n.JA))
	}
	h.tap(h.tr("reset_make_backup"))
	if made != 1 || h.shows(h.tr("next")) {
		t.Fatalf("make a backup: called %d times, wizard still open: %v", made, h.shows(h.tr("next")))
	}
}

// backupDir is a settings folder that recorded one backup protected by a
// security key, in a file that is there.
func backupDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "鍵で保護.omamori-backup.age")
	data := []byte("age-encryption.org/v1\n-> " + backup.KeyStanzaType + " Y3JlZA c2FsdA\nAAAA\n--- mac\n")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := backup.RecordKeyBackup(dir, time.Now(), file, data); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The default 「管理者として再起動」 starts the elevated copy with
// ReopenArg (so it opens this screen over the codes), and the text before
// Windows' prompt says a non-administrator is asked for an administrator's
// password.
func TestDefaultRelaunchReopensThisScreen(t *testing.T) {
	var got [][]string
	old := relaunchElevated
	relaunchElevated = func(args ...string) error { got = append(got, args); return nil }
	defer func() { relaunchElevated = old }()
	a := Admin{}.withDefaults()
	if err := a.Relaunch(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0]) != 1 || got[0][0] != ReopenArg {
		t.Fatalf("relaunched with %q, want [[%s]]", got, ReopenArg)
	}
	for lang, want := range map[i18n.Lang]string{i18n.JA: "管理者のパスワード（またはPIN）を聞かれます", i18n.EN: "asks there for an administrator's password (or PIN)"} {
		if txt := msg("admin_what").In(lang); !strings.Contains(txt, want) {
			t.Errorf("%s admin_what = %q, want it to say %q", lang, txt, want)
		}
	}
}
