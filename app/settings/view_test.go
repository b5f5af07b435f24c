package settings

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
)

func TestTimeServersInSettings(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(600, 700))
	var saved *timesync.Prefs
	clock := &Clock{Prefs: timesync.Prefs{Servers: []string{"ntp.nict.jp"}},
		Save: func(p timesync.Prefs) error { saved = &p; return nil }}
	var got *Settings
	d := Show(w, i18n.JA, Settings{}, false, clock, func(s Settings) { got = &s })

	body := w.Canvas().Overlays().Top()
	servers, ok := uitest.Find(body, func(e *a11y.Entry) bool { return e.Text == "ntp.nict.jp" })
	if !ok {
		t.Fatal("no time servers field showing the saved server")
	}
	correct, ok := uitest.Find(body, func(c *a11y.Check) bool { return strings.Contains(c.Text, "補正") })
	if !ok || !correct.Checked {
		t.Fatal("no correction check box, or not ticked by default")
	}

	servers.SetText("http://plain.example/")
	if err := servers.Validate(); err == nil || !strings.Contains(err.Error(), "http://plain.example/") {
		t.Errorf("an http:// server is not refused by name: %v", err)
	}
	servers.SetText("ntp.example.co.jp、 https://www.example.co.jp/")
	if err := servers.Validate(); err != nil {
		t.Errorf("good servers refused: %v", err)
	}
	correct.SetChecked(false)
	d.(*dialog.ConfirmDialog).Confirm()

	if got == nil || saved == nil {
		t.Fatal("saving did not reach the callbacks")
	}
	if strings.Join(saved.Servers, "|") != "ntp.example.co.jp|https://www.example.co.jp/" || saved.CorrectOn() {
		t.Errorf("saved %+v", *saved)
	}
}

func TestTimeServersSaveFailureIsShown(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	clock := &Clock{Save: func(timesync.Prefs) error { return errors.New("disk full") }}
	d := Show(w, i18n.JA, Settings{}, false, clock, func(Settings) {})
	d.(*dialog.ConfirmDialog).Confirm()
	if len(w.Canvas().Overlays().List()) == 0 {
		t.Error("a failed save of the time servers is not shown")
	}
}

func TestNoClockNoTimeFields(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	Show(w, i18n.JA, Settings{}, false, nil, func(Settings) {})
	if _, ok := uitest.Find(w.Canvas().Overlays().Top(), func(c *a11y.Check) bool {
		return strings.Contains(c.Text, "orrect") || strings.Contains(c.Text, "補正")
	}); ok {
		t.Error("correction shown without a clock")
	}
}
