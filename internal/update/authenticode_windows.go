package update

import (
	"errors"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	crypt32            = windows.NewLazySystemDLL("crypt32.dll")
	procCryptMsgGetPar = crypt32.NewProc("CryptMsgGetParam")
	procCryptMsgClose  = crypt32.NewProc("CryptMsgClose")
)

const (
	cmsgSignerCertInfoParam = 7 // CMSG_SIGNER_CERT_INFO_PARAM: the signer's issuer and serial
	encoding                = windows.X509_ASN_ENCODING | windows.PKCS_7_ASN_ENCODING
)

// commonName is szOID_COMMON_NAME as CertGetNameString takes it (ANSI).
var commonName = []byte("2.5.4.3\x00")

func verifyAuthenticode(path, publisher string) error {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return failCause(ErrAuthenticode, err, "authenticode_bad", "hint_authenticode")
	}
	if err := winVerifyTrust(p); err != nil {
		return failCause(ErrAuthenticode, err, "authenticode_bad", "hint_authenticode")
	}
	name, err := signerName(p)
	if err != nil {
		return failCause(ErrAuthenticode, err, "authenticode_bad", "hint_authenticode")
	}
	if name != publisher {
		return fail(ErrAuthenticode, "authenticode_publisher", "hint_authenticode", "Name", name)
	}
	return nil
}

// winVerifyTrust asks Windows whether the embedded signature is valid
// and its chain trusted (no UI, no revocation check over the network).
func winVerifyTrust(path *uint16) error {
	fi := windows.WinTrustFileInfo{Size: uint32(unsafe.Sizeof(windows.WinTrustFileInfo{})), FilePath: path}
	d := windows.WinTrustData{
		Size:                            uint32(unsafe.Sizeof(windows.WinTrustData{})),
		UIChoice:                        windows.WTD_UI_NONE,
		RevocationChecks:                windows.WTD_REVOKE_NONE,
		UnionChoice:                     windows.WTD_CHOICE_FILE,
		StateAction:                     windows.WTD_STATEACTION_VERIFY,
		FileOrCatalogOrBlobOrSgnrOrCert: unsafe.Pointer(&fi),
	}
	err := windows.WinVerifyTrustEx(windows.InvalidHWND, &windows.WINTRUST_ACTION_GENERIC_VERIFY_V2, &d)
	d.StateAction = windows.WTD_STATEACTION_CLOSE
	_ = windows.WinVerifyTrustEx(windows.InvalidHWND, &windows.WINTRUST_ACTION_GENERIC_VERIFY_V2, &d)
	return err
}

// signerName is the subject name of the certificate that signed the file
// — the signer's, found by its issuer and serial, not any certificate the
// signature happens to carry.
func signerName(path *uint16) (string, error) {
	var store windows.Handle
	var msg windows.Handle
	var enc, content, format uint32
	if err := windows.CryptQueryObject(windows.CERT_QUERY_OBJECT_FILE, unsafe.Pointer(path),
		windows.CERT_QUERY_CONTENT_FLAG_PKCS7_SIGNED_EMBED, windows.CERT_QUERY_FORMAT_FLAG_BINARY, 0, &enc, &content, &format, &store, &msg, nil); err != nil {
		return "", err
	}
	defer windows.CertCloseStore(store, 0)
	defer procCryptMsgClose.Call(uintptr(msg))
	var size uint32
	if r, _, err := procCryptMsgGetPar.Call(uintptr(msg), cmsgSignerCertInfoParam, 0, 0, uintptr(unsafe.Pointer(&size))); r == 0 {
		return "", err
	}
	if size == 0 || size > 1<<20 {
		return "", errors.New("no signer")
	}
	info := make([]byte, size)
	if r, _, err := procCryptMsgGetPar.Call(uintptr(msg), cmsgSignerCertInfoParam, 0, uintptr(unsafe.Pointer(&info[0])), uintptr(unsafe.Pointer(&size))); r == 0 {
		return "", err
	}
	cert, err := windows.CertFindCertificateInStore(store, encoding, 0, windows.CERT_FIND_SUBJECT_CERT, unsafe.Pointer(&info[0]), nil)
	if err != nil {
		return "", err
	}
	defer windows.CertFreeCertificateContext(cert)
	n := windows.CertGetNameString(cert, windows.CERT_NAME_ATTR_TYPE, 0, unsafe.Pointer(&commonName[0]), nil, 0)
	if n <= 1 {
		return "", errors.New("the signer has no common name")
	}
	buf := make([]uint16, n)
	windows.CertGetNameString(cert, windows.CERT_NAME_ATTR_TYPE, 0, unsafe.Pointer(&commonName[0]), &buf[0], n)
	return windows.UTF16ToString(buf), nil
}
