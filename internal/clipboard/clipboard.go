// Package clipboard is the OS clipboard adapter for one-time passwords: it
// puts text on the clipboard marked so that clipboard history, cloud sync
// and clipboard managers leave it alone.
//
//   - Windows: CF_UNICODETEXT plus "ExcludeClipboardContentFromMonitorProcessing",
//     "CanIncludeInClipboardHistory" = 0 and "CanUploadToCloudClipboard" = 0
//     (the formats Windows' clipboard history (Win+V) and cloud clipboard
//     honour, as KeePassXC sets them).
//   - macOS: the string plus org.nspasteboard.ConcealedType and
//     org.nspasteboard.TransientType (nspasteboard.org markers clipboard
//     managers honour), for the current host only (no Universal Clipboard).
//   - Linux on X11: our own owner of the CLIPBOARD selection (a hidden
//     window served by a thread of its own) offering the text and
//     x-kde-passwordManagerHint = "secret" (KDE's Klipper keeps no history
//     of such items). On Wayland, none: the toolkit's clipboard is used,
//     which offers plain text only (docs/security.md).
//
// It knows nothing of Fyne; app/codes uses it through its Clipboard interface.
package clipboard

// Clipboard reads and writes the clipboard's text. SetContent("") empties it;
// its error says the text did not get there (another program held the
// clipboard too long), so the caller says so instead of "copied".
type Clipboard interface {
	Content() string
	SetContent(text string) error
}

// Marker formats set beside the text on Windows, and their data.
const (
	FormatExclude    = "ExcludeClipboardContentFromMonitorProcessing"
	FormatHistory    = "CanIncludeInClipboardHistory"
	FormatCloud      = "CanUploadToCloudClipboard"
	MacConcealedType = "org.nspasteboard.ConcealedType"
	MacTransientType = "org.nspasteboard.TransientType"
)

// System returns the OS clipboard adapter, and false where there is none
// (the caller then uses the toolkit's clipboard).
func System() (Clipboard, bool) {
	c := system()
	return c, c != nil
}
