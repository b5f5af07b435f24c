package totp

import (
	"strconv"

	"github.com/omamori-app/omamori/internal/i18n"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/profile"
)

func rfcProfile(a profile.Algorithm) profile.Profile {
	return profile.Profile{Name: "rfc6238", Encoding: profile.Base32, Digits: 8, Period: 30, Algorithm: a}
}

// RFC 6238 Appendix B: the keys are ASCII digits, SHA-1 20 bytes,
// SHA-256 32 bytes, SHA-512 64 bytes.
func TestRFC6238(t *testing.T) {
	seed := "12345678901234567890"
	keys := map[profile.Algorithm][]byte{
		profile.SHA1:   []byte(seed),
		profile.SHA256: []byte(seed + seed[:12]),
		profile.SHA512: []byte(strings.Repeat(seed, 4)[:64]),
	}
	want := map[int64][3]string{
		59:          {"94287082", "46119246", "90693936"},
		1111111109:  {"07081804", "68084774", "25091201"},
		1234567890:  {"89005924", "91819424", "93441116"},
		20000000000: {"65353130", "77737706", "47863826"},
	}
	for i, a := range []profile.Algorithm{profile.SHA1, profile.SHA256, profile.SHA512} {
		g, err := New(keys[a], rfcProfile(a))
		if err != nil {
			t.Fatal(err)
		}
		for ts, codes := range want {
			if got := g.At(time.Unix(ts, 0)).Code; got != codes[i] {
				t.Errorf("%s at %d: got %s, want %s", a, ts, got, codes[i])
			}
		}
	}
}

func TestStepBounds(t *testing.T) {
	g, err := New([]byte("12345678901234567890"), profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	c := g.At(time.Unix(1234567890, 0)) // 1234567890 = 20576131*60 + 30
	if c.SecondsLeft != 30 || c.Period != 60 {
		t.Errorf("SecondsLeft %d Period %d, want 30 60", c.SecondsLeft, c.Period)
	}
	if c.Start.Unix() != 1234567860 || c.End.Unix() != 1234567920 {
		t.Errorf("step %v..%v", c.Start.Unix(), c.End.Unix())
	}
	next := g.At(c.End)
	if next.Code != c.Next || next.SecondsLeft != 60 {
		t.Errorf("next step: code %s SecondsLeft %d, want %s 60", next.Code, next.SecondsLeft, c.Next)
	}
	if last := g.At(c.End.Add(-time.Nanosecond)); last.Code != c.Code || last.SecondsLeft != 1 {
		t.Errorf("last instant: code %s SecondsLeft %d, want %s 1", last.Code, last.SecondsLeft, c.Code)
	}
}

func TestOddTimes(t *testing.T) {
	g, err := New([]byte("12345678901234567890"), profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	epoch := g.At(time.Unix(0, 0))
	for _, tm := range []time.Time{
		time.Unix(-1, 0), time.Unix(-1<<62, 0), {}, // zero Time is year 1
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
	} {
		if c := g.At(tm); c != epoch {
			t.Errorf("%v: %+v, want the epoch's %+v", tm, c, epoch)
		}
	}
	for _, tm := range []time.Time{time.Unix(1<<62, 0), time.Unix(1<<63-1, 999999999), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		c := g.At(tm)
		if c.End.UTC().Year() != 10000 || c.SecondsLeft != 1 || len(c.Code) != 6 || len(c.Next) != 6 {
			t.Errorf("%v: %+v", tm, c)
		}
	}
	if c := g.At(time.Date(9999, 12, 31, 23, 59, 30, 0, time.UTC)); c.SecondsLeft != 30 {
		t.Errorf("9999-12-31 23:59:30: %+v", c)
	}
}

func TestNewRefuses(t *testing.T) {
	p := profile.SmartOTP
	for _, n := range []int{0, 9, profile.MaxKeyBytes + 1} {
		_, err := New(make([]byte, n), p)
		if err == nil {
			t.Errorf("%d-byte key accepted", n)
			continue
		}
		if en, ja := i18n.Localize(err, i18n.EN), i18n.Localize(err, i18n.JA); !strings.Contains(en, strconv.Itoa(n*8)+" bits") || !strings.Contains(ja, strconv.Itoa(n*8)+"ビット") {
			t.Errorf("%d bytes: %q / %q", n, en, ja)
		}
	}
	for _, n := range []int{profile.MinKeyBytes, profile.MaxKeyBytes} {
		if _, err := New(make([]byte, n), p); err != nil {
			t.Errorf("%d-byte key: %v", n, err)
		}
	}
	p.Digits = 7
	if _, err := New(make([]byte, 20), p); err == nil {
		t.Error("7-digit profile accepted")
	}
}

// Many goroutines reading one generator (run with -race).
func TestConcurrentUse(t *testing.T) {
	g, err := New([]byte("12345678901234567890"), profile.SmartOTP)
	if err != nil {
		t.Fatal(err)
	}
	want := g.At(time.Unix(1234567890, 0)).Code
	done := make(chan string)
	for range 8 {
		go func() { done <- g.At(time.Unix(1234567890, 0)).Code }()
	}
	for range 8 {
		if got := <-done; got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}
