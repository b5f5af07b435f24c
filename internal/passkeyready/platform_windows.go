//go:build windows

package passkeyready

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// The Windows WebAuthn API (webauthn.dll, Windows 10 1903 and later),
// loaded from System32 only so a planted DLL beside the program is never
// used. Under wine, and on older Windows, the DLL or a procedure is
// missing: every answer is then "cannot tell" (Platform.Known false).
var (
	webauthn         = windows.NewLazySystemDLL("webauthn.dll")
	procAPIVersion   = webauthn.NewProc("WebAuthNGetApiVersionNumber")
	procUVPAA        = webauthn.NewProc("WebAuthNIsUserVerifyingPlatformAuthenticatorAvailable")
	procCredList     = webauthn.NewProc("WebAuthNGetPlatformCredentialList")
	procFreeCredList = webauthn.NewProc("WebAuthNFreePlatformCredentialList")
)

// credListAPIVersion is WEBAUTHN_API_VERSION_4, the first with
// WebAuthNGetPlatformCredentialList (Windows 11).
const credListAPIVersion = 4

// nteNotFound is NTE_NOT_FOUND: Windows Hello holds no passkey for the RP ID.
const nteNotFound = 0x80090011

// getCredOptions is WEBAUTHN_GET_CREDENTIALS_OPTIONS (version 1).
type getCredOptions struct {
	Version   uint32
	RPID      *uint16
	InPrivate int32
}

// credDetailsList is the head of WEBAUTHN_CREDENTIAL_DETAILS_LIST: only
// the count is read, the details are freed unread.
type credDetailsList struct {
	Count   uint32
	Details uintptr
}

type systemOS struct{}

func (systemOS) Platform() Platform {
	if procAPIVersion.Find() != nil || procUVPAA.Find() != nil {
		return Platform{}
	}
	v, _, _ := procAPIVersion.Call()
	var avail int32
	hr, _, _ := procUVPAA.Call(uintptr(unsafe.Pointer(&avail)))
	if int32(hr) < 0 {
		return Platform{APIVersion: int(v)}
	}
	return Platform{Known: true, APIVersion: int(v), HelloAvailable: avail != 0}
}

func (systemOS) PlatformPasskeys(rpID string) (int, bool) {
	if procAPIVersion.Find() != nil || procCredList.Find() != nil || procFreeCredList.Find() != nil {
		return 0, false
	}
	if v, _, _ := procAPIVersion.Call(); v < credListAPIVersion {
		return 0, false
	}
	id, err := windows.UTF16PtrFromString(rpID)
	if err != nil {
		return 0, false
	}
	opts := getCredOptions{Version: 1, RPID: id}
	var list *credDetailsList
	hr, _, _ := procCredList.Call(uintptr(unsafe.Pointer(&opts)), uintptr(unsafe.Pointer(&list)))
	if uint32(hr) == nteNotFound {
		return 0, true
	}
	if int32(hr) < 0 || list == nil {
		return 0, false
	}
	n := int(list.Count)
	procFreeCredList.Call(uintptr(unsafe.Pointer(list)))
	return n, true
}
