// Package assets holds the files the desktop app embeds: the Noto Sans JP
// subset (see README.md for how it is made) and the application icon.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

var (
	//go:embed fonts/NotoSansJP-Regular.otf
	regular []byte
	//go:embed fonts/NotoSansJP-Bold.otf
	bold []byte
	//go:embed icon.png
	icon []byte
)

// Fonts and icon as Fyne resources.
var (
	FontRegular = fyne.NewStaticResource("NotoSansJP-Regular.otf", regular)
	FontBold    = fyne.NewStaticResource("NotoSansJP-Bold.otf", bold)
	Icon        = fyne.NewStaticResource("icon.png", icon)
)
