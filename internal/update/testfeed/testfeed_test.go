package testfeed_test

import (
	"os/exec"
	"strings"
	"testing"
)

const (
	pkg  = "github.com/omamori-app/omamori/internal/update/testfeed"
	main = "github.com/omamori-app/omamori/cmd/omamori"
)

// A release build (no tags, as make builds it) links no test switch; the
// updatetest build that scripts/windows-update.sh installs does.
func TestOnlyTheUpdatetestBuildHasSwitches(t *testing.T) {
	for _, c := range []struct {
		tags string
		want bool
	}{{"", false}, {"updatetest", true}} {
		for _, goos := range []string{"linux", "windows"} {
			cmd := exec.Command("go", "list", "-deps", "-tags", c.tags, main)
			cmd.Env = append(cmd.Environ(), "GOOS="+goos, "CGO_ENABLED=1")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("go list (%s, tags %q): %v", goos, c.tags, err)
			}
			if got := strings.Contains(string(out), pkg+"\n"); got != c.want {
				t.Errorf("%s, tags %q: links testfeed = %v, want %v", goos, c.tags, got, c.want)
			}
		}
	}
}
