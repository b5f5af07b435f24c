package importfile

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/profile"
)

// The links in testdata/own/migration_*.txt were made by an independent
// encoder (a few lines of Python following the published field numbers),
// not by anything in this package.
const (
	s1 = "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYU"
	s2 = "MRSWMZ3INFVGW3DNNZXXA4LSON2HK5TXPB4XU634PV7H7AEBQKBQ"
	s5 = "GIZTINJWG44DSOR3HQ6T4P2AIFBEGRCF"
)

func TestMigrationSingle(t *testing.T) {
	skips := []skip{{"HOTP Inc", "counter", "skip_hotp"}, {"Old", "md5", "skip_algorithm"}}
	r := parse(t, "own/migration_single.txt", Options{}, Migration)
	expect(t, r, []want{
		{"Example", "alice@example.com", profile.SHA1, 6, 30, s1},
		{"みずほ証券", "taro", profile.SHA256, 8, 30, s2},
	}, skips)

	r = parse(t, "own/migration_single.txt", Options{Period: 60}, Migration)
	expect(t, r, []want{
		{"Example", "alice@example.com", profile.SHA1, 6, 60, s1},
		{"みずほ証券", "taro", profile.SHA256, 8, 60, s2},
	}, skips)
}

// TestMigrationProfile: an issuer that matches a profile takes its step;
// the key's own algorithm and digits stay.
func TestMigrationProfile(t *testing.T) {
	broker := profile.Profile{Name: "broker", Label: "Broker", Issuer: "みずほ証券", Encoding: profile.Base32,
		Length: 32, Digits: 6, Period: 60, Algorithm: profile.SHA1}
	lookup := func(issuer string) (profile.Profile, bool) { return broker, issuer == "みずほ証券" }
	r := parse(t, "own/migration_single.txt", Options{Profile: lookup}, Migration)
	expect(t, r, []want{
		{"Example", "alice@example.com", profile.SHA1, 6, 30, s1},
		{"みずほ証券", "taro", profile.SHA256, 8, 60, s2},
	}, []skip{{"HOTP Inc", "counter", "skip_hotp"}, {"Old", "md5", "skip_algorithm"}})
	if p := r.Entries[1].Profile; p.Name != "broker" {
		t.Errorf("matched entry's profile %q, want broker", p.Name)
	}
	if p := r.Entries[0].Profile; p.Name != "otpauth" {
		t.Errorf("other entry's profile %q, want otpauth", p.Name)
	}
}

func TestMigrationBatches(t *testing.T) {
	links := strings.Fields(string(read(t, "own/migration_batch.txt"))) // index 1 first, then 0
	other := strings.TrimSpace(string(read(t, "own/migration_other_batch.txt")))

	// All codes, out of order, one scanned twice: one import in batch order.
	r, err := ParseMigration([]string{links[0], links[1], links[0]}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, r, []want{
		{"Example", "alice@example.com", profile.SHA1, 6, 30, s1},
		{"SHA512 Co", "bob", profile.SHA512, 8, 30, s5},
	}, nil)
	if r.Format != Migration {
		t.Errorf("format %q", r.Format)
	}

	// The whole file at once, as Parse reads it.
	if r2 := parse(t, "own/migration_batch.txt", Options{}, Migration); len(r2.Entries) != 2 {
		t.Errorf("file: %d entries", len(r2.Entries))
	}

	// One missing: named by its number, nothing imported.
	var b Batches
	if err := b.Add(links[0]); err != nil {
		t.Fatal(err)
	}
	if m := b.Missing(); !slices.Equal(m, []int{1}) {
		t.Errorf("missing %v, want [1]", m)
	}
	if _, err := b.Result(Options{}); !errors.Is(err, ErrBatch) || !strings.Contains(err.Error(), "1 of 2") {
		t.Errorf("incomplete: %v", err)
	}

	// A code from another export is refused; the ones read stay.
	if err := b.Add(other); !errors.Is(err, ErrBatch) {
		t.Errorf("mixed: %v", err)
	}
	if err := b.Add(links[1]); err != nil {
		t.Fatal(err)
	}
	if r, err := b.Result(Options{}); err != nil || len(r.Entries) != 2 {
		t.Errorf("after the missing code: %d entries, %v", len(r.Entries), err)
	}
}

func TestMigrationBadLinks(t *testing.T) {
	good := strings.TrimSpace(string(read(t, "own/migration_single.txt")))
	for _, l := range []string{
		"",
		"otpauth-migration://offline",
		"otpauth-migration://offline?data=",
		"otpauth-migration://online?data=CgA=",
		"otpauth-migration://offline?data=!!!",
		"otpauth-migration://offline?data=CgEB", // field 1 runs past the end
		"otpauth-migration://offline?data=CP%2F%2F%2F%2F%2F%2F%2F%2F%2F%2FwE=", // a varint too long
		"otpauth-migration://offline?data=GAIgBQ==",                            // batch index 5 of 2
		"otpauth://totp/x?secret=" + s1,
		good[:len(good)-60], // cut inside the last entry
	} {
		r, err := ParseMigration([]string{l}, Options{})
		if err == nil && len(r.Entries) > 0 {
			t.Errorf("%q: %d entries", l, len(r.Entries))
		}
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrBatch) {
			t.Errorf("%q: %v", l, err)
		}
		noSecretsIn(t, err)
	}
	// A "+" the link did not escape has become a space: still read.
	if r, err := ParseMigration([]string{strings.ReplaceAll(good, "%2B", "+")}, Options{}); err != nil || len(r.Entries) != 2 {
		t.Errorf("unescaped +: %d entries, %v", len(r.Entries), err)
	}
}

// TestMigrationExtractOTPSecrets reads the example transfer links published
// by extract_otp_secrets (testdata/extract_otp_secrets), each its own
// export, with the values its example_output.json gives.
func TestMigrationExtractOTPSecrets(t *testing.T) {
	const secret = "7KSQL2JTUDIS5EF65KLMRQIIGY"
	pi := want{"raspberrypi", "pi@raspberrypi", profile.SHA1, 6, 30, secret}
	bare := want{"", "pi@raspberrypi", profile.SHA1, 6, 30, secret}
	cases := []struct {
		entries []want
		skips   []skip
	}{
		{[]want{pi}, nil},
		{[]want{bare}, nil},
		{[]want{bare, pi}, nil},
		{nil, []skip{{"", "hotp demo", "skip_hotp"}}},
		{[]want{{"", "encoding: ¿äÄéÉ? (demo)", profile.SHA1, 6, 30, secret}}, nil},
	}
	var links []string
	for line := range strings.Lines(string(read(t, "extract_otp_secrets/example_export.txt"))) {
		if strings.HasPrefix(line, "otpauth-migration:") {
			links = append(links, strings.TrimSpace(line))
		}
	}
	if len(links) != len(cases) {
		t.Fatalf("%d links, want %d", len(links), len(cases))
	}
	for i, c := range cases {
		r, err := ParseMigration([]string{links[i]}, Options{})
		if err != nil {
			t.Fatalf("link %d: %v", i+1, err)
		}
		expect(t, r, c.entries, c.skips)
	}
	// Five separate exports are not one import.
	if _, err := ParseMigration(links, Options{}); !errors.Is(err, ErrBatch) {
		t.Errorf("five exports together: %v", err)
	}
}

func TestMigrationLinkSizeLimit(t *testing.T) {
	long := "otpauth-migration://offline?data=" + strings.Repeat("A", maxLink)
	if _, err := ParseMigration([]string{long}, Options{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("oversized link: %v", err)
	}
}
