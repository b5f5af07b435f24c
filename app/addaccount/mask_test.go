package addaccount

import (
	"bytes"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/app/uitest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

// After a QR import the link, secret included, is not shown in the code
// field (nor read out by a screen reader), yet it registers; once the
// customer empties the field, a typed setup code shows again.
func TestQRLinkIsMasked(t *testing.T) {
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	png, err := otpauth.EncodeQR("otpauth://totp/Mizuho:taro?secret="+secret+"&issuer=Mizuho", 256)
	if err != nil {
		t.Fatal(err)
	}
	g := showWith(t, i18n.JA, nil)
	g.LoadQR(bytes.NewReader(png))
	shown := func() string {
		var all []string
		for _, o := range g.opt.Window.Canvas().Overlays().List() {
			all = append(all, uitest.Texts(o)...)
		}
		for _, e := range uitest.Exposed(g.opt.Window.Canvas()) {
			all = append(all, e.Label)
		}
		return strings.Join(all, "\n")
	}
	if s := shown(); strings.Contains(s, secret[:8]) || strings.Contains(s, "secret=") {
		t.Fatalf("the link is on screen:\n%s", s)
	}
	if g.Register.Disabled() || g.Name.Text != "Mizuho" {
		t.Fatalf("the masked link does not register (name %q, status %q)", g.Name.Text, g.Status.Text)
	}
	if g.parsed == nil || string(g.parsed.Secret) == "" {
		t.Fatal("the masked link was not read")
	}

	g = showWith(t, i18n.JA, nil)
	g.LoadQR(bytes.NewReader(png))
	g.Code.SetText("")
	g.Code.SetText("ABCD EFGH")
	if !strings.Contains(shown(), "ABCD EFGH") {
		t.Errorf("a typed code is hidden after the link was cleared:\n%s", shown())
	}
}
