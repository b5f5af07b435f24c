// Package version tells which Omamori this is.
package version

import "runtime/debug"

// Version is set at release build time with
// -ldflags "-X github.com/omamori-app/omamori/internal/version.Version=1.2.3".
var Version = ""

// String returns the release version, else the module version or VCS
// revision the binary was built from, else "dev".
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				return "dev-" + s.Value[:7]
			}
		}
	}
	return "dev"
}
