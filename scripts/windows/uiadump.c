/*
 * uiadump: prints what a screen reader gets from a window, one element a
 * line ("role<TAB>name"), first through UI Automation (the COM client
 * Narrator and NVDA use), else through MSAA (oleacc). Used by
 * .github/workflows/windows.yml against Omamori.exe on a real Windows, and
 * by scripts/windows-probe-uia.sh under wine (where wine 8.0 has no
 * CUIAutomation class and MSAA sees only the window itself).
 *
 *   uiadump.exe "window title part"     exit 0 = elements printed, 2 = no window, 3 = no client
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -municode -o uiadump.exe uiadump.c -lole32 -loleaut32 -loleacc -luuid
 * mingw-w64's headers lack IUIAutomation, so its vtable slots are used by
 * index (the order of UIAutomationClient.idl).
 */
#define COBJMACROS
#define CINTERFACE
#include <windows.h>
#include <ole2.h>
#include <oleacc.h>
#include <stdio.h>
#include <wchar.h>

static const CLSID CLSID_CUIAutomation_ = {0xff48dba4, 0x60ef, 0x4201, {0xaa, 0x87, 0x54, 0x10, 0x3e, 0xef, 0x59, 0x4e}};
static const IID IID_IUIAutomation_ = {0x30cbe57d, 0xd9d0, 0x452a, {0xab, 0x13, 0x7a, 0xc5, 0xac, 0x48, 0x25, 0xee}};

typedef HRESULT(STDMETHODCALLTYPE *Fn)();
#define SLOT(obj, i) ((Fn)((*(void ***)(obj))[i]))
#define RELEASE(obj) ((ULONG(STDMETHODCALLTYPE *)(void *))(*(void ***)(obj))[2])(obj)

enum { UIA_ElementFromHandle = 6, UIA_CreateTrueCondition = 21 };
enum { EL_FindAll = 6, EL_GetCurrentPropertyValue = 10 };
enum { ARR_get_Length = 3, ARR_GetElement = 4 };
enum { TreeScope_Descendants = 4, UIA_ControlTypePropertyId = 30003, UIA_NamePropertyId = 30005 };

static HWND found;
static const wchar_t *want;

static BOOL CALLBACK byTitle(HWND h, LPARAM lp) {
    wchar_t t[512];
    (void)lp;
    if (IsWindowVisible(h) && GetWindowTextW(h, t, 512) > 0 && wcsstr(t, want)) {
        found = h;
        return FALSE;
    }
    return TRUE;
}

static void printUtf8(const wchar_t *role, const wchar_t *name) {
    char r[256], n[4096];
    WideCharToMultiByte(CP_UTF8, 0, role, -1, r, sizeof r, NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, name ? name : L"", -1, n, sizeof n, NULL, NULL);
    printf("%s\t%s\n", r, n);
}

static int uia(HWND h) {
    void *uia = NULL, *root = NULL, *cond = NULL, *arr = NULL;
    HRESULT hr = CoCreateInstance(&CLSID_CUIAutomation_, NULL, CLSCTX_INPROC_SERVER, &IID_IUIAutomation_, &uia);
    fprintf(stderr, "uia: CoCreateInstance(CUIAutomation) hr=0x%08lx\n", (unsigned long)hr);
    if (FAILED(hr)) return 0;
    hr = SLOT(uia, UIA_ElementFromHandle)(uia, h, &root);
    fprintf(stderr, "uia: ElementFromHandle hr=0x%08lx\n", (unsigned long)hr);
    if (FAILED(hr) || !root) return 0;
    SLOT(uia, UIA_CreateTrueCondition)(uia, &cond);
    hr = SLOT(root, EL_FindAll)(root, TreeScope_Descendants, cond, &arr);
    fprintf(stderr, "uia: FindAll hr=0x%08lx\n", (unsigned long)hr);
    if (FAILED(hr) || !arr) return 0;
    int n = 0;
    SLOT(arr, ARR_get_Length)(arr, &n);
    for (int i = 0; i < n; i++) {
        void *el = NULL;
        VARIANT name, type;
        VariantInit(&name);
        VariantInit(&type);
        if (FAILED(SLOT(arr, ARR_GetElement)(arr, i, &el)) || !el) continue;
        SLOT(el, EL_GetCurrentPropertyValue)(el, UIA_NamePropertyId, &name);
        SLOT(el, EL_GetCurrentPropertyValue)(el, UIA_ControlTypePropertyId, &type);
        wchar_t role[32];
        swprintf(role, 32, L"uia:%ld", type.vt == VT_I4 ? type.lVal : -1L);
        printUtf8(role, name.vt == VT_BSTR ? name.bstrVal : L"");
        VariantClear(&name);
        RELEASE(el);
    }
    return n > 0;
}

static int msaa(HWND h) {
    IAccessible *acc = NULL;
    HRESULT hr = AccessibleObjectFromWindow(h, (DWORD)OBJID_CLIENT, &IID_IAccessible, (void **)&acc);
    fprintf(stderr, "msaa: AccessibleObjectFromWindow hr=0x%08lx\n", (unsigned long)hr);
    if (FAILED(hr) || !acc) return 0;
    long count = 0;
    IAccessible_get_accChildCount(acc, &count);
    fprintf(stderr, "msaa: %ld children\n", count);
    if (count <= 0) return 0;
    VARIANT *kids = calloc((size_t)count, sizeof(VARIANT));
    long got = 0;
    AccessibleChildren(acc, 0, count, kids, &got);
    for (long i = 0; i < got; i++) {
        BSTR name = NULL;
        VARIANT role;
        VariantInit(&role);
        if (kids[i].vt == VT_DISPATCH && kids[i].pdispVal) {
            IAccessible *c = NULL;
            VARIANT self;
            self.vt = VT_I4;
            self.lVal = CHILDID_SELF;
            if (SUCCEEDED(IDispatch_QueryInterface(kids[i].pdispVal, &IID_IAccessible, (void **)&c))) {
                IAccessible_get_accName(c, self, &name);
                IAccessible_get_accRole(c, self, &role);
                IAccessible_Release(c);
            }
        } else {
            IAccessible_get_accName(acc, kids[i], &name);
            IAccessible_get_accRole(acc, kids[i], &role);
        }
        wchar_t r[32];
        swprintf(r, 32, L"msaa:%ld", role.vt == VT_I4 ? role.lVal : -1L);
        printUtf8(r, name);
        SysFreeString(name);
        VariantClear(&kids[i]);
    }
    free(kids);
    return got > 0;
}

int wmain(int argc, wchar_t **argv) {
    want = argc > 1 ? argv[1] : L"Omamori";
    EnumWindows(byTitle, 0);
    if (!found) {
        fprintf(stderr, "no visible window whose title contains the text given\n");
        return 2;
    }
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (uia(found)) return 0;
    if (msaa(found)) return 0;
    return 3;
}
