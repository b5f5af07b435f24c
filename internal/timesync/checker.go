package timesync

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

const (
	wakeFloor    = time.Minute // after a wake or a set clock, a server may be asked again this soon
	slowDownHold = time.Hour   // after kiss-of-death / HTTP 429
	sampleMaxAge = time.Hour   // older answers are not used
	sleepGap     = 10 * time.Second
)

// Checker measures the clock in the background and corrects Now.
// All methods are safe for concurrent use; Now and Last never wait for
// the network.
type Checker struct {
	cfg   Config
	sntp  QueryFunc
	https QueryFunc
	clock PCClock

	checkMu sync.Mutex // one Check at a time

	mu        sync.Mutex
	srcs      []*source
	last      Result
	corrEpoch time.Time // boot epoch when the correction was set
	wokeAt    time.Time // last Wake or detected clock change
	onResult  func(Result)
	started   bool
	sleepPoll time.Duration // how often Start's loop looks for a sleep

	kick chan struct{}
}

// source is one configured server and what it last said.
type source struct {
	id    SourceResult  // Server, Proto, host
	good  *SourceResult // last answer, if any
	tried time.Time     // PC time of the last attempt
	err   string        // last attempt's error
	fresh bool          // good came from the latest Check
	hold  time.Time     // asked to slow down: leave alone until then
}

// Option changes how a Checker reaches the outside; tests use them.
type Option func(*Checker)

// WithHTTPS replaces the HTTPS Date query (default HTTPSDate(nil)).
func WithHTTPS(f QueryFunc) Option { return func(c *Checker) { c.https = f } }

// WithHTTPClient makes HTTPS Date queries with client (e.g. one that
// trusts a test certificate, or a company proxy).
func WithHTTPClient(client *http.Client) Option { return WithHTTPS(HTTPSDate(client)) }

// WithClock replaces the PC clock.
func WithClock(clk PCClock) Option { return func(c *Checker) { c.clock = clk } }

// New makes a Checker. It does not touch the network; when cfg.CacheFile
// holds recent answers, Last and Now use them at once. The error is an
// *i18n.Error for a bad Config.
func New(cfg Config, opts ...Option) (*Checker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	def := DefaultConfig()
	if cfg.MaxCorrection == 0 {
		cfg.MaxCorrection = def.MaxCorrection
	}
	if cfg.MinInterval == 0 {
		cfg.MinInterval = def.MinInterval
	}
	if cfg.Recheck == 0 {
		cfg.Recheck = def.Recheck
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = def.Timeout
	}
	c := &Checker{cfg: cfg, sntp: QuerySNTP, https: HTTPSDate(nil), clock: systemClock{},
		kick: make(chan struct{}, 1), sleepPoll: 15 * time.Second}
	for _, o := range opts {
		o(c)
	}
	add := func(p Proto, server, host string) {
		for _, s := range c.srcs {
			if s.id.Proto == p && s.id.Server == server {
				return
			}
		}
		c.srcs = append(c.srcs, &source{id: SourceResult{Server: server, Proto: p, host: host}})
	}
	for _, s := range cfg.NTPServers {
		h, _ := ntpHost(s)
		add(SNTP, s, h)
	}
	for _, s := range cfg.HTTPSServers {
		h, _ := httpsHost(s)
		add(HTTPS, s, h)
	}
	c.loadCache()
	now, ep := epoch(c.clock)
	c.mu.Lock()
	c.evaluate(now, ep)
	c.mu.Unlock()
	return c, nil
}

// Enabled reports whether any server is configured; a policy with empty
// lists turns checking off, and then nothing should be shown.
func (c *Checker) Enabled() bool { return len(c.srcs) > 0 }

// Config returns the configuration in use, defaults filled in.
func (c *Checker) Config() Config { return c.cfg }

// Now is the PC time plus the active correction. It is instant. If the
// PC clock has been set since the correction was measured, it drops the
// correction and asks the background loop to measure again.
func (c *Checker) Now() time.Time {
	now, ep := epoch(c.clock)
	c.mu.Lock()
	if ep.Sub(c.corrEpoch).Abs() <= StepTolerance && (!c.last.Correcting || now.Sub(c.last.CheckedAt) <= sampleMaxAge) {
		off := c.last.Correction()
		c.mu.Unlock()
		return now.Add(off)
	}
	// The clock was set (or the answers grew old): what was measured no
	// longer holds. Re-decide from what is still usable and measure again.
	c.wokeAt = now
	r := c.evaluate(now, ep)
	fn := c.onResult
	c.mu.Unlock()
	c.Refresh()
	if fn != nil {
		go fn(r)
	}
	return now.Add(r.Correction())
}

// Last returns the latest Result without touching the network.
func (c *Checker) Last() Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last.clone()
}

// OnResult sets a function called with every new Result (from Check, the
// background loop, or Now noticing a set clock). It runs on the checker's
// goroutine: a GUI must hand it to its UI thread (fyne.Do).
func (c *Checker) OnResult(fn func(Result)) {
	c.mu.Lock()
	c.onResult = fn
	c.mu.Unlock()
}

// Check asks every server that is due (respecting MinInterval and slow-down
// requests), in parallel, each bounded by Config.Timeout and ctx, and
// returns the new Result. Servers not due contribute their cached answer.
func (c *Checker) Check(ctx context.Context) Result {
	c.checkMu.Lock()
	defer c.checkMu.Unlock()

	c.loadCache() // another process (GUI, CLI) may have asked meanwhile
	now, ep := epoch(c.clock)
	c.mu.Lock()
	var due []*source
	for _, s := range c.srcs {
		if c.isDue(s, now, ep) {
			due = append(due, s)
		}
	}
	c.mu.Unlock()

	type answer struct {
		m   Measurement
		err error
		at  time.Time
		ep  time.Time
	}
	answers := make([]answer, len(due))
	var wg sync.WaitGroup
	for i, s := range due {
		q := c.sntp
		if s.id.Proto == HTTPS {
			q = c.https
		}
		wg.Go(func() {
			m, err := q(ctx, s.id.Server, c.cfg.Timeout)
			at, aep := epoch(c.clock)
			answers[i] = answer{m, err, at, aep}
		})
	}
	wg.Wait()

	now, ep = epoch(c.clock)
	c.mu.Lock()
	for _, s := range c.srcs {
		s.fresh = false
	}
	for i, s := range due {
		a := answers[i]
		s.tried = a.at
		if a.err != nil {
			s.err = a.err.Error()
			if errors.Is(a.err, ErrSlowDown) {
				s.hold = a.at.Add(slowDownHold)
			}
			continue
		}
		g := s.id
		g.Offset, g.Uncertainty, g.RTT, g.Addr = a.m.Offset, a.m.Uncertainty, a.m.RTT, a.m.Addr
		g.At, g.epoch = a.at, a.ep
		s.good, s.err, s.fresh = &g, "", true
	}
	r := c.evaluate(now, ep)
	fn := c.onResult
	c.mu.Unlock()

	c.saveCache()
	if fn != nil {
		fn(r)
	}
	return r
}

// Refresh asks the background loop (Start) to check soon, within the rate
// limits. It never blocks. Call it when the code view opens.
func (c *Checker) Refresh() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// Wake tells the checker the PC has just woken from sleep: servers are
// asked again even if their last answer is newer than MinInterval (but
// not within a minute of it). It never blocks.
func (c *Checker) Wake() {
	c.mu.Lock()
	c.wokeAt = c.clock.Now()
	c.mu.Unlock()
	c.Refresh()
}

// Start runs the background loop until ctx ends: a check now, then on
// Refresh, Wake or a noticed clock change, and every Config.Recheck
// (sooner while the result is unconfirmed and a server becomes due).
// It also notices a sleep by itself where Go's monotonic clock stops
// during sleep while the uptime clock runs on (Linux, macOS); elsewhere
// the caller's Wake covers it. Calling Start again does nothing.
func (c *Checker) Start(ctx context.Context) {
	c.mu.Lock()
	if c.started {
		c.mu.Unlock()
		return
	}
	c.started = true
	c.mu.Unlock()
	go c.watchSleep(ctx)
	go func() {
		for {
			c.Check(ctx)
			t := time.NewTimer(c.nextWait())
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-c.kick:
			case <-t.C:
			}
			t.Stop()
		}
	}()
}

// watchSleep calls Wake when the uptime clock (which counts sleep) ran
// well ahead of Go's monotonic clock between two looks.
func (c *Checker) watchSleep(ctx context.Context) {
	t := time.NewTicker(c.sleepPoll)
	defer t.Stop()
	up, mono := c.clock.Uptime(), time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		up2, mono2 := c.clock.Uptime(), time.Now()
		if (up2-up)-mono2.Sub(mono) > sleepGap {
			c.Wake()
		}
		c.Now() // notices a set clock even while no one asks for codes
		up, mono = up2, mono2
	}
}

// nextWait is how long the loop sleeps: Recheck, or until the next server
// becomes due when that could confirm or restore a result.
func (c *Checker) nextWait() time.Duration {
	now, ep := epoch(c.clock)
	c.mu.Lock()
	defer c.mu.Unlock()
	wait := c.cfg.Recheck
	// Settled: agreed, and authenticated if any HTTPS source could say so.
	settled := c.last.Agreed && (c.last.Authenticated || len(c.cfg.HTTPSServers) == 0)
	for _, s := range c.srcs {
		if settled && !c.wantsRefresh(s, ep) {
			continue
		}
		if d := c.dueAt(s, ep).Sub(now); d < wait {
			wait = d
		}
	}
	return max(wait, time.Second)
}

// isDue reports whether s may be asked now. Callers hold c.mu.
func (c *Checker) isDue(s *source, now, ep time.Time) bool {
	return s.tried.IsZero() || s.tried.After(now) || !now.Before(c.dueAt(s, ep))
}

func (c *Checker) dueAt(s *source, ep time.Time) time.Time {
	gap := c.cfg.MinInterval
	if c.wantsRefresh(s, ep) {
		gap = wakeFloor
	}
	due := s.tried.Add(gap)
	if s.hold.After(due) {
		due = s.hold
	}
	return due
}

// wantsRefresh: s was last asked before a wake, or its answer predates a
// change of the PC clock.
func (c *Checker) wantsRefresh(s *source, ep time.Time) bool {
	if !c.wokeAt.IsZero() && s.tried.Before(c.wokeAt) {
		return true
	}
	return s.good != nil && ep.Sub(s.good.epoch).Abs() > StepTolerance
}

// evaluate decides from the usable answers, stores the result and the
// epoch of its correction. Callers hold c.mu.
func (c *Checker) evaluate(now, ep time.Time) Result {
	srcs := make([]SourceResult, 0, len(c.srcs))
	for _, s := range c.srcs {
		switch {
		case s.good != nil && usable(s.good, now, ep):
			g := *s.good
			g.Cached = !s.fresh
			srcs = append(srcs, g)
		case !s.tried.IsZero():
			e := s.id
			e.At, e.Err = s.tried, s.err
			if e.Err == "" {
				e.Err = "answer out of date: the PC clock was changed or it is too old"
			}
			srcs = append(srcs, e)
		}
	}
	c.last = decide(srcs, c.cfg, now)
	switch {
	case len(c.srcs) == 0:
		c.last.Reason = ReasonDisabled
	case !c.last.Checked && slices.ContainsFunc(c.srcs, pending):
		c.last.Reason = ReasonPending
	}
	c.corrEpoch = ep
	return c.last.clone()
}

// pending: s has not been asked yet, or not since its answer went stale.
func pending(s *source) bool {
	return s.tried.IsZero() || s.good != nil && s.err == "" && !s.tried.After(s.good.At)
}

// usable: measured under the current boot epoch (nobody set the clock
// since) and recent enough.
func usable(g *SourceResult, now, ep time.Time) bool {
	return ep.Sub(g.epoch).Abs() <= StepTolerance && now.Sub(g.At) <= sampleMaxAge && !g.At.After(now.Add(StepTolerance))
}

func (r Result) clone() Result {
	r.Sources = append([]SourceResult(nil), r.Sources...)
	if r.Disputed != nil {
		d := *r.Disputed
		r.Disputed = &d
	}
	return r
}

// addrHost is the IP part of "ip:port", or "".
func addrHost(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return ""
	}
	return h
}
