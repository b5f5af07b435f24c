package prompt

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"

	"golang.org/x/term"
)

// readTerminal reads one line from the console. Ctrl-C reaches the
// command as an interrupt, which cancels ctx; Ctrl-Z or Ctrl-D then
// Enter (the console's end of input) cancels too. The console mode is
// restored.
func readTerminal(ctx context.Context, f *os.File, echo bool, max int) ([]byte, error) {
	fd := int(f.Fd())
	old, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	defer term.Restore(fd, old)
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		if !echo {
			b, err := term.ReadPassword(fd)
			done <- result{append(b, '\n'), err}
			return
		}
		b, err := bufio.NewReader(f).ReadBytes('\n')
		done <- result{b, err}
	}()
	select {
	case <-ctx.Done():
		_ = term.Restore(fd, old)
		return nil, ErrCancelled
	case r := <-done:
		// End of input, or Ctrl-Z / Ctrl-D typed into the line (the
		// console passes them on as characters): cancelled.
		if errors.Is(r.err, io.EOF) || len(r.b) == 0 || bytes.ContainsAny(r.b, "\x1a\x04") {
			clear(r.b)
			return nil, ErrCancelled
		}
		if r.err != nil {
			return nil, r.err
		}
		if len(r.b) > max+2 {
			clear(r.b)
			return nil, ErrTooLong
		}
		return r.b, nil
	}
}
