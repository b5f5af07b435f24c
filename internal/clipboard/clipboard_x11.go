//go:build linux && cgo

package clipboard

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// One hidden window owns the CLIPBOARD selection. Its connection is used
// only by the serving thread; callers talk to it through a second
// connection (under a mutex), so Xlib needs no XInitThreads.
static Display *srv, *cli;
static Window win;
static Atom aClipboard, aTargets, aUTF8, aTextPlain, aHint, aSet, aProp;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;    // text
static pthread_mutex_t climu = PTHREAD_MUTEX_INITIALIZER; // cli, taken before mu
static char *text;      // what we offer; NULL = nothing of ours
static size_t textLen;

static void answer(XSelectionRequestEvent *r) {
	XSelectionEvent ev = {0};
	ev.type = SelectionNotify;
	ev.display = r->display;
	ev.requestor = r->requestor;
	ev.selection = r->selection;
	ev.target = r->target;
	ev.time = r->time;
	ev.property = None;
	Atom prop = r->property == None ? r->target : r->property;
	pthread_mutex_lock(&mu);
	if (text != NULL) {
		if (r->target == aTargets) {
			Atom t[5] = {aTargets, aUTF8, aTextPlain, XA_STRING, aHint};
			XChangeProperty(srv, r->requestor, prop, XA_ATOM, 32, PropModeReplace, (unsigned char *)t, 5);
			ev.property = prop;
		} else if (r->target == aUTF8 || r->target == aTextPlain || r->target == XA_STRING) {
			XChangeProperty(srv, r->requestor, prop, r->target, 8, PropModeReplace, (unsigned char *)text, (int)textLen);
			ev.property = prop;
		} else if (r->target == aHint) {
			// KDE's Klipper (and others) keep no history of "secret" items.
			XChangeProperty(srv, r->requestor, prop, r->target, 8, PropModeReplace, (unsigned char *)"secret", 6);
			ev.property = prop;
		}
	}
	pthread_mutex_unlock(&mu);
	XSendEvent(srv, r->requestor, False, 0, (XEvent *)&ev);
	XFlush(srv);
}

static void *serve(void *arg) {
	(void)arg;
	for (;;) {
		XEvent e;
		XNextEvent(srv, &e);
		switch (e.type) {
		case SelectionRequest:
			answer(&e.xselectionrequest);
			break;
		case SelectionClear:
			pthread_mutex_lock(&mu);
			free(text);
			text = NULL;
			pthread_mutex_unlock(&mu);
			break;
		case ClientMessage:
			if (e.xclient.message_type == aSet) {
				pthread_mutex_lock(&mu);
				int ours = text != NULL;
				pthread_mutex_unlock(&mu);
				XSetSelectionOwner(srv, aClipboard, ours ? win : None, CurrentTime);
				XFlush(srv);
			}
			break;
		}
	}
	return NULL;
}

static int omamoriX11Open(void) {
	srv = XOpenDisplay(NULL);
	cli = XOpenDisplay(NULL);
	if (srv == NULL || cli == NULL) {
		return 0;
	}
	win = XCreateSimpleWindow(srv, DefaultRootWindow(srv), 0, 0, 1, 1, 0, 0, 0);
	// All atoms in one round trip (they are the server's, good on both
	// connections): one XInternAtom each kept the window waiting at start.
	char *names[] = {"CLIPBOARD", "TARGETS", "UTF8_STRING", "text/plain;charset=utf-8",
		"x-kde-passwordManagerHint", "OMAMORI_SET", "OMAMORI_READ"};
	Atom a[7];
	if (!XInternAtoms(srv, names, 7, False, a)) {
		return 0;
	}
	aClipboard = a[0];
	aTargets = a[1];
	aUTF8 = a[2];
	aTextPlain = a[3];
	aHint = a[4];
	aSet = a[5];
	aProp = a[6];
	XFlush(srv);
	pthread_t t;
	return pthread_create(&t, NULL, serve, NULL) == 0;
}

// omamoriX11Set offers s (NULL: stops offering) and has the serving thread
// take or give up the selection.
static void omamoriX11Set(const char *s, size_t n) {
	pthread_mutex_lock(&climu);
	pthread_mutex_lock(&mu);
	free(text);
	text = NULL;
	if (s != NULL) {
		text = malloc(n + 1);
		memcpy(text, s, n);
		text[n] = 0;
		textLen = n;
	}
	XClientMessageEvent m = {0};
	m.type = ClientMessage;
	m.window = win;
	m.message_type = aSet;
	m.format = 32;
	XSendEvent(cli, win, False, 0, (XEvent *)&m);
	XFlush(cli);
	pthread_mutex_unlock(&mu);
	// Wait until the server has processed it, so a read right after sees it.
	XSync(cli, False);
	for (int i = 0; i < 50; i++) {
		Window owner = XGetSelectionOwner(cli, aClipboard);
		if ((s != NULL) == (owner == win)) {
			break;
		}
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	pthread_mutex_unlock(&climu);
}

// omamoriX11Get asks the selection owner for UTF-8 text (malloc'd, NULL:
// none), waiting at most 0.3 s: owners answer in milliseconds, except our
// own GLFW window when Fyne's clipboard holds something, which cannot
// answer while this blocks its thread (the guard then reads "not ours").
static char *get(void);

static char *omamoriX11Get(void) {
	pthread_mutex_lock(&climu);
	char *c = get();
	pthread_mutex_unlock(&climu);
	return c;
}

static char *get(void) {
	pthread_mutex_lock(&mu);
	Window owner = XGetSelectionOwner(cli, aClipboard);
	if (owner == win) {
		char *c = text ? strdup(text) : NULL;
		pthread_mutex_unlock(&mu);
		return c;
	}
	pthread_mutex_unlock(&mu);
	if (owner == None) {
		return NULL;
	}
	static Window reader;
	if (reader == 0) {
		reader = XCreateSimpleWindow(cli, DefaultRootWindow(cli), 0, 0, 1, 1, 0, 0, 0);
	}
	Atom utf8 = aUTF8;
	XEvent e;
	while (XCheckTypedWindowEvent(cli, reader, SelectionNotify, &e)) {
		// a late answer to an earlier request that timed out
	}
	XConvertSelection(cli, aClipboard, utf8, aProp, reader, CurrentTime);
	XFlush(cli);
	for (int i = 0; i < 150; i++) {
		if (XCheckTypedWindowEvent(cli, reader, SelectionNotify, &e)) {
			if (e.xselection.property == None) {
				return NULL;
			}
			Atom type;
			int format;
			unsigned long n, after;
			unsigned char *data = NULL;
			XGetWindowProperty(cli, reader, aProp, 0, 1 << 20, True, AnyPropertyType, &type, &format, &n, &after, &data);
			char *c = NULL;
			if (data != NULL) {
				c = malloc(n + 1);
				memcpy(c, data, n);
				c[n] = 0;
				XFree(data);
			}
			return c;
		}
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	return NULL;
}
*/
import "C"

import (
	"os"
	"sync"
	"unsafe"
)

type x11 struct{}

var (
	x11Once sync.Once
	x11OK   bool
)

// system: on an X11 session our own selection owner, which also offers
// x-kde-passwordManagerHint = secret (Klipper keeps no history of it). On
// Wayland, or without a display, none: Fyne's clipboard is used.
func system() Clipboard {
	if os.Getenv("WAYLAND_DISPLAY") != "" || os.Getenv("DISPLAY") == "" {
		return nil
	}
	x11Once.Do(func() { x11OK = C.omamoriX11Open() != 0 })
	if !x11OK {
		return nil
	}
	return x11{}
}

// Content returns the clipboard's text, "" when it holds none.
func (x11) Content() string {
	p := C.omamoriX11Get()
	if p == nil {
		return ""
	}
	defer C.free(unsafe.Pointer(p))
	return C.GoString(p)
}

// SetContent offers text with the password-manager hint; "" clears.
// It never fails: taking the selection is the serving thread's, later.
func (x11) SetContent(text string) error {
	if text == "" {
		C.omamoriX11Set(nil, 0)
		return nil
	}
	p := C.CString(text)
	defer C.free(unsafe.Pointer(p))
	C.omamoriX11Set(p, C.size_t(len(text)))
	return nil
}
