package testenv_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/testenv"
)

// The helper's outcome is checked in a child test process, where a
// failure or a skip is the result we look at, not our own.
func TestNeed(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") != "" {
		return
	}
	for _, c := range []struct {
		ok, requireAll bool
		want           string // in go test -v output
	}{
		{true, false, "--- PASS: TestChild"},
		{true, true, "--- PASS: TestChild"},
		{false, false, "--- SKIP: TestChild"},
		{false, true, "--- FAIL: TestChild"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.v")
		env := "TESTENV_CHILD=missing"
		if c.ok {
			env = "TESTENV_CHILD=ok"
		}
		req := testenv.EnvRequireAll + "="
		if c.requireAll {
			req += "1"
		}
		cmd.Env = append(os.Environ(), env, req)
		out, _ := cmd.CombinedOutput()
		if !strings.Contains(string(out), c.want) {
			t.Errorf("ok=%v requireAll=%v: want %q in\n%s", c.ok, c.requireAll, c.want, out)
		}
		if !c.ok && !strings.Contains(string(out), "the widget is missing") {
			t.Errorf("ok=%v requireAll=%v: the reason is not shown:\n%s", c.ok, c.requireAll, out)
		}
	}
}

func TestChild(t *testing.T) {
	switch os.Getenv("TESTENV_CHILD") {
	case "":
		t.Skip("run by TestNeed")
	case "ok":
		testenv.Need(t, true, "the widget is missing")
	default:
		testenv.Need(t, false, "the widget is missing")
	}
}

func TestTool(t *testing.T) {
	if p := testenv.Tool(t, "sh", "dash"); p == "" {
		t.Fatal("Tool returned no path for sh")
	}
}

// A binary named by OMAMORI_TEST_BINARY is used as it is; a missing one
// is an error, never a silent rebuild.
func TestBuildOmamoriFromEnv(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "omamori")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv(testenv.EnvBinary, bin)
	if got, err := testenv.BuildOmamori(t.TempDir()); err != nil || got != bin {
		t.Fatalf("BuildOmamori = %q, %v; want %q", got, err, bin)
	}
	t.Setenv(testenv.EnvBinary, filepath.Join(t.TempDir(), "gone"))
	if got, err := testenv.BuildOmamori(t.TempDir()); err == nil {
		t.Fatalf("BuildOmamori with a missing %s = %q, no error", testenv.EnvBinary, got)
	}
}

// Each OwnDisplay is a server of its own, reachable while its test runs
// and gone after it.
func TestOwnDisplay(t *testing.T) {
	testenv.Tool(t, "xdotool", "xdotool")
	var first, second string
	t.Run("first", func(t *testing.T) {
		first = testenv.OwnDisplay(t)
		if os.Getenv("DISPLAY") != first {
			t.Fatalf("DISPLAY=%q, want %q", os.Getenv("DISPLAY"), first)
		}
		if out, err := exec.Command("xdotool", "getdisplaygeometry").Output(); err != nil || strings.TrimSpace(string(out)) != "1280 800" {
			t.Fatalf("xdotool getdisplaygeometry on %s: %q %v", first, out, err)
		}
		t.Run("second", func(t *testing.T) {
			second = testenv.OwnDisplay(t)
		})
	})
	if first == "" || first == second {
		t.Fatalf("displays %q and %q, want two different ones", first, second)
	}
	cmd := exec.Command("xdotool", "getdisplaygeometry")
	cmd.Env = append(os.Environ(), "DISPLAY="+first)
	if err := cmd.Run(); err == nil {
		t.Fatalf("%s still answers after its test ended", first)
	}
}
