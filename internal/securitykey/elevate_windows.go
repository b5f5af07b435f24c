//go:build windows

package securitykey

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/windows"
)

// Windows 10 1903 (build 18362) and later let only administrators talk
// HID to FIDO keys; everyone else must go through webauthn.dll, which
// cannot set a PIN or manage passkeys.
const firstRestrictedBuild = 18362

// AdminRequired reports whether this process may not talk to keys
// directly: Windows 10 1903 or later and not elevated. OMAMORI_NO_ADMIN=1
// makes an administrator see what a customer without the right sees (a
// help desk rehearsing the call; the wine tests, where every process is
// an administrator).
func AdminRequired() bool {
	if os.Getenv("OMAMORI_NO_ADMIN") == "1" {
		return true
	}
	v := windows.RtlGetVersion()
	restricted := v.MajorVersion > 10 || (v.MajorVersion == 10 && v.BuildNumber >= firstRestrictedBuild)
	return restricted && !IsElevated()
}

// IsElevated reports whether the process runs with administrator rights.
func IsElevated() bool { return windows.GetCurrentProcessToken().IsElevated() }

// RelaunchElevated starts this program again as administrator (the UAC
// prompt) with args. The caller then quits.
func RelaunchElevated(args ...string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = syscall.EscapeArg(a)
	}
	return shellExecute("runas", exe, strings.Join(quoted, " "), filepath.Dir(exe))
}

// OpenSecurityKeySettings opens Windows' own security-key page (Settings'
// documented "Launch Security Key Enrollment" URI: Sign-in options →
// Security Key → Manage), where a user without administrator rights can
// set or change a key's PIN or reset it; Windows talks to the key itself.
func OpenSecurityKeySettings() error {
	return shellExecute("open", "ms-settings:signinoptions-launchsecuritykeyenrollment", "", "")
}

func shellExecute(verb, file, params, dir string) error {
	ptr := func(s string) *uint16 {
		if s == "" {
			return nil
		}
		p, _ := windows.UTF16PtrFromString(s)
		return p
	}
	return windows.ShellExecute(0, ptr(verb), ptr(file), ptr(params), ptr(dir), windows.SW_NORMAL)
}
