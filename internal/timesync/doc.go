// Package timesync measures how far the PC clock is off real time and,
// when that is safe, corrects the time codes are computed for.
//
// # Sign convention
//
// Offset is real time minus PC time: the amount to add to the PC clock.
// A PC that is 72 s slow has Offset +72 s ("パソコンの時計が1分12秒遅れています",
// label "時刻補正中 +72秒"); a PC 72 s fast has Offset -72 s. Offsets are kept
// in seconds with sub-second precision, never rounded to minutes.
//
// # Sources and trust
//
// SNTP servers (github.com/beevik/ntp) and HTTPS servers' Date headers
// (certificate checked: the authenticated sources) are asked in
// parallel, each with a timeout. SNTP is unauthenticated, so codes are
// corrected only when at least MinSources (2) answers from independent
// hosts agree, an HTTPS answer among them and no other HTTPS answer
// against them, and only up to Config.MaxCorrection (10 min; a policy may
// allow up to 1 h). An SNTP answer agrees with an HTTPS one only inside
// the Date header's one-second window (± RTT/2 each, plus 0.25 s), so SNTP
// refines the offset but never moves it beyond the authenticated second;
// two SNTP answers agree within AgreeWithin (2 s) plus their RTT/2. Hosts
// are independent when their names differ and they did not answer from
// the same IP address; two ports of one host count once. The result rests
// on an authenticated answer whenever there is one: SNTP answers that
// contradict it are reported (Result.Disputed), never followed. Without
// one, NTP alone may warn (ReasonUnconfirmed) and the report rests on the
// agreeing group, else on the answer nearest zero, so one forged packet
// neither moves codes nor raises an alarm another answer contradicts.
// NTS (RFC 8915) would authenticate NTP itself, but no Go module for it
// can be fetched here (github.com/beevik/nts is refused); see
// docs/security.md, "Time corrections".
//
// Thresholds on |Offset|: under 5 s nothing (Kind OK, no correction);
// 5–15 s Severity Notice; 15 s and more Severity Warning. An offset within
// 2 s of a non-zero multiple of 15 minutes is Kind TimeZone (a wrong time
// zone, not a wrong clock), with its own message and fix steps.
//
// # Rate limits
//
// Each server is asked at most once per Config.MinInterval (5 min; NICT
// asks for at most ~20 queries an hour), failures included. After a wake
// (Wake, or noticed by Start's loop) or a change of the PC clock, a server
// may be asked again one minute after its last query. A server that
// answers kiss-of-death (or HTTP 429) is left alone for an hour. Answers
// are cached in memory and, with Config.CacheFile, on disk (server names,
// addresses, offsets and times only), so the CLI started anew neither
// waits nor asks again.
//
// A change of the PC clock is noticed from the boot epoch (PC time minus
// uptime including sleep): answers measured under another epoch are not
// used, so a user who follows the fix steps is not "corrected" twice.
//
// # For the CLI (omamori doctor, omamori code)
//
//	// the defaults, the user's time-settings.json, a company's
//	// time-policy.json, then --time-server or $OMAMORI_TIME_SERVERS;
//	// cached in the settings folder. cmd/omamori hands this loader to
//	// the window and the command alike.
//	c, err := timesync.Load(configDir, flagValue) // err: *i18n.Error
//
//	// doctor: measure (bounded by cfg.Timeout per server) and report
//	r := c.Check(ctx)
//	json.Marshal(r) // offset_seconds, correcting, sources, message{en,ja}, ...
//	r.Message(lang); timesync.FixSteps(timesync.DetectPlatform(), r.Kind)
//
//	// code: never wait on the network
//	g.At(c.Now()) // PC time + cached correction, instant
//	// or, accepting at most a short delay when the cache is stale:
//	ctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond); c.Check(ctx); cancel()
//
// # For the GUI
//
//	c, err := timesync.Load(configDir, "") // the same loader; again after the user saves other servers
//	c.OnResult(func(r timesync.Result) { fyne.Do(func() { showBanner(r) }) })
//	c.Start(ctx)      // check now, on Refresh/Wake, every Recheck
//	c.Refresh()       // when the code view opens (rate-limited, never blocks)
//	c.Wake()          // on a resume event, if the platform gives one
//	c.Now()           // for every code; instant
//	r := c.Last()     // instant
//	r.CorrectionLabel() // "時刻補正中 +72秒" / zero Message when not correcting
//	r.Severity        // None: nothing; Notice: a quiet line; Warning: a banner
//	r.Summary(), r.Details() // headline and follow-up sentences (i18n.Message)
//	timesync.FixSteps(timesync.DetectPlatform(), r.Kind) // numbered steps
//	timesync.FixNote() // the unnumbered line after them
//	timesync.OpenSettings(timesync.ExecRunner{}, timesync.DetectPlatform()) // the button
//
// Kind Unknown (nothing answered) is shown quietly: Summary says the time
// could not be checked; codes are shown as usual.
//
// Tests elsewhere can start loopback time servers with package
// timesynctest (a minimal SNTP responder, and chronyd under faketime).
package timesync
