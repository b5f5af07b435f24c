package backupview

import (
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// A restore on the new PC is a move: the dialog after it says to remove
// the accounts from the old PC, and for a Smart OTP account names the
// broker's one-device rule and its call centre (from the profile).
func TestRestoreEndsWithTheOldPC(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.JA, i18n.EN} {
		a := test.NewTempApp(t)
		w := a.NewWindow("t")
		w.Resize(fyne.NewSize(600, 700))
		w.Show()

		src, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
		if _, err := src.Add("三菱 太郎", newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP}); err != nil {
			t.Fatal(err)
		}
		doc, err := backup.Collect(src, time.Now(), "1.0.0")
		if err != nil {
			t.Fatal(err)
		}
		rcp, _ := age.NewScryptRecipient("correct horse")
		rcp.SetWorkFactor(10)
		file, err := backup.Seal(doc, rcp)
		if err != nil {
			t.Fatal(err)
		}
		dst, _ := accounts.Open(t.TempDir(), accountstest.NewSecrets())
		var status string
		r := RestoreFrom(Options{Lang: lang, Window: w, Store: dst, OnRestored: func(done string) { status = done }}, file, "x.omamori-backup.age")
		r.SetPassphrase("correct horse")
		got := make(chan error, 1)
		r.Open(func(err error) { got <- err })
		select {
		case err := <-got:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("open did not finish")
		}
		if err := r.Apply(); err != nil {
			t.Fatal(err)
		}
		if status == "" {
			t.Errorf("%s: OnRestored not called", lang)
		}
		shown := overlayText(w)
		b, _ := profile.Builtin().Broker(profile.SmartOTP.Name)
		for _, want := range []string{
			text(lang, "move_old_pc"),
			text(lang, "move_one_device", "Broker", b.Name.In(lang)),
			b.OTPReset.Phone, b.OTPReset.Name.In(lang), b.OTPReset.Hours.In(lang),
		} {
			if !strings.Contains(shown, want) {
				t.Errorf("%s: after the restore the dialog does not say %q; it says %q", lang, want, shown)
			}
		}
		// Two English sentences keep their space (the helpdesk screenshot
		// showed "per account.If you are unsure").
		if lang == i18n.EN && !strings.Contains(shown, "per account. If you are unsure") {
			t.Errorf("en: the sentences run together: %q", shown)
		}
		w.Close()
	}
}

// overlayText is every label's text in the top dialog.
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var out []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*jptext.Label); ok {
			out = append(out, l.Content())
		}
	}
	return strings.Join(out, "\n")
}
