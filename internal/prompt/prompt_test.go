package prompt

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestIsYes(t *testing.T) {
	for s, want := range map[string]bool{
		"y": true, "Y": true, "yes": true, "YES": true, " yes ": true, "ｙｅｓ": true, "ＹＥＳ": true,
		"ｙ": true, "はい": true, "ﾊｲ": false, // half-width katakana is not はい
		"": false, "n": false, "no": false, "yes please": false, "y n": false, "yess": false, "はいはい": false,
	} {
		if got := IsYes(s); got != want {
			t.Errorf("IsYes(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPipedLines(t *testing.T) {
	r := New(strings.NewReader("1234\r\n"+strings.Repeat("9", 2000)+"\n5678"), io.Discard)
	ctx := context.Background()
	if r.IsTerminal() {
		t.Fatal("a string reader is no terminal")
	}
	if s, err := r.ReadLine(ctx, "", 63); s != "1234" || err != nil {
		t.Errorf("first line %q %v", s, err)
	}
	if _, err := r.ReadSecret(ctx, "", Line, 63); !errors.Is(err, ErrTooLong) {
		t.Errorf("2000-byte line: %v, want ErrTooLong", err)
	}
	if b, err := r.ReadSecret(ctx, "", Line, 63); string(b) != "5678" || err != nil {
		t.Errorf("last line without newline: %q %v", b, err)
	}
	if _, err := r.ReadLine(ctx, "", 63); !errors.Is(err, ErrNoInput) {
		t.Errorf("after the end: %v, want ErrNoInput", err)
	}
}

func TestPipedAll(t *testing.T) {
	ctx := context.Background()
	b, err := New(strings.NewReader("  JBSWY3DP\n"), io.Discard).ReadSecret(ctx, "", All, 100)
	if string(b) != "JBSWY3DP" || err != nil {
		t.Errorf("%q %v", b, err)
	}
	if _, err := New(strings.NewReader(strings.Repeat("A", 101)), io.Discard).ReadSecret(ctx, "", All, 100); !errors.Is(err, ErrTooLong) {
		t.Errorf("too long: %v", err)
	}
}

func TestConfirmFromPipe(t *testing.T) {
	r := New(strings.NewReader("yes please\nはい\n"), io.Discard)
	if ok, _ := r.Confirm(context.Background(), ""); ok {
		t.Error("'yes please' confirmed")
	}
	if ok, _ := r.Confirm(context.Background(), ""); !ok {
		t.Error("はい not confirmed")
	}
}
