//go:build linux

package main_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/timesync/timesynctest"
)

// A real NTP server (chronyd) whose clock runs 72 s ahead of ours, asked
// through the real binary: doctor must measure +72 s, and with two such
// independent servers agreeing, code must compute codes 72 s ahead.
func TestClockAgainstChrony(t *testing.T) {
	r := newCLI(t)
	a := timesynctest.StartChrony(t, "127.0.0.1", "+72s")
	b := timesynctest.StartChrony(t, "127.0.0.2", "+72s")

	out, errOut, rc := r.run("", "doctor", "--json", "--time-server", a)
	if rc != 0 {
		t.Fatalf("doctor: rc=%d %s", rc, errOut)
	}
	var one struct {
		Clock struct {
			Offset     float64 `json:"offset_seconds"`
			Correcting bool    `json:"correcting"`
			Reason     string  `json:"reason"`
		} `json:"clock"`
	}
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatal(err, out)
	}
	if math.Abs(one.Clock.Offset-72) > 1 {
		t.Errorf("offset %.2f s, want about +72", one.Clock.Offset)
	}
	if one.Clock.Correcting {
		t.Error("a single unauthenticated source must not correct the codes")
	}

	servers := a + "," + b
	out, errOut, rc = r.run("", "doctor", "--json", "--time-server", servers)
	if rc != 0 {
		t.Fatalf("doctor: rc=%d %s", rc, errOut)
	}
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatal(err)
	}
	if !one.Clock.Correcting || math.Abs(one.Clock.Offset-72) > 1 {
		t.Fatalf("two agreeing sources: %+v", one.Clock)
	}

	secret := randomSecret()
	if _, e, rc := r.run(secret, "add", "--name", "A"); rc != 0 {
		t.Fatal(e)
	}
	before := time.Now()
	out, errOut, rc = r.run("", "code", "A", "--json", "--time-server", servers)
	if rc != 0 {
		t.Fatalf("code: %s", errOut)
	}
	var codes []code
	if err := json.Unmarshal([]byte(out), &codes); err != nil || len(codes) != 1 {
		t.Fatal(err, out)
	}
	// The corrected step ends 72 s later than the PC's would.
	at := codes[0].ValidUntil.Add(-time.Second)
	if d := at.Sub(before); d < 60*time.Second || d > 133*time.Second {
		t.Errorf("code computed for %v, PC time %v: not corrected by +72 s", at, before)
	}
	if want := oathtool(t, secret, at); codes[0].Code != want {
		t.Errorf("corrected code %s, oathtool says %s", codes[0].Code, want)
	}
	if !strings.Contains(errOut, "+72") {
		t.Errorf("code does not say it is correcting: %q", errOut)
	}
}
