package codes

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/addinput"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

func overlayButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	b := uitest.Button(top, text)
	if b == nil {
		t.Fatalf("no %q button in the dialog", text)
	}
	return b
}

// Rename, reorder and delete through the real account store.
func TestManageAccounts(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, code string }{{"A", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}, {"B", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}} {
		e, _ := addinput.Parse(c.code, profile.SmartOTP)
		if _, err := store.Add(c.name, e); err != nil {
			t.Fatal(err)
		}
	}
	changed := 0
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(520, 560))
	v := New(store, Options{Window: w, Now: func() time.Time { return time.Unix(1e9, 0) }, OnChanged: func() { changed++ }, Lang: i18n.JA})
	w.SetContent(v.Object())
	names := func() string {
		l, _ := store.List()
		var s []string
		for _, e := range l {
			s = append(s, e.Name)
		}
		return strings.Join(s, ",")
	}

	v.move(v.rows[1].e.ID, 0)
	if names() != "B,A" || v.rows[0].e.Name != "B" {
		t.Fatalf("after move: %s", names())
	}

	v.rename(v.rows[0].e)
	entry := w.Canvas().Focused().(*a11y.Entry)
	entry.SetText("三菱 太郎")
	test.Tap(overlayButton(t, w, "変更"))
	if names() != "三菱 太郎,A" {
		t.Fatalf("after rename: %s", names())
	}

	v.confirmDelete(v.rows[1].e)
	// What the dialog says, without the line breaks wrapping put in.
	if m := strings.Join(uitest.Texts(w.Canvas().Overlays().Top()), "\n"); !strings.Contains(m, "ワンタイムパスワードの再設定をお申し付けください") {
		t.Fatalf("delete confirmation does not say the broker registration must be redone:\n%s", m)
	}
	test.Tap(overlayButton(t, w, "キャンセル"))
	if names() != "三菱 太郎,A" {
		t.Fatal("cancel deleted")
	}
	v.confirmDelete(v.rows[1].e)
	test.Tap(overlayButton(t, w, "削除する"))
	if names() != "三菱 太郎" || len(v.rows) != 1 {
		t.Fatalf("after delete: %s", names())
	}
	if changed != 3 {
		t.Errorf("OnChanged ran %d times, want 3 (tray menu refresh)", changed)
	}
}
