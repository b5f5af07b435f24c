package screenqr

import (
	"os"
	"testing"
	"time"
)

// The GDI capturer reads a QR code a real window shows. Run under wine by
// scripts/windows-smoke.sh, which shows the code (ImageMagick's display on
// wine's X screen) and names it in SCREENQR_WANT; without it there is
// nothing on the screen to read.
func TestGDIReadsTheQRInAWindow(t *testing.T) {
	want := os.Getenv("SCREENQR_WANT")
	if want == "" {
		t.Skip("SCREENQR_WANT not set: run by scripts/windows-smoke.sh with a QR code on the screen")
	}
	var got []Code
	var err error
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(300 * time.Millisecond) {
		if got, err = Read(System()); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(got) != 1 || got[0] != (Code{Text: want}) {
		t.Fatalf("got %+v, want %q", got, want)
	}
}
