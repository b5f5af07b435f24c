package addaccount

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

// The two transfer QR codes of one Google Authenticator export (index 1
// first; internal/importfile/testdata/own/migration_batch.txt).
const (
	transferB = "otpauth-migration://offline?data=CiwKFDIzNDU2Nzg5Ojs8PT4%2FQEFCQ0RFEgNib2IaCVNIQTUxMiBDbyADKAIwAhABGAIgASiJBg%3D%3D"
	transferA = "otpauth-migration://offline?data=CkAKFAECAwQFBgcICQoLDA0ODxAREhMUEhlFeGFtcGxlOmFsaWNlQGV4YW1wbGUuY29tGgdFeGFtcGxlIAEoATACEAEYAiAAKIkG"
)

// A picture of a transfer code (dropped or chosen) goes to the import,
// collected with the next one: the first says which is missing, the
// second hands both links over and closes the dialog.
func TestTransferPicturesGoToTheImport(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Resize(fyne.NewSize(560, 640))
	w.Show()
	t.Cleanup(w.Close)
	store, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	g := Show(Options{Window: w, Store: store, Lang: i18n.EN, OnTransfer: func(b []byte) { got = append(got, b) }})
	for i, link := range []string{transferB, transferA} {
		png, err := otpauth.EncodeQR(link, 256)
		if err != nil {
			t.Fatal(err)
		}
		g.LoadQR(bytes.NewReader(png))
		if i == 0 && (len(got) != 0 || !strings.Contains(g.Status.Text, "Still to read: number 1")) {
			t.Fatalf("after the first: %d hand-overs, status %q", len(got), g.Status.Text)
		}
	}
	if len(got) != 1 || len(strings.Fields(string(got[0]))) != 2 || len(w.Canvas().Overlays().List()) != 0 {
		t.Fatalf("%d hand-overs, overlays %d", len(got), len(w.Canvas().Overlays().List()))
	}
}
