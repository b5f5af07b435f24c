package osdisplay

import (
	"image/color"
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

var (
	user32                    = windows.NewLazySystemDLL("user32.dll")
	procSystemParametersInfoW = user32.NewProc("SystemParametersInfoW")
	procGetSysColor           = user32.NewProc("GetSysColor")
)

const (
	spiGetHighContrast = 0x0042
	hcfHighContrastOn  = 0x00000001

	colorWindow        = 5
	colorWindowText    = 8
	colorHighlight     = 13
	colorHighlightText = 14
	colorBtnFace       = 15
	colorGrayText      = 17
	colorBtnText       = 18
	colorHotLight      = 26
)

type highContrast struct {
	size          uint32
	flags         uint32
	defaultScheme *uint16
}

func read() Settings {
	s := Settings{TextScale: textScale()}
	hc := highContrast{size: uint32(unsafe.Sizeof(highContrast{}))}
	r, _, _ := procSystemParametersInfoW.Call(spiGetHighContrast, uintptr(hc.size), uintptr(unsafe.Pointer(&hc)), 0)
	on := r != 0 && hc.flags&hcfHighContrastOn != 0
	// OMAMORI_HIGH_CONTRAST=on uses the system colours even when Windows
	// does not report high contrast (wine never does; the Windows smoke
	// test sets wine's system colours and this).
	if on || os.Getenv("OMAMORI_HIGH_CONTRAST") == "on" {
		s.HighContrast = &Palette{
			Window: sysColor(colorWindow), WindowText: sysColor(colorWindowText),
			Highlight: sysColor(colorHighlight), HighlightText: sysColor(colorHighlightText),
			ButtonFace: sysColor(colorBtnFace), ButtonText: sysColor(colorBtnText),
			GrayText: sysColor(colorGrayText), HotLight: sysColor(colorHotLight),
		}
	}
	return s
}

// sysColor converts a COLORREF (0x00BBGGRR).
func sysColor(i uintptr) color.NRGBA {
	c, _, _ := procGetSysColor.Call(i)
	return color.NRGBA{R: uint8(c), G: uint8(c >> 8), B: uint8(c >> 16), A: 0xff}
}

// textScale is Settings → Accessibility → Text size (100–225 %), which
// Windows applies to its own text only: desktop programs read it.
func textScale() float64 {
	k, err := registry.OpenKey(registry.CURRENT_USER, `Software\Microsoft\Accessibility`, registry.QUERY_VALUE)
	if err != nil {
		return 1
	}
	defer k.Close()
	v, _, err := k.GetIntegerValue("TextScaleFactor")
	if err != nil || v < 100 {
		return 1
	}
	return float64(v) / 100
}
