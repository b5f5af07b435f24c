package main_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/testenv"
)

// TestScripts runs the command-line scripts in testdata/script: each is a
// txtar file whose commands read like the README's examples, run by the
// real main (this test binary started as "omamori") against the real
// Secret Service. Every script gets its own settings folder ($WORK/config)
// and keyring service, removed afterwards. Run one with
//
//	go test ./cmd/omamori -run TestScripts/backup
func TestScripts(t *testing.T) {
	testenv.Need(t, os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "", "no D-Bus session: run under scripts/test.sh (dbus-run-session + gnome-keyring)")
	testscript.Run(t, testscript.Params{
		Dir:   filepath.Join("testdata", "script"),
		Setup: setupScript,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"oathtool":   checkOathtool,
			"exits":      checkExit,
			"updatefeed": feedServer,
		},
	})
}

func setupScript(env *testscript.Env) error {
	service := "omamori-script-" + strings.ToLower(randomSecret()[:12])
	config := filepath.Join(env.WorkDir, "config")
	if err := os.MkdirAll(config, 0o700); err != nil { // a script may bring files for it
		return err
	}
	env.Vars = append(env.Vars,
		"OMAMORI_CONFIG_DIR="+config,
		"OMAMORI_KEYRING_SERVICE="+service,
		"OMAMORI_TIME_SERVERS=off",                                 // loopback only: no public time server
		"OMAMORI_POLICY_DIR="+filepath.Join(env.WorkDir, "policy"), // not this machine's /etc/omamori
		"DBUS_SESSION_BUS_ADDRESS="+os.Getenv("DBUS_SESSION_BUS_ADDRESS"),
		"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE=",
	)
	env.Defer(func() { // leave nothing in the keyring: this script's services
		for _, name := range []string{service, service + "-newpc"} {
			s := keyring.New(name)
			ids, err := s.List()
			if err != nil {
				env.T().Log("keyring clean-up:", err)
			}
			for _, id := range ids {
				s.Delete(id)
			}
		}
	})
	return nil
}

// checkOathtool is the script command
//
//	oathtool NAME SECRET [ALGORITHM DIGITS PERIOD]
//
// It reads the last `omamori code --json` from stdout and checks NAME's
// code and next code against oathtool (an independent RFC 6238
// implementation) at the time the code was valid. The defaults are the
// smart-otp profile's: SHA-1, 6 digits, 60 seconds.
func checkOathtool(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! oathtool")
	}
	if len(args) != 2 && len(args) != 5 {
		ts.Fatalf("usage: oathtool NAME SECRET [ALGORITHM DIGITS PERIOD]")
	}
	algo, digits, period := "sha1", "6", "60"
	if len(args) == 5 {
		algo, digits, period = args[2], args[3], args[4]
	}
	tool, err := exec.LookPath("oathtool")
	if err != nil {
		if testenv.RequireAll() {
			ts.Fatalf("oathtool not installed (Debian package oathtool)")
		}
		ts.Logf("oathtool not installed (Debian package oathtool): not checked")
		return
	}
	var codes []code
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &codes); err != nil {
		ts.Fatalf("stdout is not `omamori code --json`: %v", err)
	}
	for _, c := range codes {
		if c.Name != args[0] {
			continue
		}
		want := func(at time.Time) string {
			// A throw-away test key: on a command line only because it is not real.
			out, err := exec.Command(tool, "--totp="+algo, "-d", digits, "-s", period, "-b", args[1],
				"-N", at.UTC().Format("2006-01-02 15:04:05 UTC")).Output()
			ts.Check(err)
			return strings.TrimSpace(string(out))
		}
		at := c.ValidUntil.Add(-time.Second)
		var p time.Duration
		fmt.Sscan(period, &p)
		if w := want(at); c.Code != w {
			ts.Fatalf("%s: code %s, oathtool says %s", c.Name, c.Code, w)
		}
		if w := want(at.Add(p * time.Second)); c.Next != w {
			ts.Fatalf("%s: next code %s, oathtool says %s", c.Name, c.Next, w)
		}
		if c.SecondsLeft < 1 || time.Duration(c.SecondsLeft) > p {
			ts.Fatalf("%s: %d seconds left of %s", c.Name, c.SecondsLeft, period)
		}
		return
	}
	ts.Fatalf("no code for %q in stdout", args[0])
}

// checkExit is the script command
//
//	exits N PROGRAM [ARGS...]
//
// It runs PROGRAM like a script line does (stdin, stdout and stderr as
// usual) and checks its exit status: omamori exits 1 on a failure and 2 on
// a usage error, which "! omamori" alone cannot tell apart.
func checkExit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	var exit *exec.ExitError
	if err := ts.Exec(args[1], args[2:]...); errors.As(err, &exit) {
		got = exit.ExitCode()
	} else if err != nil {
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s: exit status %d, want %d", args[1], got, want)
	}
}
