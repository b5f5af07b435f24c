package importview

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme/themetest"
	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// uris: two usable links, one whose display name is taken, and a
// counter-based key that is skipped.
const uris = "otpauth://totp/Example:alice?secret=AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU&issuer=Example&period=60\n" +
	"otpauth://totp/Shop:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Shop\n" +
	"otpauth://totp/%E3%81%BF%E3%81%9A%E3%81%BB%E8%A8%BC%E5%88%B8:taro?secret=MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ&algorithm=SHA256\n" +
	"otpauth://hotp/Counter:c?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Counter&counter=3\n"

type fakeFiles struct {
	path  string
	err   error
	asked []filepicker.Options
}

func (f *fakeFiles) Open(o filepicker.Options, done func(string, error)) {
	f.asked = append(f.asked, o)
	done(f.path, f.err)
}

func (f *fakeFiles) Save(o filepicker.Options, done func(string, error)) { f.Open(o, done) }

func testWindow(t *testing.T) fyne.Window {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(themetest.New())
	w := test.NewWindow(layout.NewSpacer())
	w.Resize(fyne.NewSize(640, 720))
	t.Cleanup(w.Close)
	return w
}

// shop is the store the tests import into: "Example alice" is another
// account's display name, and Shop bob's secret is here already as "楽天".
func shop(t *testing.T) (*accounts.Store, *accountstest.Secrets) {
	t.Helper()
	sec := accountstest.NewSecrets()
	s, err := accounts.Open(t.TempDir(), sec)
	if err != nil {
		t.Fatal(err)
	}
	bob := []byte("12345678901234567890") // GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
	if _, err := s.Add("楽天", newaccount.Details{Secret: bob, Profile: profile.SmartOTP}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add("Example alice", newaccount.Details{Secret: []byte("another secret 1234"), Profile: profile.SmartOTP}); err != nil {
		t.Fatal(err)
	}
	return s, sec
}

func names(t *testing.T, s *accounts.Store) []string {
	t.Helper()
	es, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range es {
		n = append(n, e.Name)
	}
	return n
}

// step runs From (or another background step) and waits until it is done.
func step(t *testing.T, im *Import, run func()) error {
	t.Helper()
	ch := make(chan error, 1)
	im.OnStep(func(err error) { ch <- err })
	run()
	select {
	case err := <-ch:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("the step never ended")
		return nil
	}
}

func from(t *testing.T, o Options, data []byte, name string) (*Import, error) {
	t.Helper()
	im := &Import{opts: o, name: name, data: data, period: 30}
	err := step(t, im, func() { im.prepare(nil) })
	return im, err
}

// screen is everything drawn in the window, dialogs included.
func screen(w fyne.Window) string {
	var s []string
	for _, o := range w.Canvas().Overlays().List() {
		s = append(s, uitest.Texts(o)...)
	}
	return strings.Join(s, "\n")
}

// 「ほかのアプリから移す」 asks the app's file dialog for an export file in
// the window's language, then shows the file's preview.
func TestShowAsksFileThenPreview(t *testing.T) {
	want := map[i18n.Lang][]string{
		i18n.JA: {"ほかの認証アプリからエクスポートしたファイルを選ぶ", "このファイルには4件のアカウントがあります。", "Example alice", "同じ表示名の別のアカウントがあります。この表示名で追加します:",
			"「楽天」としてすでにあるため、とばします", "みずほ証券 taro", "追加します", "Counter c", "とばします：", "[キャンセル]", "[2件を追加する]"},
		i18n.EN: {"Choose the file exported from the other authenticator app", "Accounts in this file: 4.", "another account already has this display name",
			"already here as “楽天”: skipped", "みずほ証券 taro", "will be added", "Counter c", "skipped: This is a counter-based (HOTP)", "[Add the accounts (2)]"},
	}
	for lang, w := range want {
		t.Run(string(lang), func(t *testing.T) {
			win := testWindow(t)
			path := filepath.Join(t.TempDir(), "export.txt")
			if err := os.WriteFile(path, []byte(uris), 0o600); err != nil {
				t.Fatal(err)
			}
			s, _ := shop(t)
			files := &fakeFiles{path: path}
			Show(Options{Window: win, Store: s, Files: files, Lang: lang})
			if len(files.asked) != 1 {
				t.Fatalf("file dialog asked %d times", len(files.asked))
			}
			o := files.asked[0]
			if o.Title != w[0] || !slices.Contains(o.Filter.Exts, "2fas") || !slices.Contains(o.Filter.Exts, "json") || o.Lang != lang {
				t.Errorf("dialog options %+v", o)
			}
			var got string
			for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
				if got = screen(win); strings.Contains(got, w[len(w)-1]) {
					break
				}
			}
			for _, s := range w[1:] {
				if !strings.Contains(got, s) {
					t.Errorf("the preview lacks %q:\n%s", s, got)
				}
			}
			if strings.Contains(got, "AEBAGBAF") || strings.Contains(got, "MFRGGZDF") {
				t.Errorf("a secret is on screen:\n%s", got)
			}
			if n := names(t, s); len(n) != 2 {
				t.Errorf("the preview changed the store: %v", n)
			}
		})
	}
}

// Cancelling the file dialog does nothing; a missing file or a file that
// is not an export is said, and nothing changes.
func TestCancelAndBadFiles(t *testing.T) {
	win := testWindow(t)
	s, _ := shop(t)
	Show(Options{Window: win, Store: s, Files: &fakeFiles{}, Lang: i18n.JA})
	if n := len(win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("a cancelled file dialog left %d dialogs", n)
	}
	Show(Options{Window: win, Store: s, Files: &fakeFiles{path: filepath.Join(t.TempDir(), "gone.json")}, Lang: i18n.JA})
	if got := screen(win); !strings.Contains(got, "ファイルgone.jsonを読み込めませんでした。") || !strings.Contains(got, "何も変更していません。") {
		t.Errorf("missing file:\n%s", got)
	}
	_, err := from(t, Options{Window: win, Store: s, Lang: i18n.EN}, []byte("just some notes"), "notes.txt")
	if err == nil || !strings.Contains(screen(win), "does not recognise this file") {
		t.Errorf("not an export: %v\n%s", err, screen(win))
	}
	if n := names(t, s); len(n) != 2 {
		t.Errorf("store changed: %v", n)
	}
}

// The preview's button adds what it listed, under the names shown (a
// clash's name edited), and says so; the status line is told.
func TestApplyAddsWhatWasShown(t *testing.T) {
	win := testWindow(t)
	s, _ := shop(t)
	var done string
	im, err := from(t, Options{Window: win, Store: s, Lang: i18n.JA, OnImported: func(d string) { done = d }}, []byte(uris), "export.txt")
	if err != nil {
		t.Fatal(err)
	}
	if add, skip := im.Preview().Count(); add != 2 || skip != 2 {
		t.Fatalf("count %d/%d", add, skip)
	}
	im.SetName(0, "Example 仕事")
	test.Tap(uitest.Button(win.Canvas().Overlays().Top(), "2件を追加する"))
	got := names(t, s)
	if strings.Join(got, ",") != "楽天,Example alice,Example 仕事,みずほ証券 taro" {
		t.Errorf("accounts after import: %v", got)
	}
	if done != "2件のアカウントを追加しました。「コピー」を押すとワンタイムパスワードを使えます。" {
		t.Errorf("status: %q", done)
	}
	if sc := screen(win); !strings.Contains(sc, "アカウントを追加しました") && !strings.Contains(sc, "ほかのアプリにも同じアカウントが残っています") {
		t.Errorf("no closing note:\n%s", sc)
	}
}

// All or nothing: when the keyring refuses a write, no account is added,
// the failure is said, and the preview stays to try again.
func TestApplyAllOrNothing(t *testing.T) {
	win := testWindow(t)
	s, sec := shop(t)
	im, err := from(t, Options{Window: win, Store: s, Lang: i18n.EN}, []byte(uris), "export.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	sec.FailWith(func(op, id string) error {
		if op == "set" {
			if n++; n == 2 {
				return errors.New("keyring refused")
			}
		}
		return nil
	})
	if err := im.Apply(); err == nil {
		t.Fatal("Apply succeeded with a refused write")
	}
	sec.FailWith(nil)
	if got := names(t, s); len(got) != 2 {
		t.Errorf("after a failed import: %v", got)
	}
	if sc := screen(win); !strings.Contains(sc, "Nothing was changed.") || !strings.Contains(sc, "[Add the accounts (2)]") {
		t.Errorf("after the failure:\n%s", sc)
	}
	if err := im.Apply(); err != nil {
		t.Fatalf("second try: %v", err)
	}
	if got := names(t, s); len(got) != 4 {
		t.Errorf("after the second try: %v", got)
	}
}

// An encrypted Aegis vault asks for its export password; an empty or a
// wrong one stays on that step with a message; the right one previews.
func TestEncryptedAsksPassword(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "importfile", "testdata", "aegis", "aegis_encrypted.json"))
	if err != nil {
		t.Fatal(err)
	}
	win := testWindow(t)
	s, _ := shop(t)
	im, err := from(t, Options{Window: win, Store: s, Lang: i18n.JA}, data, "aegis_encrypted.json")
	if err == nil || im.pass == nil {
		t.Fatalf("no password step: %v", err)
	}
	if sc := screen(win); !strings.Contains(sc, "「aegis_encrypted.json」は暗号化されています。") {
		t.Errorf("password step:\n%s", sc)
	}
	im.Open()
	if im.Problem() != "エクスポートのパスワードを入力してください。" {
		t.Errorf("empty password: %q", im.Problem())
	}
	im.SetPassword("wrong")
	if err := step(t, im, im.Open); err == nil || !strings.Contains(im.Problem(), "パスワード") {
		t.Errorf("wrong password: %v %q", err, im.Problem())
	}
	im.SetPassword("test")
	if err := step(t, im, im.Open); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if add, skip := im.Preview().Count(); add != 2 || skip != 5 {
		t.Errorf("count %d/%d", add, skip)
	}
	if sc := screen(win); !strings.Contains(sc, "Deno Mason") || !strings.Contains(sc, "SPDX James") || !strings.Contains(sc, "[2件を追加する]") {
		t.Errorf("preview:\n%s", sc)
	}
}

// Google Authenticator's transfer codes carry no step: the preview asks,
// 30 s first; choosing 60 plans the accounts again with 60.
func TestTransferCodeAsksPeriod(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "importfile", "testdata", "own", "migration_single.txt"))
	if err != nil {
		t.Fatal(err)
	}
	win := testWindow(t)
	s, _ := shop(t)
	im, err := from(t, Options{Window: win, Store: s, Lang: i18n.JA}, data, "migration.txt")
	if err != nil {
		t.Fatal(err)
	}
	periods := func() (ps []int) {
		for _, st := range im.Preview().Plan.Steps {
			ps = append(ps, st.Item.Profile.Period)
		}
		return ps
	}
	if p := periods(); len(p) == 0 || slices.ContainsFunc(p, func(n int) bool { return n != 30 }) {
		t.Errorf("first plan periods %v", p)
	}
	if sc := screen(win); !strings.Contains(sc, "ワンタイムパスワードが変わる間隔が入っていません") {
		t.Errorf("no period question:\n%s", sc)
	}
	if err := step(t, im, func() { im.SetPeriod(60) }); err != nil {
		t.Fatal(err)
	}
	if p := periods(); slices.ContainsFunc(p, func(n int) bool { return n != 60 }) {
		t.Errorf("after choosing 60: %v", p)
	}
	if len(win.Canvas().Overlays().List()) != 1 {
		t.Errorf("%d dialogs open", len(win.Canvas().Overlays().List()))
	}
}

// Golden images of the preview and the password step in both languages.
// Rewrite with OMAMORI_UPDATE_GOLDEN=1 and look at them.
func TestGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "importfile", "testdata", "aegis", "aegis_encrypted.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			win := testWindow(t)
			s, _ := shop(t)
			if _, err := from(t, Options{Window: win, Store: s, Lang: l}, []byte(uris), "export.txt"); err != nil {
				t.Fatal(err)
			}
			golden(t, win, "preview_"+string(l))
			win.Canvas().Overlays().Top().Hide()
			im, _ := from(t, Options{Window: win, Store: s, Lang: l}, data, "aegis_encrypted.json")
			im.SetPassword("wrong")
			_ = step(t, im, im.Open)
			golden(t, win, "password_"+string(l))
		})
	}
}

func golden(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	c := w.Canvas()
	c.Content().Refresh()
	for _, o := range c.Overlays().List() {
		o.Refresh()
	}
	uitest.GoldenCanvas(t, name+".png", c)
}

var _ backup.Target = (*accounts.Store)(nil)
