//go:build darwin && cgo

package osdisplay

/*
#cgo CFLAGS: -x objective-c
#cgo LDFLAGS: -framework AppKit
#import <AppKit/AppKit.h>

// 1 when System Settings → Accessibility → Display → Increase contrast is on.
static int omamoriIncreaseContrast(void) {
	return [[NSWorkspace sharedWorkspace] accessibilityDisplayShouldIncreaseContrast] ? 1 : 0;
}

// 1 when the Mac is in dark mode.
static int omamoriDarkMode(void) {
	NSString *s = [[NSUserDefaults standardUserDefaults] stringForKey:@"AppleInterfaceStyle"];
	return [s isEqualToString:@"Dark"] ? 1 : 0;
}
*/
import "C"

// read follows macOS's "Increase contrast". macOS has no system colour
// scheme to take, so the scheme is Windows' High Contrast Black in dark
// mode, else High Contrast White. Compiled by the macOS workflow only
// (no macOS SDK on the Linux build machine).
func read() Settings {
	s := Settings{TextScale: 1}
	if C.omamoriIncreaseContrast() == 0 {
		return s
	}
	p := White
	if C.omamoriDarkMode() == 1 {
		p = Black
	}
	s.HighContrast = &p
	return s
}
