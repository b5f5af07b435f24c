package totp

import (
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
