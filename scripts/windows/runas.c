/* runas.exe EXE: starts EXE the way 「管理者として再起動」 does
 * (internal/securitykey.RelaunchElevated): ShellExecute with the "runas"
 * verb, no arguments, the program's own folder as working directory.
 * Test-only (scripts/windows-dll-planting.sh). */
#include <windows.h>
#include <shellapi.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
	wchar_t dir[MAX_PATH], *slash;
	HINSTANCE r;

	if (argc != 2 || wcslen(argv[1]) >= MAX_PATH)
		return 2;
	wcscpy(dir, argv[1]);
	slash = wcsrchr(dir, L'\\');
	if (slash != NULL)
		*slash = 0;
	r = ShellExecuteW(NULL, L"runas", argv[1], NULL, dir, SW_NORMAL);
	return (INT_PTR)r > 32 ? 0 : 1;
}
