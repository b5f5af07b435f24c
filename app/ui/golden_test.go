package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/osdisplay"
)

// Golden images of the main screens in both languages, drawn by Fyne's
// software painter with the bundled fonts and a fixed clock and keys, so
// they are the same on every run and machine. After a deliberate change,
// rewrite them with OMAMORI_UPDATE_GOLDEN=1 (uitest.UpdateEnv) and look at
// them before committing.
func TestGoldenScreens(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			s, store, c, _ := newShell(t, lang)
			on := true // the Windows default, whatever OS runs the test
			s.Apply(settings.Settings{Theme: "light", CloseToTray: &on})
			img := func(name string) {
				t.Helper()
				uitest.GoldenCanvas(t, name+"_"+lang+".png", s.Window().Canvas())
			}
			img("empty")

			addAccount(t, store, "三菱 太郎", goodCode)
			addAccount(t, store, "みずほ証券", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
			s.Codes().Reload()
			img("codes")

			c.t = c.t.Add(15 * time.Second) // 8 s left: red bar, next code
			s.Tick()
			s.Codes().CopySelected()
			img("codes_ending")

			d := s.ShowAddAccount()
			test.Type(d.Name, "楽天証券")
			test.Type(d.Code, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX")
			img("enrol_error")
			d.Code.SetText("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U")
			test.Tap(d.Register)
			if d.Result == nil {
				t.Fatalf("no first code after 登録: %q", d.Status.Text)
			}
			img("enrol_done")
			d.Close()

			s.ShowHelp()
			img("help")
			press(s, fyne.KeyEscape)
			s.ShowSettings()
			img("settings")
			if string(s.Language()) != lang {
				t.Errorf("language %s not in use", lang)
			}
		})
	}
}

// Golden images of Windows' high-contrast schemes: the window takes the
// system colours (here Windows 10's High Contrast Black and White).
func TestGoldenHighContrast(t *testing.T) {
	defer func(r func() osdisplay.Settings) { omtheme.ReadOS = r }(omtheme.ReadOS)
	for name, p := range map[string]osdisplay.Palette{"black": osdisplay.Black, "white": osdisplay.White} {
		t.Run(name, func(t *testing.T) {
			omtheme.ReadOS = func() osdisplay.Settings { return osdisplay.Settings{HighContrast: &p, TextScale: 1} }
			s, store, c, _ := newShell(t, "ja")
			on := true
			s.Apply(settings.Settings{Theme: "light", CloseToTray: &on})
			addAccount(t, store, "三菱 太郎", goodCode)
			addAccount(t, store, "みずほ証券", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
			s.Codes().Reload()
			c.t = c.t.Add(15 * time.Second)
			s.Tick()
			s.Codes().FocusSelected()
			s.Codes().CopySelected()
			uitest.GoldenCanvas(t, "highcontrast_"+name+"_codes_ja.png", s.Window().Canvas())
			s.ShowSettings()
			uitest.GoldenCanvas(t, "highcontrast_"+name+"_settings_ja.png", s.Window().Canvas())
		})
	}
}
