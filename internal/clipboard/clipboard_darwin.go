//go:build darwin && cgo

package clipboard

/*
#cgo CFLAGS: -x objective-c -fobjc-arc
#cgo LDFLAGS: -framework AppKit
#include <stdlib.h>
#import <AppKit/AppKit.h>

// omamoriSetConcealed replaces the general pasteboard's contents with text
// marked concealed and transient (nspasteboard.org); NULL only clears it.
// CurrentHostOnly (macOS 10.12+) keeps the code off Universal Clipboard:
// it is not offered to the customer's other Apple devices. Preparing with
// it clears the pasteboard, as clearContents did.
static void omamoriSetConcealed(const char *text) {
	@autoreleasepool {
		NSPasteboard *pb = [NSPasteboard generalPasteboard];
		[pb prepareForNewContentsWithOptions:NSPasteboardContentsCurrentHostOnly];
		if (text == NULL) {
			return;
		}
		NSString *concealed = @"org.nspasteboard.ConcealedType";
		NSString *transient = @"org.nspasteboard.TransientType";
		[pb declareTypes:@[NSPasteboardTypeString, concealed, transient] owner:nil];
		[pb setString:[NSString stringWithUTF8String:text] forType:NSPasteboardTypeString];
		[pb setData:[NSData data] forType:concealed];
		[pb setData:[NSData data] forType:transient];
	}
}

// omamoriContent returns the pasteboard's string (malloc'd) or NULL.
static char *omamoriContent(void) {
	@autoreleasepool {
		NSString *s = [[NSPasteboard generalPasteboard] stringForType:NSPasteboardTypeString];
		if (s == nil) {
			return NULL;
		}
		return strdup([s UTF8String]);
	}
}
*/
import "C"

import "unsafe"

type mac struct{}

func system() Clipboard { return mac{} }

// Content returns the pasteboard's text, "" when it holds none.
func (mac) Content() string {
	p := C.omamoriContent()
	if p == nil {
		return ""
	}
	defer C.free(unsafe.Pointer(p))
	return C.GoString(p)
}

// SetContent puts text on the pasteboard, concealed and transient; "" clears it.
// It reports no failure: the pasteboard's own results are not checked.
func (mac) SetContent(text string) error {
	if text == "" {
		C.omamoriSetConcealed(nil)
		return nil
	}
	p := C.CString(text)
	defer C.free(unsafe.Pointer(p))
	C.omamoriSetConcealed(p)
	return nil
}
