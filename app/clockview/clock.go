package clockview

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/internal/support"
	"github.com/omamori-app/omamori/internal/timesync"
)

// Clock runs the PC clock check behind the window: it gives codes the
// corrected time, shows each result on its banner, and makes a new
// checker when the user saves other time servers, so that codes, the
// banner and サポート情報 follow the new settings at once.
type Clock struct {
	open      func() (*timesync.Checker, error)
	prefsPath string

	mu     sync.Mutex
	cur    *timesync.Checker
	cancel context.CancelFunc
	banner *Banner
}

// NewClock makes the clock from open (timesync.Load in the settings
// folder; called again after every save) and the user's time settings
// file (config.TimePrefs). It checks nothing until Start.
func NewClock(open func() (*timesync.Checker, error), prefsPath string) *Clock {
	return &Clock{open: open, prefsPath: prefsPath}
}

// Now is the corrected time for codes: instant, never waits.
func (c *Clock) Now() time.Time {
	if cur := c.current(); cur != nil {
		return cur.Now()
	}
	return time.Now()
}

func (c *Clock) current() *timesync.Checker {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// Start shows the results on b from now on and starts the first check.
// Call it on the UI goroutine, once.
func (c *Clock) Start(b *Banner) {
	c.banner = b
	c.restart()
}

// Refresh asks the servers again if they are due: rate-limited, never
// blocks. The window calls it when it comes back to the foreground (after
// sleep, say): Windows gives Go no resume event.
func (c *Clock) Refresh() {
	if cur := c.current(); cur != nil {
		cur.Refresh()
	}
}

// restart replaces the checker (after the settings changed) and starts it.
// A checker that cannot be made (a broken policy file) leaves the codes on
// the PC clock with no banner, as offline would.
func (c *Clock) restart() {
	next, err := c.open()
	if err != nil {
		fyne.LogError("clock check not started", err)
		next = nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.mu.Lock()
	if c.cancel != nil {
		c.cancel()
	}
	c.cur, c.cancel = next, cancel
	c.mu.Unlock()
	if next == nil {
		c.show(timesync.Result{})
		return
	}
	next.OnResult(func(r timesync.Result) {
		fyne.Do(func() {
			if c.current() == next {
				c.show(r)
			}
		})
	})
	c.show(next.Last())
	next.Start(ctx)
}

// show puts r on the banner, once there is one (Start).
func (c *Clock) show(r timesync.Result) {
	if c.banner != nil {
		c.banner.Show(r)
	}
}

// Stop ends the background checks.
func (c *Clock) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
	}
}

// Status is the clock's verdict for the support code.
func (c *Clock) Status() support.ClockStatus {
	cur := c.current()
	if cur == nil {
		return support.ClockUnknown
	}
	return support.Clock(cur.Last())
}

// Prefs are the user's time servers and correction choice, for the settings.
func (c *Clock) Prefs() timesync.Prefs {
	p, err := timesync.LoadPrefs(c.prefsPath)
	if err != nil {
		fyne.LogError("time settings not loaded", err)
	}
	return p
}

// SavePrefs stores the user's choice and restarts the check with it.
func (c *Clock) SavePrefs(p timesync.Prefs) error {
	if err := timesync.SavePrefs(c.prefsPath, p); err != nil {
		return err
	}
	c.restart()
	return nil
}
