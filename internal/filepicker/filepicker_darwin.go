package filepicker

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Native reports whether this OS has a dialog Open and Save can show.
const Native = true

// macOS: AppleScript's choose file / choose file name through osascript
// (no cgo, no main-thread rules; VoiceOver reads the panel). The texts
// reach the script as arguments, never as script source.
func open(o Options) (string, error) { return osascript(openScript(o), o) }
func save(o Options) (string, error) { return osascript(saveScript(o), o) }

// argv: 1 title, 2 folder, 3 name.
func openScript(o Options) string {
	s := `choose file with prompt (item 1 of argv)`
	if len(o.Filter.Exts) > 0 {
		quoted := make([]string, len(o.Filter.Exts))
		for i, e := range o.Filter.Exts {
			quoted[i] = `"` + strings.NewReplacer(`"`, ``, `\`, ``).Replace(e) + `"`
		}
		s += ` of type {` + strings.Join(quoted, ", ") + `}`
	}
	return wrap(s, o)
}

func saveScript(o Options) string {
	return wrap(`choose file name with prompt (item 1 of argv) default name (item 3 of argv)`, o)
}

func wrap(choose string, o Options) string {
	if o.Dir != "" {
		choose += ` default location (POSIX file (item 2 of argv))`
	}
	return "on run argv\nactivate\nreturn POSIX path of (" + choose + ")\nend run"
}

func osascript(script string, o Options) (string, error) {
	cmd := exec.Command("/usr/bin/osascript", "-e", script, o.Title, o.Dir, o.Name)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && strings.Contains(stderr.String(), "(-128)") {
			return "", nil // "User canceled."
		}
		return "", fmt.Errorf("filepicker: osascript: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}
