package testenv_test

import (
	"os"
	"os/exec"
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
