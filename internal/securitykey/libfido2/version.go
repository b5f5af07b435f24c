//go:build cgo && !nofido2

package libfido2

/*
#cgo linux LDFLAGS: -ldl
#define _GNU_SOURCE
#include <fido.h>

// The version of the libfido2 this program runs with. A shared library
// (Linux) tells it by its file name, found with dladdr on one of its
// functions. A static build (Windows) carries the version its pkg-config
// file states, handed to this file as -DOMAMORI_FIDO2_VERSION_{MAJOR,MINOR,PATCH}
// by the Makefile from third_party/build-windows.sh's output.
#if defined(__linux__) || defined(__APPLE__)
#include <dlfcn.h>
static const char *omamori_fido2_file(void) {
	Dl_info i;
	if (dladdr((void *)fido_init, &i) == 0 || i.dli_fname == NULL)
		return "";
	return i.dli_fname;
}
#else
static const char *omamori_fido2_file(void) { return ""; }
#endif

#define OMAMORI_STR2(x) #x
#define OMAMORI_STR(x) OMAMORI_STR2(x)
#if defined(OMAMORI_FIDO2_VERSION_MAJOR) && defined(OMAMORI_FIDO2_VERSION_MINOR) && defined(OMAMORI_FIDO2_VERSION_PATCH)
static const char *omamori_fido2_static(void) {
	return OMAMORI_STR(OMAMORI_FIDO2_VERSION_MAJOR) "." OMAMORI_STR(OMAMORI_FIDO2_VERSION_MINOR) "." OMAMORI_STR(OMAMORI_FIDO2_VERSION_PATCH);
}
#else
static const char *omamori_fido2_static(void) { return ""; }
#endif
*/
import "C"

import (
	"path/filepath"
	"regexp"
)

// soVersion finds "1.12.0" in "libfido2.so.1.12.0" or "libfido2.1.16.0.dylib".
var soVersion = regexp.MustCompile(`libfido2\.(?:so\.)?(\d+\.\d+\.\d+)`)

// Version is the linked libfido2's version ("1.16.0"), or "" when the
// library does not say (a static build without the version defines).
func Version() string {
	if v := C.GoString(C.omamori_fido2_static()); v != "" {
		return v
	}
	file := C.GoString(C.omamori_fido2_file())
	if file == "" {
		return ""
	}
	if real, err := filepath.EvalSymlinks(file); err == nil {
		file = real
	}
	if m := soVersion.FindStringSubmatch(filepath.Base(file)); m != nil {
		return m[1]
	}
	return ""
}
