/*
 * bcryptprimitives.dll for wine 8, test use only: Go 1.24+ fills its random
 * source with ProcessPrng from bcryptprimitives.dll, which wine 8 does not
 * have, so every Go program dies at start. This exports ProcessPrng on top
 * of RtlGenRandom (advapi32's SystemFunction036), which wine does have.
 * Never shipped: real Windows 10+ has the real DLL.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
