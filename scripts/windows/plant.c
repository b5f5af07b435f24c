/* A planted DLL for scripts/windows-dll-planting.sh: loaded into a process,
 * it appends "<its path> loaded into <the program>" to plant-markers.txt in
 * its own folder. Every export (from the .def the script writes) is
 * plant_stub, so the process still starts. Test-only; never shipped. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved)
{
	char dll[MAX_PATH], exe[MAX_PATH], marker[MAX_PATH + 32];
	char *slash;
	FILE *f;

	(void)reserved;
	if (reason != DLL_PROCESS_ATTACH)
		return TRUE;
	if (!GetModuleFileNameA(self, dll, MAX_PATH) || !GetModuleFileNameA(NULL, exe, MAX_PATH))
		return TRUE;
	strcpy(marker, dll);
	slash = strrchr(marker, '\\');
	if (slash == NULL)
		return TRUE;
	strcpy(slash + 1, "plant-markers.txt");
	f = fopen(marker, "ab");
	if (f != NULL) {
		fprintf(f, "%s loaded into %s\n", dll, exe);
		fclose(f);
	}
	return TRUE;
}

__int64 plant_stub(void) { return 0; }
