//go:build darwin

package screenlock

import (
	"github.com/ebitengine/purego"
	"github.com/ebitengine/purego/objc"

	"github.com/omamori-app/omamori/internal/applock"
)

// On macOS the watch is two block observers, called without cgo
// (purego's Objective-C runtime, as internal/applock's Touch ID):
// "com.apple.screenIsLocked" on NSDistributedNotificationCenter (what
// loginwindow posts when the screen locks; not a documented API, but the
// one every Mac app that locks with the screen listens to) and
// NSWorkspaceWillSleepNotification on NSWorkspace's own center. A nil
// queue: the block runs where the center posts, the main thread's run
// loop, which Fyne's event loop runs; f is safe on any thread.

const appKitFramework = "/System/Library/Frameworks/AppKit.framework/AppKit"

var (
	selDefaultCenter      = objc.RegisterName("defaultCenter")
	selSharedWorkspace    = objc.RegisterName("sharedWorkspace")
	selNotificationCenter = objc.RegisterName("notificationCenter")
	selAddObserver        = objc.RegisterName("addObserverForName:object:queue:usingBlock:")
	selRemoveObserver     = objc.RegisterName("removeObserver:")
	selWithUTF8           = objc.RegisterName("stringWithUTF8String:")
)

// The notifications heard. NSWorkspace's constant's value is its name.
const (
	screenIsLocked = "com.apple.screenIsLocked"
	willSleep      = "NSWorkspaceWillSleepNotification"
)

// WatchDesktop hears the screen lock and sleep (see above); where a
// center is missing, that trigger is not heard and idle time still
// locks. stop removes the observers.
func WatchDesktop(f func(applock.Event)) (stop func()) {
	if _, err := purego.Dlopen(appKitFramework, purego.RTLD_NOW|purego.RTLD_GLOBAL); err != nil {
		return func() {}
	}
	var stops []func()
	observe := func(center objc.ID, name string, e applock.Event) {
		if center == 0 {
			return
		}
		block := objc.NewBlock(func(_ objc.Block, _ objc.ID) { f(e) })
		nsName := objc.ID(objc.GetClass("NSString")).Send(selWithUTF8, name)
		// The center keeps the token (and a copy of the block) until
		// removeObserver:.
		token := center.Send(selAddObserver, nsName, objc.ID(0), objc.ID(0), block)
		if token == 0 {
			block.Release()
			return
		}
		stops = append(stops, func() {
			center.Send(selRemoveObserver, token)
			block.Release()
		})
	}
	observe(classSend("NSDistributedNotificationCenter", selDefaultCenter), screenIsLocked, applock.ScreenLocked)
	if ws := classSend("NSWorkspace", selSharedWorkspace); ws != 0 {
		observe(ws.Send(selNotificationCenter), willSleep, applock.Sleeping)
	}
	return func() {
		for _, st := range stops {
			st()
		}
	}
}

// classSend sends sel to the class named, 0 when there is no such class.
func classSend(class string, sel objc.SEL) objc.ID {
	c := objc.GetClass(class)
	if c == 0 {
		return 0
	}
	return objc.ID(c).Send(sel)
}
