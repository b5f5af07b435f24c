//go:build !windows

package prompt

import (
	"context"
	"os"

	"golang.org/x/sys/unix"
)

// readTerminal reads one line in the terminal's own line mode, so the
// kernel does the editing (backspace over はい works) and Ctrl-C raises
// SIGINT, which the command turns into ctx's cancellation. A read that
// returns without a newline means Ctrl-D was pressed: cancelled too.
// Echo is switched off for secrets and always restored.
func readTerminal(ctx context.Context, f *os.File, echo bool, max int) ([]byte, error) {
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	t := *old
	if !echo {
		t.Lflag &^= unix.ECHO | unix.ECHONL // the caller prints the newline
		t.Lflag |= unix.ICANON | unix.ISIG
	}
	if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &t); err != nil {
		return nil, err
	}
	defer unix.IoctlSetTermios(fd, ioctlSetTermios, old)

	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		// A canonical-mode read returns at most one line; 4096 is the
		// kernel's own line limit.
		buf := make([]byte, 4096)
		n, err := f.Read(buf)
		done <- result{buf[:n], err}
	}()
	select {
	case <-ctx.Done():
		// The read stays blocked; the command is ending. Restore now, not
		// only in the deferred call, in case the caller exits at once.
		_ = unix.IoctlSetTermios(fd, ioctlSetTermios, old)
		return nil, ErrCancelled
	case r := <-done:
		n := len(r.b)
		switch {
		case r.err != nil || n == 0 || r.b[n-1] != '\n' && n < 4095:
			clear(r.b)
			return nil, ErrCancelled // Ctrl-D (EOF), on an empty line or after text
		case n > max+1 || r.b[n-1] != '\n':
			clear(r.b)
			return nil, ErrTooLong
		}
		return r.b, nil
	}
}
