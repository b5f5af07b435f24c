package cli

import (
	"bytes"
	"context"
	"encoding/base32"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/screenqr"
	"github.com/omamori-app/omamori/internal/testenv"
)

// One Google Authenticator export in two transfer QR codes (written from
// the format's field numbers by an independent encoder; the same links as
// internal/importfile/testdata/own/migration_batch.txt): batch 2 of 2
// holds "SHA512 Co" bob (SHA-512, 8 digits), batch 1 of 2 Example alice
// (SHA-1, 6 digits). Neither carries a period.
const (
	transfer2of2 = "otpauth-migration://offline?data=CiwKFDIzNDU2Nzg5Ojs8PT4%2FQEFCQ0RFEgNib2IaCVNIQTUxMiBDbyADKAIwAhABGAIgASiJBg%3D%3D"
	transfer1of2 = "otpauth-migration://offline?data=CkAKFAECAwQFBgcICQoLDA0ODxAREhMUEhlFeGFtcGxlOmFsaWNlQGV4YW1wbGUuY29tGgdFeGFtcGxlIAEoATACEAEYAiAAKIkG"
	aliceSecret  = "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"
	bobSecret    = "GIZTINJWG44DSOR3HQ6T4P2AIFBEGRCF"
)

// slides is a screen that shows one picture, then the next at each
// capture (the phone's 「次へ」), staying on the last.
type slides struct {
	shows []pictured
	n     int
}

func (s *slides) Capture() ([]image.Image, error) {
	p := s.shows[min(s.n, len(s.shows)-1)]
	s.n++
	return p.Capture()
}

func importCmd(t *testing.T, lang i18n.Lang, screen screenqr.Capturer, stdin string, args ...string) (*accounts.Store, string, string, int) {
	t.Helper()
	s, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Lang: lang, Screen: screen,
		OpenStore: func() (Store, error) { return s, nil },
	}
	code := Run(context.Background(), e, append([]string{"import"}, args...))
	return s, out.String(), errb.String(), code
}

// sameAsOathtool checks the store's codes for name against oathtool's,
// with the secret and parameters the export holds and a 30 s step (or period).
func sameAsOathtool(t *testing.T, s *accounts.Store, name, secret, alg string, digits, period int) {
	t.Helper()
	oathtool := testenv.Tool(t, "oathtool", "oathtool")
	a, err := s.Find(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	g, err := s.Generator(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	for _, ts := range []int64{59, 1_234_567_890, time.Now().Unix()} {
		cmd := exec.Command(oathtool, "--totp="+alg, "-s", strconv.Itoa(period), "-d", strconv.Itoa(digits),
			"-N", "@"+strconv.FormatInt(ts, 10), "--base32", "-")
		cmd.Stdin = strings.NewReader(base32.StdEncoding.EncodeToString(key) + "\n")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("oathtool: %v", err)
		}
		if c := g.At(time.Unix(ts, 0)).Code; c != strings.TrimSpace(string(out)) {
			t.Errorf("%s at %d: %s, oathtool %s", name, ts, c, out)
		}
	}
}

// The phone shows one transfer code at a time: the first read says which
// is still missing, Enter reads the screen again, and the two make one
// import. No period in the codes: 30 s unless --period says otherwise.
func TestImportScreenCollectsBatchesAcrossReads(t *testing.T) {
	screen := &slides{shows: []pictured{{transfer2of2}, {transfer1of2}}}
	s, out, errOut, code := importCmd(t, i18n.EN, screen, "\n", "--screen", "--yes")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"read: 1 of 2", "Still to read: number 1"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "Accounts added: 2") || !strings.Contains(out, "30 seconds is used") {
		t.Errorf("stdout %q", out)
	}
	sameAsOathtool(t, s, "Example alice@example.com", aliceSecret, "sha1", 6, 30)
	sameAsOathtool(t, s, "SHA512 Co bob", bobSecret, "sha512", 8, 30)
	if strings.Contains(out+errOut, aliceSecret) || strings.Contains(out+errOut, bobSecret) {
		t.Fatal("a secret is printed")
	}

	screen = &slides{shows: []pictured{{transfer1of2, transfer2of2}}}
	s, out, errOut, code = importCmd(t, i18n.EN, screen, "", "--screen", "--yes", "--period", "60")
	if code != ExitOK || screen.n != 1 || !strings.Contains(out, "60 seconds is used") {
		t.Fatalf("exit %d after %d reads: %s", code, screen.n, errOut)
	}
	sameAsOathtool(t, s, "SHA512 Co bob", bobSecret, "sha512", 8, 60)
}

// One of two shown and no next one: says which is missing, adds nothing.
func TestImportScreenSaysWhichBatchIsMissing(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.JA} {
		s, _, errOut, code := importCmd(t, lang, pictured{transfer1of2}, "", "--screen", "--yes")
		if code != ExitFailure || len(names(t, s)) != 0 {
			t.Fatalf("exit %d, accounts %v: %s", code, names(t, s), errOut)
		}
		want := map[i18n.Lang]string{i18n.EN: "Still to read: number 2", i18n.JA: "2番目"}[lang]
		if !strings.Contains(errOut, want) || !strings.Contains(errOut, "shot1.png") {
			t.Errorf("%s: stderr lacks %q:\n%s", lang, want, errOut)
		}
	}
}

// Without a transfer code, the screen's otpauth links are imported as a list.
func TestImportScreenLinks(t *testing.T) {
	s, _, errOut, code := importCmd(t, i18n.EN, pictured{screenURIA, screenURIB}, "", "--screen", "--yes")
	if code != ExitOK || len(names(t, s)) != 2 {
		t.Fatalf("exit %d, accounts %v: %s", code, names(t, s), errOut)
	}
	_, _, errOut, code = importCmd(t, i18n.EN, pictured{screenURIA}, "", "--screen", "x.txt")
	if code != ExitUsage || !strings.Contains(errOut, "either a FILE or --screen") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// Screenshots of each transfer code, given together, make one import; one
// alone names the missing code.
func TestImportScreenshots(t *testing.T) {
	dir := t.TempDir()
	for name, link := range map[string]string{"shot1.png": transfer1of2, "shot2.png": transfer2of2} {
		b, err := otpauth.EncodeQR(link, 300)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	shot1, shot2 := filepath.Join(dir, "shot1.png"), filepath.Join(dir, "shot2.png")
	s, _, errOut, code := importCmd(t, i18n.EN, nil, "", shot2, shot1, "--yes")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sameAsOathtool(t, s, "Example alice@example.com", aliceSecret, "sha1", 6, 30)
	sameAsOathtool(t, s, "SHA512 Co bob", bobSecret, "sha512", 8, 30)

	s, _, errOut, code = importCmd(t, i18n.EN, nil, "", shot2, "--yes")
	if code != ExitFailure || len(names(t, s)) != 0 || !strings.Contains(errOut, "Transfer QR code 1 of 2 has not been read") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}
