package testenv

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// RunStreaming runs cmd with stdin, returning its standard output and
// error; onLine, if set, sees each line of standard error as it comes
// (a test answers a "touch your key" prompt while the command waits).
// err is cmd.Run's: an *exec.ExitError for a non-zero exit.
func RunStreaming(cmd *exec.Cmd, stdin string, onLine func(string)) (stdout, stderr string, err error) {
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout = &out
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	var errb strings.Builder
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			errb.WriteString(sc.Text() + "\n")
			if onLine != nil {
				onLine(sc.Text())
			}
		}
		io.Copy(io.Discard, pr) // a line too long for the scanner must not block the child
	}()
	err = cmd.Run()
	pw.Close()
	<-done
	return out.String(), errb.String(), err
}

// EnvWithout is os.Environ() less the variables named: a rig hands a child
// its own values for them and must not pass the test's own along.
func EnvWithout(names ...string) []string {
	var env []string
	for _, e := range os.Environ() {
		name, _, _ := strings.Cut(e, "=")
		if !slices.Contains(names, name) {
			env = append(env, e)
		}
	}
	return env
}
