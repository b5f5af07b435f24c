package uitest

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// UpdateEnv is the one switch for every golden file of the window's tests
// (images and markup under each package's testdata/):
//
//	OMAMORI_UPDATE_GOLDEN=1 go test ./app/...
//
// writes what the tests draw over the goldens that differ (run it with
// the patched Fyne, eval "$(bash scripts/fyne-patched.sh)"), then look at
// the changed PNGs before committing them. Unchanged goldens are left
// alone, byte for byte. Without the switch a mismatch fails the test and
// leaves what was drawn in testdata/failed/ (Fyne's test package).
const UpdateEnv = "OMAMORI_UPDATE_GOLDEN"

func update() bool { return os.Getenv(UpdateEnv) == "1" }

// GoldenImage compares img with testdata/name (a PNG), or writes it there
// under OMAMORI_UPDATE_GOLDEN=1 when it differs.
func GoldenImage(t *testing.T, name string, img image.Image) bool {
	t.Helper()
	if update() && !samePixels(name, img) {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			t.Fatal(err)
		}
		write(t, name, b.Bytes())
	}
	return test.AssertImageMatches(t, name, img)
}

// GoldenCanvas compares what c draws with the image testdata/name.
func GoldenCanvas(t *testing.T, name string, c fyne.Canvas) bool {
	t.Helper()
	return GoldenImage(t, name, c.Capture())
}

// GoldenMarkup compares c's object tree, as Fyne's test package writes it
// out, with testdata/name (XML), or writes it there under the switch.
func GoldenMarkup(t *testing.T, name string, c fyne.Canvas) bool {
	t.Helper()
	if update() {
		got := test.RenderToMarkup(c)
		old, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil || strings.ReplaceAll(string(old), "\r", "") != got {
			write(t, name, []byte(got))
		}
	}
	return test.AssertRendersToMarkup(t, name, c)
}

func write(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s=1: wrote %s", UpdateEnv, path)
}

// samePixels reports whether testdata/name holds img's pixels, as Fyne
// compares them.
func samePixels(name string, img image.Image) bool {
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		return false
	}
	defer f.Close()
	old, _, err := image.Decode(f)
	if err != nil {
		return false
	}
	return bytes.Equal(rgba(old).Pix, rgba(img).Pix)
}

func rgba(img image.Image) *image.RGBA {
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}
