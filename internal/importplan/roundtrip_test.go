package importplan

import (
	"bytes"
	"context"
	"encoding/base32"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/testenv"
	"github.com/omamori-app/omamori/internal/totp"
)

// Every format's test data, the formats' own published files and ours,
// round-trips through the one import path into the account store: each
// account added keeps the file's secret and parameters, and the store's
// codes for it equal oathtool's (issue 24's "Done when").
func TestEveryFormatRoundTripsIntoStore(t *testing.T) {
	oathtool := testenv.Tool(t, "oathtool", "oathtool")
	files := []struct {
		name, password string
		format         importfile.Format
	}{
		{"aegis/aegis_plain.json", "", importfile.Aegis},
		{"aegis/aegis_encrypted.json", "test", importfile.Aegis},
		{"own/aegis_plain.json", "", importfile.Aegis},
		{"aegis/plain.txt", "", importfile.URIList},
		{"own/uris.txt", "", importfile.URIList},
		{"aegis/ente_auth.txt", "", importfile.URIList},
		{"aegis/2fas_authenticator_plain_v4.2fas", "", importfile.TwoFAS},
		{"aegis/2fas_authenticator_encrypted_v4.2fas", "test", importfile.TwoFAS},
		{"own/2fas_plain.2fas", "", importfile.TwoFAS},
		{"aegis/bitwarden.json", "", importfile.Bitwarden},
		{"own/bitwarden.json", "", importfile.Bitwarden},
		{"aegis/proton_authenticator.json", "", importfile.Proton},
		{"own/proton.json", "", importfile.Proton},
		{"own/keepassxc.csv", "", importfile.KeePassCSV},
		{"own/keepass.xml", "", importfile.KeePassXML},
		{"own/migration_single.txt", "", importfile.Migration},
		{"own/migration_batch.txt", "", importfile.Migration}, // two transfer codes of one export
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "importfile", "testdata", f.name))
			if err != nil {
				t.Fatal(err)
			}
			opt := importfile.Options{}
			if f.password != "" {
				opt.Password = []byte(f.password)
			}
			want, err := importfile.Parse(data, opt)
			if err != nil || want.Format != f.format || len(want.Entries) == 0 {
				t.Fatalf("parse: %v, format %q, %d entries", err, want.Format, len(want.Entries))
			}
			s, _ := store(t)
			p, err := Prepare(s, data, opt)
			if err != nil {
				t.Fatal(err)
			}
			added, err := Apply(context.Background(), s, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(added) != len(want.Entries) {
				t.Fatalf("%d added, the file has %d usable entries", len(added), len(want.Entries))
			}
			for i, a := range added {
				w := want.Entries[i]
				got, err := s.Export(a.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Secret, w.Secret) || got.Profile.Algorithm != w.Profile.Algorithm ||
					got.Profile.Digits != w.Profile.Digits || got.Profile.Period != w.Profile.Period {
					t.Errorf("%s: stored %+v, file %+v", a.Name, got.Profile, w.Profile)
				}
				if a.Name != Name(w.Issuer, w.Account) {
					t.Errorf("name %q, want %q", a.Name, Name(w.Issuer, w.Account))
				}
				sameAsOathtool(t, oathtool, a.Name, got.Secret, string(got.Profile.Algorithm), got.Profile.Digits, got.Profile.Period, func(ts time.Time) string {
					g, err := totp.New(got.Secret, got.Profile)
					if err != nil {
						t.Fatal(err)
					}
					return g.At(ts).Code
				})
			}
		})
	}
}

func sameAsOathtool(t *testing.T, oathtool, name string, secret []byte, alg string, digits, period int, code func(time.Time) string) {
	t.Helper()
	for _, ts := range []int64{59, 1_234_567_890, time.Now().Unix()} {
		cmd := exec.Command(oathtool, "--totp="+strings.ToLower(alg), "-s", strconv.Itoa(period),
			"-d", strconv.Itoa(digits), "-N", "@"+strconv.FormatInt(ts, 10), "--base32", "-")
		cmd.Stdin = strings.NewReader(base32.StdEncoding.EncodeToString(secret) + "\n") // never on a command line
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("oathtool: %v", err)
		}
		if c := code(time.Unix(ts, 0)); c != strings.TrimSpace(string(out)) {
			t.Errorf("%s at %d: %s, oathtool %s", name, ts, c, out)
		}
	}
}
