package support

import (
	"regexp"
	"testing"
)

func TestSupportCodeRoundTrip(t *testing.T) {
	f := Facts{Version: "1.2.3", OS: "windows", Keyring: KeyringOK, Accounts: 2, Reenrol: 1, Clock: ClockWrong}
	code := SupportCode(f)
	if !regexp.MustCompile(`^\d{4}-\d{4}$`).MatchString(code) {
		t.Fatalf("code %q is not 4+4 digits", code)
	}
	d, err := Decode(code)
	if err != nil {
		t.Fatal(err)
	}
	want := Decoded{OS: "windows", Keyring: KeyringOK, Accounts: 2, Reenrol: 1, Clock: ClockWrong, VersionDigits: VersionDigits("1.2.3")}
	if d != want {
		t.Errorf("decoded %+v, want %+v", d, want)
	}
	// Full-width digits and spaces, as typed by a help desk in a Japanese IME.
	fw := ""
	for _, r := range code {
		if r >= '0' && r <= '9' {
			fw += string('０' + (r - '0'))
		} else {
			fw += " "
		}
	}
	if d2, err := Decode(fw); err != nil || d2 != want {
		t.Errorf("full-width %q: %+v %v", fw, d2, err)
	}
}

func TestSupportCodeCatchesMishearing(t *testing.T) {
	code := []byte(SupportCode(Facts{Version: "dev", OS: "linux", Keyring: KeyringError, Accounts: 12}))
	for i, c := range code {
		if c == '-' {
			continue
		}
		for r := byte('0'); r <= '9'; r++ {
			if r == c {
				continue
			}
			bad := append([]byte{}, code...)
			bad[i] = r
			if _, err := Decode(string(bad)); err == nil {
				t.Errorf("single-digit error %s → %s not caught", code, bad)
			}
		}
		// Neighbour swaps.
		if i+1 < len(code) && code[i+1] != '-' && code[i] != code[i+1] {
			bad := append([]byte{}, code...)
			bad[i], bad[i+1] = bad[i+1], bad[i]
			if _, err := Decode(string(bad)); err == nil {
				t.Errorf("swap %s → %s not caught", code, bad)
			}
		}
	}
}

func TestSupportCodeChangesWithFacts(t *testing.T) {
	a := SupportCode(Facts{Version: "1.0", OS: "windows", Keyring: KeyringOK, Accounts: 1})
	b := SupportCode(Facts{Version: "1.0", OS: "windows", Keyring: KeyringError, Accounts: 1})
	if a == b {
		t.Error("keyring status does not change the code")
	}
}
