//go:build windows && cgo

package safedll

/*
#include <windows.h>

// The load configuration directory (IMAGE_LOAD_CONFIG_DIRECTORY64, the
// 0x70-byte layout every Windows since XP x64 reads), behind a marker that
// peloadflags finds after linking: ld 2.40 leaves the PE data directory
// entry empty, and "-s" removes the symbol a tool could look up. Reserved1
// is DependentLoadFlags (offset 0x4E), honoured by Windows 10 1607 and later
// for the module's static imports.
struct omamori_load_config {
	char marker[16];
	IMAGE_LOAD_CONFIG_DIRECTORY64 lc;
};
__attribute__((used, aligned(16))) const struct omamori_load_config omamori_load_config = {
	"OMAMORI-LOADCFG",
	{ .Size = sizeof(IMAGE_LOAD_CONFIG_DIRECTORY64), .Reserved1 = LOAD_LIBRARY_SEARCH_SYSTEM32 },
};

static BOOL omamori_dll_dirs_set;

// Runs from the C runtime's start-up, before the Go runtime and every Go
// init: from here on LoadLibrary without a path looks in System32 only.
__attribute__((constructor)) static void omamori_system32_only(void) {
	omamori_dll_dirs_set = SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32);
}

static int omamori_system32_only_set(void) { return omamori_dll_dirs_set != 0; }
static unsigned omamori_dependent_load_flags(void) { return omamori_load_config.lc.Reserved1; }
*/
import "C"

// Active reports whether run-time DLL loads are limited to System32
// (SetDefaultDllDirectories succeeded at start-up).
func Active() bool { return C.omamori_system32_only_set() != 0 }

// DependentLoadFlags is the value the build put in the load configuration
// (LOAD_LIBRARY_SEARCH_SYSTEM32); it also keeps the structure linked.
func DependentLoadFlags() uint16 { return uint16(C.omamori_dependent_load_flags()) }
