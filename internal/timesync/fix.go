package timesync

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Platform is an OS as far as its date-and-time settings differ.
type Platform string

// Platforms with their own fix steps.
const (
	Windows11   Platform = "windows11"
	Windows10   Platform = "windows10"
	MacOS       Platform = "macos"        // Ventura (13) and later: System Settings
	MacOSLegacy Platform = "macos-legacy" // before Ventura: System Preferences
	Linux       Platform = "linux"        // generic (GNOME/KDE settings or timedatectl)
)

// DetectPlatform reports the platform this program runs on (Windows
// build number, macOS version from kern.osproductversion).
func DetectPlatform() Platform { return detectPlatform() }

// PlatformFor maps a GOOS and an OS version to a Platform: for Windows
// the build number (22000 and later is Windows 11), for macOS the product
// version ("13.4"). An unknown version gives the newer platform.
func PlatformFor(goos, version string) Platform {
	switch goos {
	case "windows":
		if b, err := strconv.Atoi(version); err == nil && b < 22000 {
			return Windows10
		}
		return Windows11
	case "darwin":
		major, _, _ := strings.Cut(version, ".")
		if m, err := strconv.Atoi(major); err == nil && m < 13 && m > 0 {
			return MacOSLegacy
		}
		return MacOS
	}
	return Linux
}

// FixSteps lists what the user does on p to fix a problem of kind k,
// numbered by the caller: actions only (the closing note is FixNote, shown
// unnumbered). For OK and Unknown there is nothing to fix and the list is
// empty.
func FixSteps(p Platform, k Kind) []i18n.Message {
	var keys []string
	switch k {
	case Clock:
		keys = []string{"open", "auto", "sync"}
	case TimeZone:
		keys = []string{"open", "zone", "auto", "sync"}
	default:
		return nil
	}
	var out []i18n.Message
	for _, key := range keys {
		full := "fix_" + string(p) + "_" + key
		if _, ok := cat.Raw(i18n.EN)[full]; ok {
			out = append(out, cat.M(full))
		}
	}
	return out
}

// FixNote is said after the fix steps, without a number: it is what
// happens next, not something to do.
func FixNote() i18n.Message { return cat.M("fix_recheck") }

// Runner starts a program without waiting for it. Tests pass a recorder.
type Runner interface {
	LookPath(name string) (string, error)
	Start(name string, args ...string) error
}

// ExecRunner runs programs with os/exec.
type ExecRunner struct{}

// LookPath is exec.LookPath.
func (ExecRunner) LookPath(name string) (string, error) { return exec.LookPath(name) }

// Start starts name and reaps it in the background.
func (ExecRunner) Start(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the settings app's exit status means nothing to us
	return nil
}

// OpenSettings opens the OS date-and-time settings on p through r. The
// error is an *i18n.Error telling the user to open them by hand.
func OpenSettings(r Runner, p Platform) error {
	var err error
	switch p {
	case Windows11, Windows10:
		// rundll32 hands the URI to the shell without a console window.
		err = r.Start("rundll32.exe", "url.dll,FileProtocolHandler", "ms-settings:dateandtime")
	case MacOS:
		err = r.Start("open", "x-apple.systempreferences:com.apple.Date-Time-Settings.extension")
	case MacOSLegacy:
		err = r.Start("open", "/System/Library/PreferencePanes/DateAndTime.prefPane")
	default:
		err = openLinux(r)
	}
	if err != nil {
		return i18n.NewError(cat.M("open_failed"), cat.M("hint_open_by_hand"), err)
	}
	return nil
}

// openLinux tries the GNOME and KDE date-and-time panels.
func openLinux(r Runner) error {
	tries := [][]string{
		{"gnome-control-center", "datetime"},
		{"systemsettings", "kcm_clock"},
		{"kcmshell6", "kcm_clock"},
		{"kcmshell5", "clock"},
	}
	var errs []error
	for _, t := range tries {
		if _, err := r.LookPath(t[0]); err != nil {
			continue
		}
		err := r.Start(t[0], t[1:]...)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return fmt.Errorf("no date-and-time settings program found (tried gnome-control-center, systemsettings, kcmshell)")
	}
	return errors.Join(errs...)
}
