package applock

import (
	"crypto/sha1"
	"encoding/binary"
)

// guid is a COM GUID in its in-memory layout.
type guid struct {
	Data1 uint32
	Data2 uint16
	Data3 uint16
	Data4 [8]byte
}

// winrtPinterfaceNS is the namespace WinRT hashes a parameterised
// interface's signature in (the WinRT type system's "GUID generation
// for parameterized types").
var winrtPinterfaceNS = [16]byte{0x11, 0xf4, 0x7a, 0xd5, 0x7b, 0x73, 0x42, 0xc0, 0xab, 0xae, 0x87, 0x8b, 0x1e, 0x16, 0xad, 0xee}

// pinterfaceIID is the IID of a parameterised interface such as
// IAsyncOperation<UserConsentVerificationResult>, from its signature:
// a version-5 (SHA-1) UUID. RequestVerificationForWindowAsync asks for it.
func pinterfaceIID(signature string) guid {
	h := sha1.New()
	h.Write(winrtPinterfaceNS[:])
	h.Write([]byte(signature))
	b := h.Sum(nil)
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	g := guid{Data1: binary.BigEndian.Uint32(b[0:4]), Data2: binary.BigEndian.Uint16(b[4:6]), Data3: binary.BigEndian.Uint16(b[6:8])}
	copy(g.Data4[:], b[8:16])
	return g
}

// asyncVerificationResult is the signature of
// IAsyncOperation<Windows.Security.Credentials.UI.UserConsentVerificationResult>.
const asyncVerificationResult = "pinterface({9fc2b0bb-e446-44e2-aa61-9cab8f636af2};enum(Windows.Security.Credentials.UI.UserConsentVerificationResult;i4))"
