package totp

import (
	"crypto/rand"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/profile"
)

var sink Code

// BenchmarkCode is one account's display refresh: current and next code.
// Target: under 2 µs (docs/performance.md, "Codes").
func BenchmarkCode(b *testing.B) {
	g, err := New(randomKey(b, 20), profile.SmartOTP)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		sink = g.At(now)
	}
}

// BenchmarkCodes1000 refreshes 1,000 accounts at once. Target: under 2 ms.
func BenchmarkCodes1000(b *testing.B) {
	gs := make([]*Generator, 1000)
	for i := range gs {
		g, err := New(randomKey(b, 20), profile.SmartOTP)
		if err != nil {
			b.Fatal(err)
		}
		gs[i] = g
	}
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		for _, g := range gs {
			sink = g.At(now)
		}
	}
}

func randomKey(tb testing.TB, n int) []byte {
	tb.Helper()
	k := make([]byte, n)
	if _, err := rand.Read(k); err != nil {
		tb.Fatal(err)
	}
	return k
}
