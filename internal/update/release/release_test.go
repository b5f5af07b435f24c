package release_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
	"github.com/omamori-app/omamori/internal/update"
	"github.com/omamori-app/omamori/internal/update/release"
)

func write(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The whole release side, as the release manager runs it: make the feed
// from the built files, sign it with minisign and a key from outside
// the repository (here on standard input), verify it. Then the client's
// own checks accept it; a feed signed by a key the clients do not trust
// is stopped by the script; a changed file is caught by verify.
func TestReleaseFeedScript(t *testing.T) {
	tool := testenv.Tool(t, "minisign", "minisign")
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	for _, k := range []string{"release", "stranger"} {
		if out, err := exec.Command(tool, "-G", "-W", "-p", p(k+".pub"), "-s", p(k+".key")).CombinedOutput(); err != nil {
			t.Fatalf("minisign -G: %v\n%s", err, out)
		}
	}
	installer := write(t, p("Omamori-Setup-1.4.0.exe"), "MZ pretend installer")
	file := "windows-amd64=" + installer + "=https://downloads.example/Omamori-Setup-1.4.0.exe"
	run := func(keyFile string) (string, error) {
		key, err := os.Open(keyFile)
		if err != nil {
			t.Fatal(err)
		}
		defer key.Close()
		cmd := exec.Command("bash", "../../../scripts/release-feed.sh", "--key", "-", "--out", p("out"),
			"--keys", p("release.pub"), "--version", "1.4.0", "--minimum", "1.2.0", "--days", "30", "--security",
			"--notes-ja", write(t, p("ja.txt"), "修正\n"), "--notes-en", write(t, p("en.txt"), "Fixes\n"), "--file", file)
		cmd.Stdin = key
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run(p("release.key"))
	if err != nil || !strings.Contains(out, "ok: version 1.4.0") {
		t.Fatalf("release-feed.sh: %v\n%s", err, out)
	}
	feed, _ := os.ReadFile(p("out/feed.json"))
	sig, _ := os.ReadFile(p("out/feed.json.minisig"))
	pub, _ := os.ReadFile(p("release.pub"))
	if err := update.Verify(feed, sig, update.ParseKeyList(string(pub))); err != nil {
		t.Fatalf("client's Verify: %v", err)
	}
	f, err := update.ParseFeed(feed)
	if err != nil || f.Version != "1.4.0" || !f.Security || f.Notes.JA != "修正" || f.Platforms["windows-amd64"].Size != 20 {
		t.Fatalf("feed %+v, %v", f, err)
	}
	if d := time.Until(f.Expires); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Errorf("expires in %v, want 30 days", d)
	}

	if out, err := run(p("stranger.key")); err == nil || !strings.Contains(out, "does not trust") {
		t.Fatalf("signed by a stranger's key: %v\n%s", err, out)
	}

	write(t, installer, "MZ pretend installeR")
	if _, err := release.Check(feed, sig, update.ParseKeyList(string(pub)), time.Now(), []release.File{{"windows-amd64", installer, "https://downloads.example/Omamori-Setup-1.4.0.exe"}}); err == nil {
		t.Fatal("verify accepted a changed installer")
	}
}

// Make refuses what a client would refuse: a plain-http URL, a minimum
// above the version, a platform twice.
func TestMakeRefuses(t *testing.T) {
	dir := t.TempDir()
	f := write(t, filepath.Join(dir, "x.exe"), "x")
	spec := release.Spec{Version: "1.4.0", Minimum: "1.2.0", NotesJA: "j", NotesEN: "e", Expires: time.Now().Add(time.Hour),
		Files: []release.File{{Platform: "windows-amd64", Path: f, URL: "https://a.example/x.exe"}}}
	if _, err := release.Make(spec); err != nil {
		t.Fatalf("good spec: %v", err)
	}
	bad := spec
	bad.Files = []release.File{{Platform: "windows-amd64", Path: f, URL: "http://a.example/x.exe"}}
	if _, err := release.Make(bad); err == nil {
		t.Error("http URL accepted")
	}
	bad = spec
	bad.Minimum = "1.5.0"
	if _, err := release.Make(bad); err == nil {
		t.Error("minimum above version accepted")
	}
	bad = spec
	bad.Files = append(bad.Files, bad.Files[0])
	if _, err := release.Make(bad); err == nil {
		t.Error("platform twice accepted")
	}
}
