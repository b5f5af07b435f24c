package update_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/testenv"
	"github.com/omamori-app/omamori/internal/update"
)

// Our signatures are minisign's: the minisign tool (Debian package
// minisign, an independent C implementation) verifies what Sign makes,
// and Verify accepts what the tool signs. Neither accepts a changed feed.
func TestSignaturesMatchMinisignTool(t *testing.T) {
	tool := testenv.Tool(t, "minisign", "minisign")
	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n) }
	feed := []byte(`{"format": 1, "version": "1.4.0"}` + "\n")
	write := func(name string, b []byte) {
		if err := os.WriteFile(path(name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	minisign := func(args ...string) (string, error) {
		out, err := exec.Command(tool, args...).CombinedOutput()
		return string(out), err
	}

	// Ours → the tool.
	k := newKey(t)
	write("ours.pub", []byte("untrusted comment: test key\n"+k.line(t)+"\n"))
	write("feed.json", feed)
	write("feed.json.minisig", update.Sign(feed, k.priv, "omamori feed 1.4.0"))
	out, err := minisign("-Vm", path("feed.json"), "-p", path("ours.pub"))
	if err != nil || !strings.Contains(out, "omamori feed 1.4.0") {
		t.Fatalf("minisign -Vm on our signature: %v\n%s", err, out)
	}
	write("feed.json", append([]byte(" "), feed...))
	if out, err := minisign("-Vm", path("feed.json"), "-p", path("ours.pub")); err == nil {
		t.Fatalf("minisign accepted a changed feed:\n%s", out)
	}

	// The tool → ours: a key made by `minisign -G` (no password, for the
	// test), its public key file read as keys/release.pub is.
	if out, err := minisign("-G", "-W", "-p", path("tool.pub"), "-s", path("tool.key")); err != nil {
		t.Fatalf("minisign -G: %v\n%s", err, out)
	}
	write("feed.json", feed)
	if out, err := minisign("-S", "-s", path("tool.key"), "-m", path("feed.json"), "-t", "omamori feed 1.4.0"); err != nil {
		t.Fatalf("minisign -S: %v\n%s", err, out)
	}
	pub, _ := os.ReadFile(path("tool.pub"))
	sig, _ := os.ReadFile(path("feed.json.minisig"))
	keys := update.ParseKeyList(string(pub))
	if len(keys) != 1 {
		t.Fatalf("key file %q gave %d keys", pub, len(keys))
	}
	if err := update.Verify(feed, sig, keys); err != nil {
		t.Fatalf("Verify of the tool's signature: %v", err)
	}
	if err := update.Verify(append(feed, ' '), sig, keys); err == nil {
		t.Fatal("Verify accepted a changed feed")
	}
	if err := update.Verify(feed, sig, []string{k.line(t)}); err == nil {
		t.Fatal("Verify accepted the tool's signature with another key")
	}
}

// The embedded keys parse, and there is room for the key we rotate to.
func TestReleaseKeys(t *testing.T) {
	keys := update.ReleaseKeys()
	if len(keys) != 2 {
		t.Fatalf("release keys %q: want today's and the next", keys)
	}
	if err := update.Verify([]byte("x"), []byte("bad"), keys); err == nil {
		t.Fatal("Verify accepted garbage")
	}
}
