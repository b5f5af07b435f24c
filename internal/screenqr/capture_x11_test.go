//go:build linux && cgo

package screenqr

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/testenv"
)

// show opens a real X window (ImageMagick's display) showing text as a QR
// code at x,y, as a browser shows the provider's page, and closes it when
// t ends.
func show(t *testing.T, text string, geometry string) {
	t.Helper()
	prog := testenv.Tool(t, "display", "imagemagick")
	b, err := otpauth.EncodeQR(text, 220)
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

// readUntil reads the real screen until want codes are there (the windows
// take a moment to map and draw) or 20 s have passed.
func readUntil(t *testing.T, want int) []Code {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := Read(System())
		if len(got) >= want || time.Now().After(deadline) {
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			return got
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestX11ReadsTheQRInAWindow(t *testing.T) {
	testenv.OwnDisplay(t)
	show(t, uriA, "+300+200")
	got := readUntil(t, 1)
	if len(got) != 1 || got[0] != (Code{Text: uriA}) {
		t.Fatalf("got %+v, want %q", got, uriA)
	}
}

func TestX11ReadsTwoWindows(t *testing.T) {
	testenv.OwnDisplay(t)
	show(t, uriA, "+40+60")
	show(t, uriB, "+700+300")
	got := readUntil(t, 2)
	texts := []string{}
	for _, c := range got {
		texts = append(texts, c.Text)
	}
	slices.Sort(texts)
	if want := []string{uriB, uriA}; !slices.Equal(texts, want) {
		t.Fatalf("got %q, want %q", texts, want)
	}
}

func TestX11NothingOnTheScreen(t *testing.T) {
	testenv.OwnDisplay(t)
	if _, err := Read(System()); err == nil {
		t.Fatal("an empty screen gave codes")
	}
}

func TestX11NoDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	_, err := System().Capture()
	if err == nil {
		t.Fatal("no error without a display")
	}
}

// The Linux build offers screen reading (the window shows its button).
func TestX11Supported(t *testing.T) {
	if !Supported() {
		t.Fatal("Supported() = false on linux with cgo")
	}
}
