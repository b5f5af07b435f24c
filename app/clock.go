package app

import (
	"context"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/omamori-app/omamori/app/clockview"
	"github.com/omamori-app/omamori/app/ui"
	"github.com/omamori-app/omamori/internal/support"
	"github.com/omamori-app/omamori/internal/timesync"
)

// ClockWrongFrom is the offset the support code reports as a wrong clock
// (support.ClockWrongFrom).
const ClockWrongFrom = support.ClockWrongFrom

// clock holds the running clock check. Saving the time servers in the
// settings makes a new checker; codes, the banner and サポート情報 follow it.
type clock struct {
	make func() (*timesync.Checker, error)
	dir  string

	mu     sync.Mutex
	cur    *timesync.Checker
	cancel context.CancelFunc
	banner *clockview.Banner
}

// now is the corrected time for codes: instant, never waits.
func (c *clock) now() time.Time {
	c.mu.Lock()
	cur := c.cur
	c.mu.Unlock()
	if cur == nil {
		return time.Now()
	}
	return cur.Now()
}

// mount puts the banner above the codes and starts the first check.
func (c *clock) mount(sh *ui.Shell) {
	c.banner = clockview.New(clockview.Options{Lang: sh.Language, Window: sh.Window()})
	sh.SetBanner(container.NewVBox(c.banner.Content(), c.banner.CorrectionLabel()))
	sh.OnRebuild = c.banner.Refresh
	// Coming back to the window (after sleep, say) asks again if due;
	// Refresh is rate-limited and never blocks. Windows gives Go no resume
	// event, so this is how a wake is noticed there.
	fyne.CurrentApp().Lifecycle().SetOnEnteredForeground(c.refresh)
	c.restart()
}

// refresh asks the servers again if they are due.
func (c *clock) refresh() {
	c.mu.Lock()
	cur := c.cur
	c.mu.Unlock()
	if cur != nil {
		cur.Refresh()
	}
}

// restart replaces the checker (after the settings changed) and starts it.
// A checker that cannot be made (a broken policy file) leaves the codes on
// the PC clock with no banner, as offline would.
func (c *clock) restart() {
	next, err := c.make()
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
		c.banner.Show(timesync.Result{})
		return
	}
	next.OnResult(func(r timesync.Result) {
		fyne.Do(func() {
			c.mu.Lock()
			current := c.cur == next
			c.mu.Unlock()
			if current {
				c.banner.Show(r)
			}
		})
	})
	c.banner.Show(next.Last())
	next.Start(ctx)
}

// stop ends the background checks.
func (c *clock) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
	}
}

// status is the clock's verdict for the support code.
func (c *clock) status() support.ClockStatus {
	c.mu.Lock()
	cur := c.cur
	c.mu.Unlock()
	if cur == nil {
		return support.ClockUnknown
	}
	return support.Clock(cur.Last())
}

func (c *clock) prefsPath() string { return filepath.Join(c.dir, timesync.PrefsFileName) }

// prefs are the user's time servers and correction choice, for the settings.
func (c *clock) prefs() timesync.Prefs {
	p, err := timesync.LoadPrefs(c.prefsPath())
	if err != nil {
		fyne.LogError("time settings not loaded", err)
	}
	return p
}

// savePrefs stores the user's choice and restarts the check with it.
func (c *clock) savePrefs(p timesync.Prefs) error {
	if err := timesync.SavePrefs(c.prefsPath(), p); err != nil {
		return err
	}
	c.restart()
	return nil
}
