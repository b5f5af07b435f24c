// Package safedll keeps Windows from loading a DLL out of Omamori's own
// folder. Omamori is installed per user under %LOCALAPPDATA%\Programs,
// which the user (and any program of the user's) can write; Windows looks
// there first for every DLL that is not a KnownDLL (hid, winscard, bcrypt,
// setupapi, opengl32, webauthn, dinput8...), so a planted hid.dll would run
// inside Omamori, and as administrator after 「管理者として再起動」.
//
// Two halves, both needed (docs/security.md):
//   - static imports are resolved by the PE loader before any of our code
//     runs: the executable carries DependentLoadFlags =
//     LOAD_LIBRARY_SEARCH_SYSTEM32 in its load configuration directory
//     (defined here in C; binutils 2.40 cannot point the directory at it, so
//     the build runs ./loadflags/peloadflags set after linking);
//   - DLLs loaded at run time (libfido2's webauthn.dll, GLFW's dinput8 and
//     xinput, anything through syscall.NewLazyDLL): a C constructor calls
//     SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32) before the Go
//     runtime starts.
//
// Importing the package (cmd/omamori does, for its side effect) is all it
// takes; elsewhere than Windows with cgo it is empty.
package safedll
