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

// clockReport is the clock part of `doctor --json`.
type clockReport struct {
	Clock struct {
		Offset        float64  `json:"offset_seconds"`
		Correcting    bool     `json:"correcting"`
		Authenticated bool     `json:"authenticated"`
		Disputed      *float64 `json:"disputed_offset_seconds"`
		Reason        string   `json:"reason"`
	} `json:"clock"`
}

// trustTestCA makes the binary trust ca (SSL_CERT_FILE, which Go reads on
// Linux): the certificate is checked as for any public server.
func trustTestCA(t *testing.T, ca *timesynctest.CA) {
	t.Setenv("SSL_CERT_FILE", ca.WritePEM(t, t.TempDir()))
}

// A real NTP server (chronyd) whose clock runs 72 s ahead of ours, asked
// through the real binary: doctor must measure +72 s; two such
// independent servers alone only warn; with an HTTPS source (test CA)
// that agrees, code must compute codes 72 s ahead.
func TestClockAgainstChrony(t *testing.T) {
	r := newCLI(t)
	a := timesynctest.StartChrony(t, "127.0.0.1", "+72s")
	b := timesynctest.StartChrony(t, "127.0.0.2", "+72s")
	ca := timesynctest.NewCA(t)
	h := timesynctest.StartHTTPSDate(t, ca, "127.0.0.3", 72*time.Second)
	trustTestCA(t, ca)

	out, errOut, rc := r.run("", "doctor", "--json", "--time-server", a)
	if rc != 0 {
		t.Fatalf("doctor: rc=%d %s", rc, errOut)
	}
	var one clockReport
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatal(err, out)
	}
	if math.Abs(one.Clock.Offset-72) > 1 {
		t.Errorf("offset %.2f s, want about +72", one.Clock.Offset)
	}
	if one.Clock.Correcting {
		t.Error("a single unauthenticated source must not correct the codes")
	}

	// Two unauthenticated sources that agree: a warning, no correction.
	var two clockReport
	out, errOut, rc = r.run("", "doctor", "--json", "--time-server", a+","+b)
	if rc != 0 {
		t.Fatalf("doctor: rc=%d %s", rc, errOut)
	}
	if err := json.Unmarshal([]byte(out), &two); err != nil {
		t.Fatal(err)
	}
	if two.Clock.Correcting || two.Clock.Reason != "unconfirmed" || math.Abs(two.Clock.Offset-72) > 1 {
		t.Fatalf("two NTP sources without HTTPS: %+v", two.Clock)
	}

	servers := a + "," + b + "," + h.URL
	var three clockReport
	out, errOut, rc = r.run("", "doctor", "--json", "--time-server", servers)
	if rc != 0 {
		t.Fatalf("doctor: rc=%d %s", rc, errOut)
	}
	if err := json.Unmarshal([]byte(out), &three); err != nil {
		t.Fatal(err)
	}
	if !three.Clock.Correcting || !three.Clock.Authenticated || math.Abs(three.Clock.Offset-72) > 1 {
		t.Fatalf("two agreeing sources and HTTPS: %+v", three.Clock)
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

// Two NTP servers agree on +5 min (as a forger on the network would make
// them), the HTTPS source says the clock is right: doctor reports the
// disagreement and code computes codes on the PC clock. With the HTTPS
// certificate not trusted, the same NTP answers only warn.
func TestClockForgedNTPAgainstHTTPS(t *testing.T) {
	r := newCLI(t)
	a := timesynctest.StartSNTP(t, "127.0.0.1", 5*time.Minute)
	b := timesynctest.StartSNTP(t, "127.0.0.2", 5*time.Minute)
	ca := timesynctest.NewCA(t)
	h := timesynctest.StartHTTPSDate(t, ca, "127.0.0.3", 0)
	servers := a.Addr + "," + b.Addr + "," + h.URL

	// Not trusted yet: the HTTPS source fails its certificate check.
	out, errOut, rc := r.run("", "doctor", "--json", "--time-server", servers)
	if rc != 0 {
		t.Fatalf("doctor: rc=%d %s", rc, errOut)
	}
	var rep clockReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err, out)
	}
	if rep.Clock.Correcting || rep.Clock.Authenticated || rep.Clock.Reason != "unconfirmed" {
		t.Fatalf("untrusted certificate: %+v", rep.Clock)
	}
	if !strings.Contains(out, "certificate") {
		t.Errorf("doctor does not say the certificate failed:\n%s", out)
	}

	trustTestCA(t, ca)
	r2 := newCLI(t) // a fresh settings folder: no cached answers
	out, errOut, rc = r2.run("", "doctor", "--json", "--time-server", servers)
	if rc != 0 {
		t.Fatalf("doctor: rc=%d %s", rc, errOut)
	}
	rep = clockReport{}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err, out)
	}
	if rep.Clock.Correcting || !rep.Clock.Authenticated || rep.Clock.Reason != "disagree" ||
		rep.Clock.Disputed == nil || math.Abs(*rep.Clock.Disputed-300) > 1 || math.Abs(rep.Clock.Offset) > 1.5 {
		t.Fatalf("forged NTP against HTTPS: %+v", rep.Clock)
	}
	out, _, _ = r2.run("", "doctor", "--time-server", servers)
	if !strings.Contains(out, "forged") || !strings.Contains(out, "5 min slow") {
		t.Errorf("doctor does not tell the disagreement:\n%s", out)
	}

	secret := randomSecret()
	if _, e, rc := r2.run(secret, "add", "--name", "A"); rc != 0 {
		t.Fatal(e)
	}
	before := time.Now()
	out, errOut, rc = r2.run("", "code", "A", "--json", "--time-server", servers)
	if rc != 0 {
		t.Fatalf("code: %s", errOut)
	}
	var codes []code
	if err := json.Unmarshal([]byte(out), &codes); err != nil || len(codes) != 1 {
		t.Fatal(err, out)
	}
	if d := codes[0].ValidUntil.Sub(before); d < 0 || d > 61*time.Second {
		t.Errorf("code valid until %v, PC time %v: shifted", codes[0].ValidUntil, before)
	}
	if strings.Contains(errOut, "+300") || strings.Contains(errOut, "補正中") || strings.Contains(errOut, "corrected") {
		t.Errorf("code says it corrects: %q", errOut)
	}
}
