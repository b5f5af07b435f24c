package codes

import (
	"errors"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/clipboard"
)

type memClip struct {
	s    string
	sets int
	fail bool // SetContent fails, as when another program holds the clipboard
}

func (c *memClip) Content() string { return c.s }

func (c *memClip) SetContent(s string) error {
	if c.fail {
		return errors.New("clipboard held by another program")
	}
	c.s = s
	c.sets++
	return nil
}

var t0 = time.Date(2026, 11, 22, 9, 0, 59, 0, time.UTC)

// eachClipboard runs a guard test against memory and, where there is one,
// the OS clipboard adapter (internal/clipboard: the Windows one runs under
// wine in scripts/windows-smoke.sh), so the clear-after-delay and
// clear-only-ours rules hold for what the app really uses.
func eachClipboard(t *testing.T, f func(t *testing.T, clip Clipboard)) {
	t.Run("memory", func(t *testing.T) { f(t, &memClip{}) })
	if c, ok := clipboard.System(); ok {
		t.Run("system", func(t *testing.T) {
			c.SetContent("")
			defer c.SetContent("")
			f(t, c)
		})
	}
}

func TestGuardClearsOnlyOurCode(t *testing.T) {
	eachClipboard(t, func(t *testing.T, clip Clipboard) {
		g := NewGuard(clip, 30*time.Second)
		same := func(string) (string, bool) { return "111111", true }
		g.Copy("a", "111111", t0)
		if clip.Content() != "111111" {
			t.Fatal("copy did not set the clipboard")
		}
		g.Tick(t0.Add(29*time.Second), same)
		if clip.Content() != "111111" {
			t.Fatal("cleared before the delay")
		}
		g.Tick(t0.Add(30*time.Second), same)
		if clip.Content() != "" {
			t.Fatal("not cleared after the delay")
		}

		// The user copied something else meanwhile: leave it.
		g.Copy("a", "111111", t0)
		clip.SetContent("my letter")
		g.Tick(t0.Add(31*time.Second), same)
		if clip.Content() != "my letter" {
			t.Fatalf("cleared someone else's clipboard: %q", clip.Content())
		}
		if g.ClearIfOurs() || clip.Content() != "my letter" {
			t.Fatal("quit cleared someone else's clipboard")
		}
	})
}

func TestGuardClearOnQuit(t *testing.T) {
	eachClipboard(t, func(t *testing.T, clip Clipboard) {
		g := NewGuard(clip, 0) // never on a timer
		g.Copy("a", "222222", t0)
		g.Tick(t0.Add(time.Hour), func(string) (string, bool) { return "222222", true })
		if clip.Content() != "222222" {
			t.Fatal("cleared although the delay is 'never'")
		}
		if !g.ClearIfOurs() || clip.Content() != "" {
			t.Fatal("quit did not clear our code")
		}
	})
}

func TestGuardRecopiesOnce(t *testing.T) {
	eachClipboard(t, func(t *testing.T, clip Clipboard) {
		g := NewGuard(clip, 30*time.Second)
		code := "111111"
		cur := func(string) (string, bool) { return code, true }
		g.Copy("a", code, t0) // copied in the step's last second
		code = "333333"       // new step
		if !g.Tick(t0.Add(time.Second), cur) || clip.Content() != "333333" {
			t.Fatalf("not re-copied: %q", clip.Content())
		}
		code = "444444"
		if g.Tick(t0.Add(2*time.Second), cur) || clip.Content() != "333333" {
			t.Fatal("re-copied twice")
		}
		if g.ClearIfOurs(); clip.Content() != "" {
			t.Fatal("re-copied code is not cleared as ours")
		}
	})
}

func TestGuardNoRecopyLateOrForeign(t *testing.T) {
	eachClipboard(t, func(t *testing.T, clip Clipboard) {
		g := NewGuard(clip, 30*time.Second)
		code := "111111"
		cur := func(string) (string, bool) { return code, true }
		g.Copy("a", code, t0)
		code = "555555"
		g.Tick(t0.Add(RecopyWindow+time.Second), cur)
		if clip.Content() != "111111" {
			t.Fatal("re-copied long after the copy")
		}
		g.Copy("a", "111111", t0)
		clip.SetContent("other")
		g.Tick(t0.Add(time.Second), cur)
		if clip.Content() != "other" {
			t.Fatal("re-copy overwrote the user's own clipboard")
		}
	})
}

// A copy that did not reach the clipboard arms nothing: no clearing of a
// code that is not there, and a code of ours copied before keeps its own
// timer (issue 22).
func TestGuardFailedCopyArmsNothing(t *testing.T) {
	clip := &memClip{fail: true}
	g := NewGuard(clip, 30*time.Second)
	if err := g.Copy("a", "111111", t0); err == nil {
		t.Fatal("Copy reported no error from a failing clipboard")
	}
	if g.Holding() {
		t.Fatal("a failed copy armed the guard")
	}

	clip.fail = false
	if err := g.Copy("a", "111111", t0); err != nil {
		t.Fatal(err)
	}
	clip.fail = true
	if err := g.Copy("b", "222222", t0.Add(20*time.Second)); err == nil {
		t.Fatal("second Copy reported no error")
	}
	clip.fail = false
	g.Tick(t0.Add(30*time.Second), func(string) (string, bool) { return "111111", true })
	if clip.Content() != "" {
		t.Fatalf("the first code was not cleared on its own timer: %q", clip.Content())
	}
}

// OnClipboard asks the clipboard: a code the user replaced is no longer
// ours, even with "never clear", where Holding would keep it for ever.
func TestGuardOnClipboard(t *testing.T) {
	eachClipboard(t, func(t *testing.T, clip Clipboard) {
		g := NewGuard(clip, 0) // never on a timer
		if g.OnClipboard() {
			t.Fatal("nothing copied, yet a code of ours is on the clipboard")
		}
		g.Copy("a", "333333", t0)
		if !g.OnClipboard() || !g.Holding() {
			t.Fatal("our code is on the clipboard, yet OnClipboard says no")
		}
		clip.SetContent("my letter")
		if g.OnClipboard() || g.Holding() {
			t.Fatal("the user's text replaced our code, yet the guard still holds it")
		}
		if g.ClearIfOurs() || clip.Content() != "my letter" {
			t.Fatal("the guard cleared the user's text")
		}

		g = NewGuard(clip, 30*time.Second)
		g.Copy("a", "444444", t0)
		g.Tick(t0.Add(30*time.Second), func(string) (string, bool) { return "444444", true })
		if g.OnClipboard() {
			t.Fatal("cleared on time, yet still on the clipboard")
		}
	})
}
