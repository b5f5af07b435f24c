package totp

import (
	"encoding/base32"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"

	"github.com/omamori-app/omamori/internal/profile"
)

// TestAgainstPquerna compares every algorithm, both digit counts and many
// key lengths and counters with github.com/pquerna/otp's HOTP.
func TestAgainstPquerna(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	algs := map[profile.Algorithm]otp.Algorithm{
		profile.SHA1: otp.AlgorithmSHA1, profile.SHA256: otp.AlgorithmSHA256, profile.SHA512: otp.AlgorithmSHA512,
	}
	for a, pa := range algs {
		for _, digits := range []int{6, 8} {
			for range 50 {
				key := make([]byte, profile.MinKeyBytes+rng.IntN(profile.MaxKeyBytes-profile.MinKeyBytes+1))
				for i := range key {
					key[i] = byte(rng.Uint32())
				}
				p := profile.Profile{Name: "x", Encoding: profile.Base32, Digits: digits, Period: 1, Algorithm: a}
				g, err := New(key, p)
				if err != nil {
					t.Fatal(err)
				}
				counter := rng.Uint64N(1 << 34)
				c := g.At(time.Unix(int64(counter), 0)) // period 1: the counter is the time
				opts := hotp.ValidateOpts{Digits: otp.Digits(digits), Algorithm: pa}
				secret := base32.StdEncoding.EncodeToString(key)
				want, err := hotp.GenerateCodeCustom(secret, counter, opts)
				if err != nil {
					t.Fatal(err)
				}
				next, _ := hotp.GenerateCodeCustom(secret, counter+1, opts)
				if c.Code != want || c.Next != next {
					t.Fatalf("%s/%d, %d-byte key, counter %d: got %s %s, pquerna %s %s", a, digits, len(key), counter, c.Code, c.Next, want, next)
				}
			}
		}
	}
}
