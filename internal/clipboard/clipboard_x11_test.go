//go:build linux && cgo

package clipboard

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/testenv"
)

// xclip reads the clipboard as another X client does.
func xclip(t *testing.T, target string) string {
	t.Helper()
	out, err := exec.Command("xclip", "-o", "-selection", "clipboard", "-t", target).Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// The X11 adapter against the real X server (scripts/test.sh's Xvfb) and
// xclip as the other program.
func TestX11OffersTheTextAndTheSecretHint(t *testing.T) {
	if os.Getenv("CLIPBOARD_X11_CHILD") == "" {
		// On an X server of its own (the clipboard is one per server and
		// other packages' tests copy at the same time), in a child process:
		// the adapter keeps its connection for the life of the process, and
		// Xlib ends a process whose server goes away.
		testenv.Tool(t, "xclip", "xclip")
		testenv.OwnDisplay(t)
		cmd := exec.Command(os.Args[0], "-test.run=^TestX11OffersTheTextAndTheSecretHint$", "-test.v")
		cmd.Env = append(os.Environ(), "CLIPBOARD_X11_CHILD=1")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS") {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	c, ok := System()
	if !ok {
		t.Fatal("no X11 clipboard adapter")
	}
	c.SetContent("123456")
	if got := c.Content(); got != "123456" {
		t.Fatalf("Content() = %q", got)
	}
	if got := xclip(t, "UTF8_STRING"); got != "123456" {
		t.Fatalf("another program reads %q", got)
	}
	if got := xclip(t, "TARGETS"); !strings.Contains(got, "x-kde-passwordManagerHint") {
		t.Fatalf("targets %q lack x-kde-passwordManagerHint", got)
	}
	if got := xclip(t, "x-kde-passwordManagerHint"); got != "secret" {
		t.Fatalf("x-kde-passwordManagerHint = %q, want secret", got)
	}

	// Another program copies: we read its text and no longer offer ours.
	cmd := exec.Command("xclip", "-quiet", "-i", "-selection", "clipboard", "-loops", "1")
	cmd.Stdin = strings.NewReader("my letter")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	got := ""
	for i := 0; i < 200 && got != "my letter"; i++ {
		time.Sleep(10 * time.Millisecond)
		got = c.Content()
	}
	_ = cmd.Wait()
	if got != "my letter" {
		t.Fatalf("after another program copied, Content() = %q", got)
	}

	c.SetContent("654321")
	c.SetContent("")
	if got := c.Content(); got != "" {
		t.Fatalf("after clearing Content() = %q", got)
	}
	if got := xclip(t, "UTF8_STRING"); got != "" {
		t.Fatalf("after clearing another program reads %q", got)
	}
}
