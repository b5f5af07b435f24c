// Package prompt reads what a person types at a terminal: secrets (setup
// codes, PINs, passphrases) without echo, and yes/no confirmations. It is
// the one place the command line reads answers, so Ctrl-C and Ctrl-D mean
// the same everywhere: the read ends at once with ErrCancelled and the
// terminal is left as it was found (echo back on).
//
// From a pipe it reads without prompting: a whole stream (All) or one line
// at a time (Line). Errors carry no wording about what was asked: callers
// map ErrTooLong and ErrNoInput to their own messages, so a PIN is never
// called a setup code.
package prompt

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"errors"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("prompt", localesFS)

// ErrCancelled is returned when the person pressed Ctrl-C or Ctrl-D (or
// the command was interrupted) while a question was open.
var ErrCancelled error = i18n.NewError(cat.M("cancelled"), i18n.Message{}, context.Canceled)

// ErrTooLong: the answer is longer than the caller's limit.
var ErrTooLong = errors.New("prompt: input too long")

// ErrNoInput: a pipe ended before an answer (nothing, or no more lines).
var ErrNoInput = errors.New("prompt: no input")

// Mode says how a piped answer is read; a terminal always gives one line.
type Mode int

const (
	// Line reads one line from a pipe ("printf '1234\n1234\n' | ...").
	Line Mode = iota
	// All reads the whole pipe (a setup code or otpauth link).
	All
)

// Reader reads answers from one input; make one per command and use it
// for every question, so piped lines are consumed in order.
type Reader struct {
	out io.Writer // where questions go (standard error)
	tty *os.File  // the terminal, or nil when input is a pipe or file
	br  *bufio.Reader
}

// New reads from in and writes questions to out.
func New(in io.Reader, out io.Writer) *Reader {
	r := &Reader{out: out}
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r.tty = f
	}
	r.br = bufio.NewReader(in)
	return r
}

// IsTerminal reports whether answers come from a person at a terminal.
func (r *Reader) IsTerminal() bool { return r.tty != nil }

// ReadSecret asks question (on a terminal only) and reads an answer of at
// most max bytes without echoing it. The reader wipes its own buffers; Mode
// All trims surrounding white space (a pasted setup code); Line only the
// line ending (a PIN may hold spaces).
func (r *Reader) ReadSecret(ctx context.Context, question string, mode Mode, max int) ([]byte, error) {
	if r.tty == nil {
		return r.piped(mode, max)
	}
	r.ask(question)
	b, err := readTerminal(ctx, r.tty, false, max)
	io.WriteString(r.out, "\n") // the Enter the person pressed was not echoed
	if err != nil {
		return nil, err
	}
	if mode == Line {
		return bytes.TrimRight(b, "\r\n"), nil // a PIN's spaces are its own
	}
	return trim(b), nil
}

// ReadLine asks question and reads one echoed line (from a pipe: the next
// line) of at most max bytes, without its ending.
func (r *Reader) ReadLine(ctx context.Context, question string, max int) (string, error) {
	if r.tty == nil {
		b, err := r.piped(Line, max)
		return string(b), err
	}
	r.ask(question)
	b, err := readTerminal(ctx, r.tty, true, max)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// Confirm asks a yes/no question and reports whether the answer is
// exactly yes (see IsYes). Ctrl-C or Ctrl-D give ErrCancelled.
func (r *Reader) Confirm(ctx context.Context, question string) (bool, error) {
	line, err := r.ReadLine(ctx, question, 256)
	if errors.Is(err, ErrTooLong) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return IsYes(line), nil
}

// IsYes accepts y, yes and はい in any width and case (NFKC, then case
// folding), with surrounding spaces; anything else, "yes please" and
// "y n" included, is no.
func IsYes(s string) bool {
	s = cases.Fold().String(norm.NFKC.String(strings.TrimSpace(s)))
	switch strings.TrimSpace(s) {
	case "y", "yes", "はい":
		return true
	}
	return false
}

func (r *Reader) ask(question string) {
	if question != "" {
		io.WriteString(r.out, question+"\n")
	}
}

// piped reads one line or the whole rest of a pipe.
func (r *Reader) piped(mode Mode, max int) ([]byte, error) {
	var b []byte
	var err error
	if mode == All {
		b, err = io.ReadAll(io.LimitReader(r.br, int64(max)+1))
	} else {
		b, err = readLine(r.br, max)
	}
	if len(b) > max {
		clear(b)
		return nil, ErrTooLong
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if mode == Line {
		if len(b) == 0 && err != nil {
			return nil, ErrNoInput
		}
		return bytes.TrimRight(b, "\r\n"), nil
	}
	return trim(b), nil
}

// readLine reads up to and including '\n', stopping (and discarding the
// rest of the line) past max bytes, so a huge line is never held whole.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var b []byte
	for {
		c, err := br.ReadByte()
		if err != nil {
			return b, err
		}
		if len(b) <= max {
			b = append(b, c)
		}
		if c == '\n' {
			return b, nil
		}
	}
}

func trim(b []byte) []byte { return bytes.TrimSpace(b) }
