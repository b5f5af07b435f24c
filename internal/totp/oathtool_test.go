package totp

import (
	"encoding/base32"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/testenv"
)

// TestAgainstOathtool checks codes and next codes against OATH Toolkit's
// oathtool, an independent implementation, for random keys, times and
// parameters. The keys are throw-away test keys made here; they are still
// handed over on stdin ("-"), as a real secret would have to be.
func TestAgainstOathtool(t *testing.T) {
	oathtool := testenv.Tool(t, "oathtool", "oathtool")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0x6f6d616d6f7269))
	algs := []profile.Algorithm{profile.SHA1, profile.SHA256, profile.SHA512}
	for i := range 12 {
		n := 10 + rng.IntN(55)
		if i < 4 {
			n = 20
		}
		key := make([]byte, n)
		for j := range key {
			key[j] = byte(rng.Uint32())
		}
		p := profile.Profile{Name: "x", Encoding: profile.Base32,
			Digits: []int{6, 8}[i%2], Period: []int{60, 30, 60}[i%3], Algorithm: algs[rng.IntN(3)]}
		if i < 4 {
			p = profile.SmartOTP // the case that matters most: 160-bit SHA-1, 6 digits, 60 s
		}
		g, err := New(key, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, ts := range []int64{rng.Int64N(1 << 32), rng.Int64N(4102444800), 1_700_000_000 + rng.Int64N(100_000_000)} {
			c := g.At(time.Unix(ts, 0))
			cmd := exec.Command(oathtool, "--totp="+strings.ToLower(string(p.Algorithm)),
				"-s", strconv.Itoa(p.Period), "-d", strconv.Itoa(p.Digits), "-w", "1",
				"-N", "@"+strconv.FormatInt(ts, 10), "--base32", "-")
			cmd.Stdin = strings.NewReader(base32.StdEncoding.EncodeToString(key) + "\n")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("oathtool: %v", err)
			}
			want := strings.Fields(string(out))
			if len(want) != 2 || c.Code != want[0] || c.Next != want[1] {
				t.Errorf("%s/%d digits/%ds, %d-byte key at %d: got %s %s, oathtool %v",
					p.Algorithm, p.Digits, p.Period, len(key), ts, c.Code, c.Next, want)
			}
		}
	}
}
