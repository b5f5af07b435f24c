#!/usr/bin/env bash
# Fails unless every PE file given imports only DLLs that every Windows 10
# and 11 has. Omamori must start on a PC with nothing installed beside it:
# no Visual C++ runtime (VCRUNTIME140, MSVCP140), no MinGW runtime DLLs
# (libgcc_s, libwinpthread), no libfido2/libcbor/libcrypto DLLs. Windows
# Hello's webauthn.dll is absent before Windows 10 1903 and under wine:
# libfido2 loads it with LoadLibrary, so it must not be an import either.
# And a file that imports a DLL which is not a KnownDLL (Windows would look
# for it in the file's own, user-writable folder first) must resolve its
# static imports from System32 only: DependentLoadFlags =
# LOAD_LIBRARY_SEARCH_SYSTEM32 in its PE load configuration (peloadflags
# check; docs/security.md, "DLLs from the program's folder"). Our exes import
# hid, winscard, bcrypt, setupapi, opengl32; NSIS's installer stub only
# KnownDLLs and comctl32, which its manifest binds side by side.
# Usage: scripts/pe-imports.sh FILE.exe|FILE.dll...   (objdump -p reads them)
set -euo pipefail

# System DLLs, lower case. api-ms-win-crt-* (the Universal CRT) is matched below.
ALLOWED="advapi32.dll bcrypt.dll comctl32.dll comdlg32.dll crypt32.dll dwmapi.dll
gdi32.dll hid.dll imm32.dll kernel32.dll msvcrt.dll ntdll.dll ole32.dll oleaut32.dll
opengl32.dll setupapi.dll shell32.dll shlwapi.dll ucrtbase.dll user32.dll userenv.dll
uxtheme.dll version.dll winmm.dll winscard.dll ws2_32.dll wsock32.dll secur32.dll
iphlpapi.dll dnsapi.dll powrprof.dll"

# KnownDLLs (HKLM\System\CurrentControlSet\Control\Session Manager\KnownDLLs
# on Windows 10/11, and ntdll), plus comctl32 (see above), lower case.
KNOWN="advapi32.dll comdlg32.dll gdi32.dll imm32.dll kernel32.dll msvcrt.dll ntdll.dll
ole32.dll oleaut32.dll shell32.dll shlwapi.dll user32.dll ws2_32.dll comctl32.dll"

[ $# -gt 0 ] || { echo "usage: $0 FILE..." >&2; exit 2; }
OBJDUMP=${OBJDUMP:-$(command -v x86_64-w64-mingw32-objdump || echo objdump)}
bad=0
needflags=()
for f in "$@"; do
	dlls=$("$OBJDUMP" -p "$f" | awk '/DLL Name:/ { print tolower($3) }' | sort -u)
	[ -n "$dlls" ] || { echo "FAIL: $f: no imports read (not a PE file?)" >&2; bad=1; continue; }
	for d in $dlls; do
		case " $(echo $ALLOWED) " in *" $d "*) continue ;; esac
		case $d in api-ms-win-crt-*.dll) continue ;; esac
		echo "FAIL: $f imports $d, which not every Windows 10/11 has" >&2
		bad=1
	done
	echo "$(basename "$f"): imports $(echo $dlls)"
	for d in $dlls; do
		case " $(echo $KNOWN) " in *" $d "*) continue ;; esac
		needflags+=("$(realpath "$f")")
		break
	done
done
if [ ${#needflags[@]} -gt 0 ]; then
	ROOT=$(cd "$(dirname "$0")/.." && pwd)
	(cd "$ROOT" && PATH="/usr/local/go/bin:$PATH" GOWORK=off go run ./internal/safedll/loadflags/peloadflags check "${needflags[@]}") || bad=1
fi
exit $bad
