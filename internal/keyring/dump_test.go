package keyring

import (
	"slices"
	"testing"
)

// The shape `security dump-keychain` prints on macOS (attributes only).
const sampleDump = `keychain: "/Users/a/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="omamori"
    "acct"<blob>="0123456789abcdef0123456789abcdef"
    "svce"<blob>="omamori"
keychain: "/Users/a/Library/Keychains/login.keychain-db"
class: "genp"
attributes:
    "acct"<blob>="fedcba9876543210fedcba9876543210"
    "svce"<blob>="other"
keychain: "/Users/a/Library/Keychains/login.keychain-db"
class: "inet"
attributes:
    "acct"<blob>="ffffffffffffffffffffffffffffffff"
    "svce"<blob>="omamori"
keychain: "/Users/a/Library/Keychains/login.keychain-db"
class: "genp"
attributes:
    "svce"<blob>="omamori"
    "acct"<blob>="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
`

func TestParseDump(t *testing.T) {
	got := parseDump([]byte(sampleDump), "omamori")
	want := []string{"0123456789abcdef0123456789abcdef", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}
	if !slices.Equal(got, want) {
		t.Errorf("parseDump = %v, want %v", got, want)
	}
}
