package filepicker

import (
	"fmt"
	"runtime"
	"strings"
	"unicode/utf16"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Native reports whether this OS has a dialog Open and Save can show.
const Native = true

var (
	comdlg32             = windows.NewLazySystemDLL("comdlg32.dll")
	procGetOpenFileName  = comdlg32.NewProc("GetOpenFileNameW")
	procGetSaveFileName  = comdlg32.NewProc("GetSaveFileNameW")
	procCommDlgExtendedE = comdlg32.NewProc("CommDlgExtendedError")
)

// openFileName is OPENFILENAMEW (commdlg.h); Go lays it out as C does.
type openFileName struct {
	structSize    uint32
	owner         uintptr
	instance      uintptr
	filter        *uint16
	customFilter  *uint16
	maxCustFilter uint32
	filterIndex   uint32
	file          *uint16
	maxFile       uint32
	fileTitle     *uint16
	maxFileTitle  uint32
	initialDir    *uint16
	title         *uint16
	flags         uint32
	fileOffset    uint16
	fileExtension uint16
	defExt        *uint16
	custData      uintptr
	hook          uintptr
	templateName  *uint16
	reserved      uintptr
	reserved2     uint32
	flagsEx       uint32
}

const (
	ofnHideReadOnly    = 0x4
	ofnNoChangeDir     = 0x8
	ofnPathMustExist   = 0x800
	ofnFileMustExist   = 0x1000
	ofnNoReadOnlyRet   = 0x8000
	ofnExplorer        = 0x80000
	ofnEnableSizing    = 0x800000
	ofnDontAddToRecent = 0x2000000
)

// Flags every dialog gets. No OFN_OVERWRITEPROMPT on save: the caller never
// overwrites, so asking "replace?" would promise what does not happen.
// Not in Recent: a backup file's name says where the secrets are.
const commonFlags = ofnExplorer | ofnEnableSizing | ofnNoChangeDir | ofnHideReadOnly | ofnPathMustExist | ofnDontAddToRecent

func open(o Options) (string, error) {
	return run(procGetOpenFileName, o, commonFlags|ofnFileMustExist)
}

func save(o Options) (string, error) {
	return run(procGetSaveFileName, o, commonFlags|ofnNoReadOnlyRet)
}

// run shows the dialog on a thread of its own with COM set up as the
// shell's dialog needs (single-threaded apartment). With an owner it is
// modal to that window: the window takes no input until it closes.
func run(proc *windows.LazyProc, o Options, flags uint32) (string, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED); err == nil {
		defer windows.CoUninitialize()
	}
	buf := make([]uint16, 32768) // room for long paths
	copy(buf[:len(buf)-1], utf16.Encode([]rune(strings.ReplaceAll(o.Name, "\x00", ""))))
	ofn := openFileName{
		owner:   o.Owner,
		file:    &buf[0],
		maxFile: uint32(len(buf)),
		flags:   flags,
	}
	ofn.structSize = uint32(unsafe.Sizeof(ofn))
	ofn.title = ptr(o.Title)
	ofn.initialDir = ptr(o.Dir)
	filter := filterString(o.Filter)
	if filter != nil {
		ofn.filter = &filter[0]
		ofn.filterIndex = 1
	}
	if len(o.Filter.Exts) > 0 {
		ofn.defExt = ptr(o.Filter.Exts[0])
	}
	ok, _, _ := proc.Call(uintptr(unsafe.Pointer(&ofn)))
	runtime.KeepAlive(filter)
	runtime.KeepAlive(buf)
	if ok != 0 {
		return windows.UTF16ToString(buf), nil
	}
	code, _, _ := procCommDlgExtendedE.Call()
	if code == 0 {
		return "", nil // cancelled
	}
	return "", fmt.Errorf("filepicker: common file dialog failed (CommDlgExtendedError %#x)", code)
}

// filterString is the dialog's filter list, "Label\0*.a;*.b\0\0", or nil.
func filterString(f Filter) []uint16 {
	if len(f.Exts) == 0 {
		return nil
	}
	pats := make([]string, len(f.Exts))
	for i, e := range f.Exts {
		pats[i] = "*." + e
	}
	s := strings.ReplaceAll(f.Label, "\x00", "") + "\x00" + strings.Join(pats, ";") + "\x00\x00"
	return utf16.Encode([]rune(s))
}

func ptr(s string) *uint16 {
	if s == "" {
		return nil
	}
	p, err := windows.UTF16PtrFromString(s)
	if err != nil { // a NUL inside: no such title or folder
		return nil
	}
	return p
}
