package omtheme

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/omamori-app/omamori/assets"
)

func TestFontsAreBundledJapanese(t *testing.T) {
	th := New(System, false)
	if th.Font(fyne.TextStyle{}) != assets.FontRegular {
		t.Error("regular text does not use Noto Sans JP")
	}
	if th.Font(fyne.TextStyle{Bold: true}) != assets.FontBold {
		t.Error("bold text does not use Noto Sans JP Bold")
	}
	if len(assets.FontRegular.Content()) < 1<<20 || len(assets.FontBold.Content()) < 1<<20 {
		t.Error("bundled fonts look truncated")
	}
}

func TestVariantAndLargeText(t *testing.T) {
	test.NewTempApp(t)
	light, dark := New(Light, false), New(Dark, true)
	// A forced variant ignores what the OS asks for.
	if light.Color(theme.ColorNameBackground, theme.VariantDark) != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Error("light theme draws a dark background")
	}
	if dark.Color(theme.ColorNameBackground, theme.VariantLight) != theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("dark theme draws a light background")
	}
	sys := New(System, false)
	if sys.Color(theme.ColorNameBackground, theme.VariantDark) == sys.Color(theme.ColorNameBackground, theme.VariantLight) {
		t.Error("system theme does not follow the OS variant")
	}
	if got, want := dark.Size(theme.SizeNameText), theme.DefaultTheme().Size(theme.SizeNameText)*LargeScale; got != want {
		t.Errorf("large text size = %v, want %v", got, want)
	}
	if dark.Size(SizeNameCode) <= light.Size(SizeNameCode) {
		t.Error("large text does not enlarge codes")
	}
}
