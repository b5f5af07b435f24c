// Command wmclose asks an X11 window to close the way a window manager's
// close button does (WM_DELETE_WINDOW), for scripts/measure-tray.sh: under
// Xvfb there is no window manager, and xdotool's windowclose destroys the
// window instead of asking it.
//
//	wmclose WINDOW_ID
package main

// #cgo LDFLAGS: -lX11
// #include <X11/Xlib.h>
// #include <stdlib.h>
//
// static int wmclose(unsigned long w) {
// 	Display *d = XOpenDisplay(NULL);
// 	if (!d) return 1;
// 	XEvent e = {0};
// 	e.xclient.type = ClientMessage;
// 	e.xclient.window = w;
// 	e.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
// 	e.xclient.format = 32;
// 	e.xclient.data.l[0] = XInternAtom(d, "WM_DELETE_WINDOW", False);
// 	e.xclient.data.l[1] = CurrentTime;
// 	XSendEvent(d, w, False, NoEventMask, &e);
// 	XCloseDisplay(d);
// 	return 0;
// }
import "C"

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: wmclose WINDOW_ID")
		os.Exit(2)
	}
	w, err := strconv.ParseUint(os.Args[1], 0, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "wmclose:", err)
		os.Exit(2)
	}
	if C.wmclose(C.ulong(w)) != 0 {
		fmt.Fprintln(os.Stderr, "wmclose: cannot open the display", os.Getenv("DISPLAY"))
		os.Exit(1)
	}
}
