package clockview

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// fontTheme is fyne's test theme with the app's bundled Japanese font, so
// golden images are the same on every machine.
type jpTheme struct {
	fyne.Theme
	regular, bold fyne.Resource
}

func (f jpTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return f.Theme.Font(s)
	case s.Bold:
		return f.bold
	}
	return f.regular
}

func fontTheme(t *testing.T) fyne.Theme {
	t.Helper()
	load := func(name string) fyne.Resource {
		b, err := os.ReadFile(filepath.Join("..", "..", "assets", "fonts", name))
		if err != nil {
			t.Fatalf("the app's bundled Japanese font is missing: %v", err)
		}
		return fyne.NewStaticResource(name, b)
	}
	return jpTheme{Theme: test.Theme(), regular: load("NotoSansJP-Regular.otf"), bold: load("NotoSansJP-Bold.otf")}
}

func writePNG(t *testing.T, path string, c fyne.Canvas) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, c.Capture()); err != nil {
		t.Fatal(err)
	}
}
