package accounts_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/addinput"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// An exported account, through its otpauth URI and a QR image, enrols
// elsewhere to the same codes: what moving it to a phone needs.
func TestExportRoundTrip(t *testing.T) {
	s, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	e, err := addinput.Parse("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	e.Issuer = "三菱UFJモルガン・スタンレー証券"
	a, err := s.Add("三菱 太郎", e)
	if err != nil {
		t.Fatal(err)
	}
	k, err := s.Export(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	png, err := otpauth.EncodeQR(otpauth.URI(k), 320)
	if err != nil {
		t.Fatal(err)
	}
	text, err := otpauth.DecodeQR(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	back, err := addinput.Parse(text, profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	if back.Account != "三菱 太郎" || back.Issuer != e.Issuer || back.Profile.Period != 60 || back.Profile.Digits != 6 {
		t.Errorf("round trip lost parameters: %+v", back.Profile)
	}
	g, _ := s.Generator(a.ID)
	at := time.Unix(1_800_000_000, 0)
	other, err := totp.New(back.Secret, back.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if g.At(at).Code != other.At(at).Code {
		t.Error("the exported account gives other codes")
	}
	if _, err := s.Export("nope"); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}
