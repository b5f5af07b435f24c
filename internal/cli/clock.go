package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
)

// The clock check around `code`: a warning, never a wait.

// openClockOrWarn is the clock for `code`: when a settings file stops it
// from being built, the codes are still shown, uncorrected, and the
// warning says which file to fix.
func (e *Env) openClockOrWarn(servers string) Clock {
	c, err := e.openClock(servers)
	if err != nil {
		e.errorf(cat.M("clock_check_off", "Error", i18n.Localize(err, e.Lang)))
		return nil
	}
	return c
}

// clockNotice checks the clock briefly after the codes are out and says
// so when it is wrong: the codes themselves never wait for the network.
func (e *Env) clockNotice(ctx context.Context, c Clock) {
	if c == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	r := c.Check(ctx)
	if r.Severity >= timesync.Warning {
		fmt.Fprintln(e.Stderr, e.t(r.Summary()))
		for _, m := range r.Details() {
			fmt.Fprintln(e.Stderr, e.t(m))
		}
	}
	if label := r.CorrectionLabel(); !label.IsZero() {
		fmt.Fprintln(e.Stderr, e.t(label))
	}
}
