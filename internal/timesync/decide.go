package timesync

import (
	"slices"
	"time"
)

// decide turns the sources' latest usable answers into a Result.
// Every answer is a claim. SNTP answers are unauthenticated: anyone on
// the network path can forge them. HTTPS answers come over a connection
// whose certificate was checked. So the result rests on an authenticated
// answer whenever there is one, and codes are corrected only when a group
// of at least MinSources independent hosts agrees, an HTTPS answer among
// them, and no other HTTPS answer contradicts it. SNTP answers may
// refine that offset (they are finer than the Date header's second) but
// alone they may only warn.
func decide(srcs []SourceResult, cfg Config, now time.Time) Result {
	r := Result{Sources: srcs, CheckedAt: now, Kind: Unknown, Reason: ReasonNoAnswer}
	var ok []int
	for i, s := range srcs {
		if s.OK() {
			ok = append(ok, i)
		}
	}
	if len(ok) == 0 {
		return r
	}
	r.Checked = true
	group := bestGroup(srcs, ok)
	r.Authenticated = hasAuth(srcs, group)
	if independent(srcs, group) >= MinSources {
		r.Agreed = true
	} else if !r.Authenticated {
		group = []int{fallback(srcs, ok)}
	}
	best := group[0] // the most precise answer of the group
	for _, i := range group {
		srcs[i].Used = true
		if srcs[i].Uncertainty < srcs[best].Uncertainty {
			best = i
		}
	}
	r.Offset = srcs[best].Offset
	authConflict := false
	if r.Authenticated {
		authConflict, r.Disputed = outsiders(srcs, ok, group, r.Offset)
	}
	classify(&r)
	r.Reason = reason(r, cfg, independent(srcs, ok), authConflict)
	r.Correcting = r.Reason == ReasonNone
	if r.Disputed != nil && r.Kind == OK {
		r.Severity = Notice // the clock is right, but say that the network lied
	}
	return r
}

// authSlack is how far apart two answers may be beyond their
// uncertainties when one of them is authenticated: room for reading the
// clocks on either side, not for a forged offset.
const authSlack = 250 * time.Millisecond

// agree reports whether two answers can be the same offset given their
// uncertainties. An SNTP answer agrees with an HTTPS one only inside the
// Date header's one-second window (± half the round trips); two SNTP
// answers get AgreeWithin more, as before.
func agree(a, b SourceResult) bool {
	d := (a.Offset - b.Offset).Abs()
	slack := AgreeWithin
	if a.Proto == HTTPS || b.Proto == HTTPS {
		slack = authSlack
	}
	return d <= slack+a.Uncertainty+b.Uncertainty
}

// bestGroup returns the set of mutually agreeing answers to rest the
// result on: the one with the most authenticated hosts, then the most
// independent hosts, then the one found first.
func bestGroup(srcs []SourceResult, ok []int) []int {
	var best []int
	bestAuth, bestN := -1, -1
	for _, anchor := range ok {
		cand := slices.Clone(ok)
		slices.SortStableFunc(cand, func(a, b int) int { // nearest to the anchor first
			return cmpAbs(srcs[a].Offset-srcs[anchor].Offset, srcs[b].Offset-srcs[anchor].Offset)
		})
		var g []int
		for _, i := range cand {
			if all(g, func(j int) bool { return agree(srcs[i], srcs[j]) }) {
				g = append(g, i)
			}
		}
		auth := independent(srcs, slices.DeleteFunc(slices.Clone(g), func(i int) bool { return srcs[i].Proto != HTTPS }))
		n := independent(srcs, g)
		if auth > bestAuth || (auth == bestAuth && n > bestN) {
			best, bestAuth, bestN = g, auth, n
		}
	}
	return best
}

// outsiders looks at the answers left out of an authenticated group:
// whether an HTTPS answer contradicts it (then nothing is corrected), and
// what the SNTP answers that contradict it by NoticeAt or more claimed —
// the offset a forger on the network path would have had us apply.
func outsiders(srcs []SourceResult, ok, group []int, offset time.Duration) (authConflict bool, disputed *time.Duration) {
	var claims []int
	for _, i := range ok {
		if slices.Contains(group, i) {
			continue
		}
		if srcs[i].Proto == HTTPS {
			authConflict = true
			continue
		}
		if (srcs[i].Offset - offset).Abs() >= NoticeAt {
			claims = append(claims, i)
		}
	}
	if len(claims) > 0 {
		g := bestGroup(srcs, claims) // their largest agreeing group
		d := srcs[g[0]].Offset
		disputed = &d
	}
	return authConflict, disputed
}

// fallback picks the answer to report when no group is confirmed and no
// authenticated answer came: the one nearest zero, so that a single
// outlier does not raise an alarm another answer contradicts.
func fallback(srcs []SourceResult, ok []int) int {
	pick := ok[0]
	for _, i := range ok[1:] {
		if cmpAbs(srcs[i].Offset, srcs[pick].Offset) < 0 {
			pick = i
		}
	}
	return pick
}

// independent counts distinct hosts among the answers. Two names that
// answered from the same address count once.
func independent(srcs []SourceResult, idx []int) int {
	var hosts, addrs []string
	n := 0
	for _, i := range idx {
		s := srcs[i]
		ip := addrHost(s.Addr)
		if slices.Contains(hosts, s.host) || (ip != "" && slices.Contains(addrs, ip)) {
			continue
		}
		n++
		hosts = append(hosts, s.host)
		if ip != "" {
			addrs = append(addrs, ip)
		}
	}
	return n
}

func hasAuth(srcs []SourceResult, idx []int) bool {
	return slices.ContainsFunc(idx, func(i int) bool { return srcs[i].Proto == HTTPS })
}

// classify sets Kind, Severity and ZoneShift from Offset.
func classify(r *Result) {
	abs := r.Offset.Abs()
	switch {
	case abs < NoticeAt:
		r.Kind, r.Severity = OK, None
		return
	case abs < WarningAt:
		r.Kind, r.Severity = Clock, Notice
	default:
		r.Kind, r.Severity = Clock, Warning
	}
	shift := r.Offset.Round(zoneUnit)
	if shift != 0 && shift.Abs() <= maxZoneShift && (r.Offset-shift).Abs() <= ZoneTolerance {
		r.Kind, r.ZoneShift = TimeZone, shift
	}
}

// reason says why Offset is not applied, or ReasonNone to apply it.
func reason(r Result, cfg Config, answered int, authConflict bool) Reason {
	switch {
	case r.Kind == OK && r.Disputed != nil:
		return ReasonDisagree
	case r.Kind == OK:
		return ReasonNotNeeded
	case !cfg.Correct:
		return ReasonOff
	case !r.Agreed && answered < MinSources:
		return ReasonSingleSource
	case !r.Agreed, authConflict:
		return ReasonDisagree
	case !r.Authenticated:
		return ReasonUnconfirmed
	case r.Offset.Abs() > cfg.MaxCorrection:
		return ReasonTooLarge
	}
	return ReasonNone
}

func all(idx []int, f func(int) bool) bool {
	for _, i := range idx {
		if !f(i) {
			return false
		}
	}
	return true
}

func cmpAbs(a, b time.Duration) int {
	a, b = a.Abs(), b.Abs()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
