package cli

import (
	"context"
	"errors"
	"io"

	"github.com/omamori-app/omamori/internal/prompt"
)

// maxSecretInput bounds what we read from a pipe: a setup code or an
// otpauth URI is well under 1 KiB, so anything near this is a mistake.
const maxSecretInput = 16 << 10

// input is the one reader of standard input for this command: every
// question (setup code, confirmation, PIN) goes through it, so Ctrl-C and
// Ctrl-D cancel alike everywhere and piped lines are read in order.
func (e *Env) input() *prompt.Reader {
	if e.in == nil {
		e.in = prompt.New(e.Stdin, e.Stderr)
	}
	return e.in
}

// readSecret reads a setup code or otpauth URI from standard input: from
// a terminal with a prompt and no echo, else the whole pipe. Secrets are
// never taken from arguments, where the process list would show them.
func (e *Env) readSecret(ctx context.Context) ([]byte, error) {
	b, err := e.input().ReadSecret(ctx, e.t(cat.M("prompt_setup_code")), prompt.All, maxSecretInput)
	if errors.Is(err, prompt.ErrTooLong) {
		return nil, errSetupCodeTooLong
	}
	return b, err
}

// confirm asks a yes/no question on the terminal. It is true only for
// y/yes/はい; err is prompt.ErrCancelled after Ctrl-C or Ctrl-D.
func (e *Env) confirm(ctx context.Context, question string) (bool, error) {
	return e.input().Confirm(ctx, question)
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	return prompt.New(r, io.Discard).IsTerminal()
}
