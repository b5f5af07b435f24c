package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/backupview"
	"github.com/omamori-app/omamori/app/clockview"
	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/repairbanner"
	"github.com/omamori-app/omamori/app/settings"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/osdisplay"
	"github.com/omamori-app/omamori/internal/support"
	"github.com/omamori-app/omamori/internal/timesync"
)

// TestScreenReaderLabels walks every screen in both languages as Fyne's
// screen-reader bridge does: every element has a role and a label in the
// window's language, and nothing a user can reach goes unread; in
// normal and large text, nothing reaches past the window's right edge.
func TestScreenReaderLabels(t *testing.T) {
	for _, run := range []string{"ja", "en", "ja/large", "en/large"} {
		lang, large, _ := strings.Cut(run, "/")
		t.Run(run, func(t *testing.T) {
			s, store, c, _ := newShell(t, lang)
			if large != "" {
				on := true
				s.Apply(settings.Settings{LargeText: true, CloseToTray: &on})
			}
			data := []string{"三菱 太郎", "みずほ証券", "楽天証券", "/home/taro/.config/Omamori", "1.0.0", "libfido2 1.16.0", "windows/amd64", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX",
				// the broker's own Japanese menu names, quoted in the English help
				"登録情報・手続", "ワンタイムパスワード利用登録", "スマートフォンをお持ちでない方", "コピー"}
			check := func(screen string, cv fyne.Canvas) {
				t.Helper()
				relayout(cv)
				for _, p := range uitest.Check(cv, uitest.Options{Lang: lang, Data: data}) {
					t.Errorf("%s: %s", screen, p)
				}
				for _, p := range uitest.PastRightEdge(cv) {
					t.Errorf("%s: %s", screen, p)
				}
				if len(uitest.Exposed(cv)) < 2 {
					t.Errorf("%s: nothing to read: %v", screen, uitest.Exposed(cv))
				}
			}
			reads := func(screen string, cv fyne.Canvas, want string) {
				t.Helper()
				for _, e := range uitest.Exposed(cv) {
					if strings.Contains(e.Label, want) {
						return
					}
				}
				t.Errorf("%s: nothing reads %q: %v", screen, want, uitest.Exposed(cv))
			}
			check("empty", s.Window().Canvas())

			addAccount(t, store, "三菱 太郎", goodCode)
			addAccount(t, store, "みずほ証券", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
			s.Codes().Reload()
			check("codes", s.Window().Canvas())
			code := want(t, goodCode, c.t)
			row := map[string]string{"ja": "三菱 太郎、ワンタイムパスワード%s、あと%d秒",
				"en": "三菱 太郎, one-time password %s, %d seconds left"}[lang]
			digits := strings.Join(strings.Split(code.Code, ""), " ")
			reads("codes", s.Window().Canvas(), fmt.Sprintf(row, digits, code.SecondsLeft))

			c.t = c.t.Add(15 * time.Second) // the last seconds: the next code shows
			s.Tick()
			s.Codes().CopySelected()
			check("codes after copy", s.Window().Canvas())
			reads("codes after copy", s.Window().Canvas(), map[string]string{"ja": "コピーしました", "en": "copied"}[lang])

			// The バックアップ button's menu: readable buttons, not Fyne's menu.
			var bak *widget.Button
			uitest.Visit(s.Window().Canvas().Content(), func(o fyne.CanvasObject) {
				if b, ok := o.(*widget.Button); ok && b.Text == backupview.Label(i18n.Lang(lang), "menu") {
					bak = b
				}
			})
			if bak == nil {
				t.Fatal("no backup button")
			}
			test.Tap(bak)
			check("backup menu", s.Window().Canvas())
			reads("backup menu", s.Window().Canvas(), backupview.Label(i18n.Lang(lang), "create"))
			reads("backup menu", s.Window().Canvas(), backupview.Label(i18n.Lang(lang), "restore"))
			closeOverlays(s)

			// The row's menu (rename, move, delete), then rename and delete.
			var menu *a11y.Button
			uitest.Visit(s.Window().Canvas().Content(), func(o fyne.CanvasObject) {
				if b, ok := o.(*a11y.Button); ok && b.Text == "" && menu == nil {
					menu = b
				}
			})
			if menu == nil {
				t.Fatal("no row menu button")
			}
			test.Tap(menu)
			check("row menu", s.Window().Canvas())
			reads("row menu", s.Window().Canvas(), map[string]string{"ja": "表示名を変更", "en": "Rename"}[lang])
			closeOverlays(s)
			s.Codes().FocusSelected()
			focusKey(s, fyne.KeyF2)
			check("rename", s.Window().Canvas())
			reads("rename", s.Window().Canvas(), codes.Catalog().M("rename_title").In(i18n.Lang(lang)))
			closeOverlays(s)
			s.Codes().FocusSelected()
			focusKey(s, fyne.KeyDelete)
			check("delete", s.Window().Canvas())
			reads("delete", s.Window().Canvas(), codes.Catalog().M("delete_title").In(i18n.Lang(lang)))
			closeOverlays(s)

			b := clockview.New(clockview.Options{Lang: func() i18n.Lang { return i18n.Detect(lang) },
				Window: s.Window(), Platform: timesync.Windows11, OpenSettings: func() error { return nil }})
			b.Show(timesync.Result{Checked: true, Offset: 72 * time.Second, Agreed: true, Correcting: true,
				Severity: timesync.Warning, Kind: timesync.Clock})
			s.SetBanner(b.Content())
			check("clock banner", s.Window().Canvas())
			for _, e := range uitest.Exposed(s.Window().Canvas()) {
				if e.Role == fyne.AccessibleRoleButton && strings.Contains(e.Label, map[string]string{"ja": "手順", "en": "step"}[lang]) {
					test.Tap(e.Obj.(fyne.Tappable))
					break
				}
			}
			check("clock banner with steps", s.Window().Canvas())
			s.SetBanner(nil)

			d := s.ShowAddAccount()
			test.Type(d.Name, "楽天証券")
			test.Type(d.Code, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX")
			check("add account with an error", s.Window().Canvas())
			d.Code.SetText("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U")
			test.Tap(d.Register)
			check("add account done", s.Window().Canvas())
			d.Close()

			s.ShowHelp()
			check("support info", s.Window().Canvas())
			sc := support.SupportCode(s.Facts())
			reads("support info", s.Window().Canvas(), strings.Join(strings.Split(sc, ""), " "))
			press(s, fyne.KeyEscape)
			s.ShowSettings()
			check("settings", s.Window().Canvas())
			press(s, fyne.KeyEscape)

			s.noKeyPolling = true
			s.d.Keys = noKeys{}
			s.ShowKeys()
			check("security keys", s.keysWin.w.Canvas())
			s.keysWin.w.Close()
		})
	}
}

// The notices of a repaired account list and of registration info no
// account uses (app/repairbanner), and their restore/delete dialogs, read in
// the window's language like every other screen.
func TestScreenReaderLabelsRecovery(t *testing.T) {
	for _, lang := range []string{"ja", "en"} {
		t.Run(lang, func(t *testing.T) {
			dir, secrets, lost := damagedList(t)
			s, store := recoveryShell(t, dir, secrets, lang)

			// Names and the paths of the damaged list and its backup are data.
			// So is the command to type, the same in both languages.
			data := []string{"三菱 太郎", "楽天証券", "omamori recover"}
			evs, err := store.ListRepairs()
			if err != nil || len(evs) != 1 {
				t.Fatalf("restorations %v, %v", evs, err)
			}
			data = append(data, evs[0].Damaged, evs[0].RestoredFrom)
			check := func(screen string) {
				t.Helper()
				cv := s.Window().Canvas()
				relayout(cv)
				for _, p := range uitest.Check(cv, uitest.Options{Lang: lang, Data: data}) {
					t.Errorf("%s: %s", screen, p)
				}
				for _, p := range uitest.PastRightEdge(cv) {
					t.Errorf("%s: %s", screen, p)
				}
			}
			reads := func(screen, want string) {
				t.Helper()
				for _, e := range uitest.Exposed(s.Window().Canvas()) {
					if strings.Contains(e.Label, want) {
						return
					}
				}
				t.Errorf("%s: nothing reads %q: %v", screen, want, uitest.Exposed(s.Window().Canvas()))
			}
			n := s.Notices()
			if len(n.Seen) != 1 || len(n.Orphans) != 1 {
				t.Fatalf("%d restoration notices, %d orphans", len(n.Seen), len(n.Orphans))
			}
			check("banners")
			reads("banners", repairbanner.Catalog().M("recovery_seen").In(i18n.Lang(lang)))
			reads("banners", repairbanner.Catalog().M("recovery_open").In(i18n.Lang(lang)))

			n.ShowManage()
			check("restore dialog")
			row := n.Dialog.Rows[lost.ID]
			if row == nil {
				t.Fatal("the dialog does not list 楽天証券")
			}
			reads("restore dialog", a11y.Join(i18n.Lang(lang), repairbanner.Catalog().M("display_name").In(i18n.Lang(lang)), "楽天証券"))
			reads("restore dialog", a11y.Join(i18n.Lang(lang), repairbanner.Catalog().M("recovery_restore").In(i18n.Lang(lang)), "楽天証券"))
			reads("restore dialog", a11y.Join(i18n.Lang(lang), repairbanner.Catalog().M("recovery_delete").In(i18n.Lang(lang)), "楽天証券"))
			test.Tap(row.Delete)
			check("delete confirmation")
			reads("delete confirmation", repairbanner.Catalog().M("recovery_delete_title").In(i18n.Lang(lang)))
			closeOverlays(s)

			n.ShowManage()
			test.Tap(n.Dialog.Rows[lost.ID].Restore)
			check("restored")
			reads("restored", repairbanner.Catalog().M("recovery_restored", "Name", "楽天証券").In(i18n.Lang(lang)))
			reads("restored", repairbanner.Catalog().M("recovery_none_left").In(i18n.Lang(lang)))
		})
	}
}

// relayout lays the content out again, as the real driver does when a
// minimum size changed (the test canvas waits for a resize).
func relayout(cv fyne.Canvas) {
	c := cv.Content()
	sz := c.Size()
	c.Resize(sz.AddWidthHeight(0, 1))
	c.Resize(sz)
}

// focusKey types k into the focused object (the selected row).
func focusKey(s *Shell, k fyne.KeyName) {
	if f := s.Window().Canvas().Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: k})
	}
}

func closeOverlays(s *Shell) {
	for o := s.Window().Canvas().Overlays().Top(); o != nil; o = s.Window().Canvas().Overlays().Top() {
		s.Window().Canvas().Overlays().Remove(o)
	}
}

// Turning Windows' high contrast on while Omamori runs switches the theme
// within a few seconds (the tick checks every five).
func TestFollowsHighContrastWhileRunning(t *testing.T) {
	defer func(r func() osdisplay.Settings) { omtheme.ReadOS = r }(omtheme.ReadOS)
	os := osdisplay.Settings{TextScale: 1}
	omtheme.ReadOS = func() osdisplay.Settings { return os }
	s, _, _, a := newShell(t, "ja")
	if a.Settings().Theme().(*omtheme.Theme).HighContrast() {
		t.Fatal("high contrast before it was turned on")
	}
	black := osdisplay.Black
	os = osdisplay.Settings{HighContrast: &black, TextScale: 1}
	for range 5 {
		s.Tick()
	}
	th, ok := a.Settings().Theme().(*omtheme.Theme)
	if !ok || !th.HighContrast() {
		t.Fatal("the theme did not follow high contrast")
	}
	if got := th.Color(theme.ColorNameBackground, theme.VariantLight); got != black.Window {
		t.Errorf("background %v, want the system window colour", got)
	}
}
