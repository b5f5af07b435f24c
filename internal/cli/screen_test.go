package cli

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

const (
	screenURIA     = "otpauth://totp/Broker:taro?secret=JBSWY3DPEHPK3PXP&issuer=Broker"
	screenURIB     = "otpauth://totp/Bank:hanako?secret=GEZDGNBVGY3TQOJQ&issuer=Bank"
	screenTransfer = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGUGZXhhbXBsZS5jb20aB0V4YW1wbGUgASgBMAIQARgBIAA%3D"
)

// pictured is a screen showing the given texts as QR codes side by side.
type pictured []string

func (p pictured) Capture() ([]image.Image, error) {
	s := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	draw.Draw(s, s.Bounds(), image.NewUniform(color.Gray{Y: 0x50}), image.Point{}, draw.Src)
	for i, text := range p {
		b, err := otpauth.EncodeQR(text, 220)
		if err != nil {
			return nil, err
		}
		q, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		at := image.Pt(40+i*400, 100+i*150)
		draw.Draw(s, q.Bounds().Add(at), q, q.Bounds().Min, draw.Src)
	}
	return []image.Image{s}, nil
}

func runScreen(t *testing.T, lang i18n.Lang, screen pictured, args ...string) (*accounts.Store, string, string, int) {
	t.Helper()
	s, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Lang: lang, Screen: screen,
		OpenStore: func() (Store, error) { return s, nil },
	}
	code := Run(context.Background(), e, append([]string{"add"}, args...))
	return s, out.String(), errb.String(), code
}

func names(t *testing.T, s *accounts.Store) []string {
	t.Helper()
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var n []string
	for _, e := range list {
		n = append(n, e.Account.Name+"/"+e.Account.Issuer)
	}
	return n
}

func TestAddScreenEnrolsTheOneCode(t *testing.T) {
	s, out, errOut, code := runScreen(t, i18n.EN, pictured{screenURIA, "https://example.com/"}, "--name", "証券", "--screen")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := names(t, s); len(got) != 1 || got[0] != "証券/Broker" {
		t.Fatalf("accounts %v", got)
	}
	if !strings.Contains(out, "証券") {
		t.Errorf("stdout %q", out)
	}
}

func TestAddScreenSeveralAsksWhichAndPickChooses(t *testing.T) {
	two := pictured{screenURIA, screenURIB}
	s, _, errOut, code := runScreen(t, i18n.JA, two, "--name", "x", "--screen")
	if code != ExitFailure || len(names(t, s)) != 0 {
		t.Fatalf("exit %d, accounts %v", code, names(t, s))
	}
	for _, want := range []string{"Broker : taro", "Bank : hanako", "--pick"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "JBSWY3DPEHPK3PXP") || strings.Contains(errOut, "GEZDGNBVGY3TQOJQ") {
		t.Fatalf("a secret is printed:\n%s", errOut)
	}
	// The list is numbered in the order found; --pick takes that number.
	n := 1
	if strings.Index(errOut, "Bank") > strings.Index(errOut, "Broker") {
		n = 2
	}
	s, _, errOut, code = runScreen(t, i18n.EN, two, "--name", "bank", "--screen", "--pick", string(rune('0'+n)))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if got := names(t, s); len(got) != 1 || got[0] != "bank/Bank" {
		t.Fatalf("accounts %v", got)
	}
	_, _, errOut, code = runScreen(t, i18n.EN, two, "--name", "x", "--screen", "--pick", "3")
	if code != ExitFailure || !strings.Contains(errOut, "no QR code number 3") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestAddScreenTransferCodeIsNamed(t *testing.T) {
	s, _, errOut, code := runScreen(t, i18n.EN, pictured{screenTransfer}, "--name", "x", "--screen")
	if code != ExitFailure || len(names(t, s)) != 0 || !strings.Contains(errOut, "Google Authenticator transfer code") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Beside an ordinary code it is set aside, and said so.
	s, _, errOut, code = runScreen(t, i18n.JA, pictured{screenTransfer, screenURIA}, "--name", "x", "--screen")
	if code != ExitOK || len(names(t, s)) != 1 || !strings.Contains(errOut, "移行用コード") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestAddScreenNothingSaysWhereToLook(t *testing.T) {
	_, _, errOut, code := runScreen(t, i18n.JA, pictured{"https://example.com/"}, "--name", "x", "--screen")
	if code != ExitFailure || !strings.Contains(errOut, "見つかりませんでした") || !strings.Contains(errOut, "拡大") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestAddScreenFlagMistakes(t *testing.T) {
	for _, args := range [][]string{
		{"--name", "x", "--screen", "--qr", "a.png"},
		{"--name", "x", "--pick", "1"},
		{"--name", "x", "--screen", "--pick", "-1"},
	} {
		_, _, errOut, code := runScreen(t, i18n.EN, pictured{screenURIA}, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
}
