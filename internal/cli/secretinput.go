package cli

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// maxSecretInput bounds what we read from a pipe: a setup code or an
// otpauth URI is well under 1 KiB, so anything near this is a mistake.
const maxSecretInput = 16 << 10

// readSecret reads a setup code or otpauth URI from standard input: from
// a terminal with a prompt and no echo, else the whole pipe. Secrets are
// never taken from arguments, where the process list would show them.
func (e *Env) readSecret() ([]byte, error) {
	if f, ok := e.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		e.println(e.Stderr, cat.M("prompt_setup_code"))
		b, err := term.ReadPassword(int(f.Fd()))
		io.WriteString(e.Stderr, "\n")
		return b, err
	}
	b, err := io.ReadAll(io.LimitReader(e.Stdin, maxSecretInput+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxSecretInput {
		wipe(b)
		return nil, errTooLong
	}
	return bytes.TrimSpace(b), nil
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// wipe overwrites a secret we no longer need. Go may have copied it
// already, so this narrows the window rather than closing it.
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
