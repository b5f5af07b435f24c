package addaccount

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

func showProfiles(t *testing.T, set *profile.Set) (*Dialog, *accounts.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(omtheme.New(omtheme.Light, false))
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(560, 640))
	w.Show()
	t.Cleanup(w.Close)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	return Show(Options{Window: w, Store: store, Lang: i18n.JA, Profiles: set}), store
}

const setupCode = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"

// Only Smart OTP takes 32-character setup codes among the built-ins: no
// question, 登録 as before.
func TestNoBrokerQuestionWithOneChoice(t *testing.T) {
	d, store := showProfiles(t, profile.Builtin())
	if d.Broker != nil {
		t.Fatal("asked for a broker with one choice")
	}
	test.Type(d.Name, "三菱 太郎")
	d.Code.SetText(setupCode)
	test.Tap(d.Register)
	a, err := store.Find("三菱 太郎")
	if err != nil || a.Profile.Name != profile.Default {
		t.Fatalf("added %+v, %v", a, err)
	}
}

// A policy adds a second broker with 32-character setup codes: the dialog
// asks which, waits for the answer, and enrols with the chosen profile.
func TestBrokerChoiceWhenPolicyAddsOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "profiles.json")
	if err := os.WriteFile(path, []byte(`{"version": 1, "profiles": [
	  {"name": "corp", "encoding": "base32", "length": 32, "digits": 8, "period": 30, "algorithm": "SHA256",
	   "broker": {"name": {"ja": "コープ証券", "en": "Corp Securities"}}}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	set, err := profile.LoadWithPolicy("", path)
	if err != nil {
		t.Fatal(err)
	}
	d, store := showProfiles(t, set)
	if d.Broker == nil {
		t.Fatal("no broker choice")
	}
	if got := d.Broker.Options; len(got) != 2 || got[0] != "三菱UFJモルガン・スタンレー証券" || got[1] != "コープ証券" {
		t.Errorf("choices %v", got)
	}
	test.Type(d.Name, "会社の口座")
	d.Code.SetText(setupCode)
	if !d.Register.Disabled() {
		t.Error("登録 enabled before the broker was chosen")
	}
	if d.Status.Content() == "" {
		t.Error("no word on what is missing")
	}
	d.Broker.SetSelectedIndex(1)
	if d.Register.Disabled() {
		t.Fatalf("登録 disabled after the choice: %q", d.Status.Content())
	}
	test.Tap(d.Register)
	a, err := store.Find("会社の口座")
	if err != nil || a.Profile.Name != "corp" || a.Profile.Digits != 8 {
		t.Fatalf("added %+v, %v", a, err)
	}
}
