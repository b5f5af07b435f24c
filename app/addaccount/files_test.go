package addaccount

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

// fakeFiles stands in for the OS's file dialog: it answers at once.
type fakeFiles struct {
	path  string
	err   error
	asked []filepicker.Options
}

func (f *fakeFiles) Open(o filepicker.Options, done func(string, error)) {
	f.asked = append(f.asked, o)
	done(f.path, f.err)
}

func showWith(t *testing.T, lang i18n.Lang, files Files) *Dialog {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(560, 640))
	w.Show()
	t.Cleanup(w.Close)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	return Show(Options{Window: w, Store: store, Files: files, Lang: lang})
}

// 「QRコード画像から読み込む…」 asks the file dialog for an image, in the
// window's language, and reads the chosen image into the code field.
func TestQRImageThroughFilesPort(t *testing.T) {
	uri := "otpauth://totp/Mizuho:taro?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Mizuho"
	png, err := otpauth.EncodeQR(uri, 256)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		t.Fatal(err)
	}
	for lang, title := range map[i18n.Lang]string{i18n.JA: "QRコードの画像を選ぶ", i18n.EN: "Choose the QR code image"} {
		t.Run(string(lang), func(t *testing.T) {
			files := &fakeFiles{path: path}
			g := showWith(t, lang, files)
			g.pickQR()
			if len(files.asked) != 1 || files.asked[0].Title != title ||
				!slices.Equal(files.asked[0].Filter.Exts, []string{"png", "jpg", "jpeg"}) || files.asked[0].Filter.Label == "" {
				t.Fatalf("dialog asked %+v", files.asked)
			}
			if g.Code.Text != uri || g.Name.Text != "Mizuho" {
				t.Errorf("code %q name %q status %q", g.Code.Text, g.Name.Text, g.Status.Text)
			}
		})
	}
}

// Cancelling changes nothing; a file that is gone or a failed dialog is
// said under the field in the window's language.
func TestQRImageCancelAndErrors(t *testing.T) {
	files := &fakeFiles{}
	g := showWith(t, i18n.JA, files)
	before := g.Status.Text
	g.pickQR()
	if g.Code.Text != "" || g.Status.Text != before {
		t.Errorf("cancel changed code %q status %q", g.Code.Text, g.Status.Text)
	}

	files.path = filepath.Join(t.TempDir(), "gone.png")
	g.pickQR()
	if !strings.Contains(g.Status.Text, "画像ファイルを開けませんでした") || strings.Contains(g.Status.Text, "gone.png: ") {
		t.Errorf("missing file: %q", g.Status.Text)
	}

	files.path, files.err = "", filedialog.Failed(errors.New("osascript: exit 1"))
	g.pickQR()
	if !strings.Contains(g.Status.Text, "ファイルを選ぶ画面を開けませんでした") || g.Code.Text != "" {
		t.Errorf("failed dialog: %q", g.Status.Text)
	}
}
