//go:build linux && cgo

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/screenqr"
	"github.com/omamori-app/omamori/internal/testenv"
)

// showQR opens a real X window (ImageMagick's display) showing text as a
// QR code at geometry, as the phone's picture or a page would be shown,
// and closes it when t ends.
func showQR(t *testing.T, text, geometry string) {
	t.Helper()
	prog := testenv.Tool(t, "display", "imagemagick")
	b, err := otpauth.EncodeQR(text, 260)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(prog, "-geometry", geometry, path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
}

// Two real windows on an X server show the two transfer codes of one
// export: `omamori import --screen` reads the real screen (XGetImage) and
// adds both accounts at once; their codes equal oathtool's with 30 s. With
// only one window, it says which code is missing.
func TestImportScreenX11TwoTransferWindows(t *testing.T) {
	testenv.OwnDisplay(t)
	showQR(t, transfer2of2, "+40+60")
	waitForQRs(t, 1)
	s, _, errOut, code := importCmd(t, i18n.EN, nil, "", "--screen", "--yes")
	if code != ExitFailure || len(names(t, s)) != 0 || !strings.Contains(errOut, "Still to read: number 1") {
		t.Fatalf("one window: exit %d, accounts %v: %s", code, names(t, s), errOut)
	}

	showQR(t, transfer1of2, "+700+300")
	waitForQRs(t, 2)
	s, out, errOut, code := importCmd(t, i18n.EN, nil, "", "--screen", "--yes")
	if code != ExitOK || !strings.Contains(out, "Accounts added: 2") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	sameAsOathtool(t, s, "Example alice@example.com", aliceSecret, "sha1", 6, 30)
	sameAsOathtool(t, s, "SHA512 Co bob", bobSecret, "sha512", 8, 30)
}

// waitForQRs waits until n authenticator QR codes are on the screen (a
// window takes a moment to map and draw), at most 20 s.
func waitForQRs(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, _ := screenqr.Read(screenqr.System())
		if len(got) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d QR codes on the screen after 20 s, want %d", len(got), n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
