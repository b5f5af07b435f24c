package ui

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// BenchmarkStart is the work before the window's first frame (ui.New:
// the account list read from the real keyring, the code rows on screen
// built, the window's content laid out) with 1 and 200 accounts; "now"
// reads the recovery notice's keyring scan before the first frame (as
// before issue 27's start-up work), "later" leaves it to LoadNotices
// once the window shows, as the app does (docs/performance.md, issue 27
// 2026-12-07).
//
//	/work/wt/gotest.sh -run - -bench Start ./app/ui   # or under dbus-run-session with gnome-keyring
func BenchmarkStart(b *testing.B) {
	for _, n := range []int{1, 200} {
		secrets := keyringtest.Real(b) // a service of its own: no orphans
		dir := b.TempDir()
		store, err := accounts.Open(dir, secrets)
		if err != nil {
			b.Fatal(err)
		}
		news := make([]accounts.NewAccount, n)
		for i := range news {
			news[i] = accounts.NewAccount{Name: fmt.Sprintf("口座 %d", i+1), Enrolment: newaccount.Details{
				Secret: fmt.Appendf(nil, "%-20s", fmt.Sprint("bench-", n, "-", i)), Profile: profile.SmartOTP}}
		}
		if _, err := store.AddAll(context.Background(), news); err != nil {
			b.Fatal(err)
		}
		for _, later := range []bool{false, true} {
			name := map[bool]string{false: "now", true: "later"}[later]
			b.Run(fmt.Sprintf("accounts=%d/notices=%s", n, name), func(b *testing.B) {
				a := test.NewTempApp(b)
				b.ReportAllocs()
				for b.Loop() {
					s := New(Deps{App: a, Store: store, Recovery: store, NoticesLater: later, LangForced: "ja", OnQuit: func() {}})
					s.Window().Resize(fyne.NewSize(520, 560))
					b.StopTimer()
					s.Window().Close()
					b.StartTimer()
				}
			})
		}
	}
}
