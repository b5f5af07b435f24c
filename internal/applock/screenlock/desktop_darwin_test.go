//go:build darwin

package screenlock

import (
	"testing"

	"github.com/ebitengine/purego/objc"

	"github.com/omamori-app/omamori/internal/applock"
)

// For a Mac (not run on this project's Linux machines): NSWorkspace's
// will-sleep notification, posted to this process's own workspace
// center, means sleep, and after stop it is not heard. (The screen-lock
// notification is distributed to every app of the Mac: a test does not
// post it.)
func TestWorkspaceWillSleepIsHeard(t *testing.T) {
	var heard []applock.Event
	stop := WatchDesktop(func(e applock.Event) { heard = append(heard, e) })
	ws := classSend("NSWorkspace", selSharedWorkspace)
	if ws == 0 {
		t.Fatal("no NSWorkspace class")
	}
	center := ws.Send(selNotificationCenter)
	name := objc.ID(objc.GetClass("NSString")).Send(selWithUTF8, willSleep)
	post := objc.RegisterName("postNotificationName:object:")
	// A nil queue: the observer runs here, before postNotificationName returns.
	center.Send(post, name, objc.ID(0))
	if len(heard) != 1 || heard[0] != applock.Sleeping {
		t.Fatalf("heard %v, want [Sleeping]", heard)
	}
	stop()
	center.Send(post, name, objc.ID(0))
	if len(heard) != 1 {
		t.Fatalf("heard %v after stop", heard[1:])
	}
}
