package policy

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

// managedPlist is where macOS puts a configuration profile's settings for
// the app (computer level); only root can write there.
const managedPlist = "/Library/Managed Preferences/" + BundleID + ".plist"

func read() (Values, error) {
	if _, err := os.Stat(managedPlist); errors.Is(err, fs.ErrNotExist) {
		return Values{Where: managedPlist}, nil
	}
	// plutil reads binary and XML plists alike and prints JSON, which
	// holds every type the keys use (strings, integers, booleans, arrays).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "/usr/bin/plutil", "-convert", "json", "-o", "-", managedPlist).Output()
	var raw map[string]any
	if err == nil {
		err = json.Unmarshal(out, &raw)
	}
	if err != nil {
		return Values{Where: managedPlist}, i18n.NewError(cat.M("unreadable", "Where", managedPlist), cat.M("hint_unreadable"), err)
	}
	return FromRaw(managedPlist, raw), nil
}
