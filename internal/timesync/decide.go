package timesync

import (
	"slices"
	"time"
)

// decide turns the sources' latest usable answers into a Result.
// Every answer is a claim; the result rests on the largest group of
// answers from independent hosts that agree with one another. Codes are
// corrected only from such a group of at least MinSources, so one
// forged SNTP packet can never move them.
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
	if independent(srcs, group) >= MinSources {
		r.Agreed = true
	} else {
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
	classify(&r)
	r.Reason = reason(r, cfg, independent(srcs, ok))
	r.Correcting = r.Reason == ReasonNone
	return r
}

// agree reports whether two answers can be within AgreeWithin of each
// other given their uncertainties (an HTTPS Date is ±0.5 s at best).
func agree(a, b SourceResult) bool {
	d := a.Offset - b.Offset
	if d < 0 {
		d = -d
	}
	return d <= AgreeWithin+a.Uncertainty+b.Uncertainty
}

// bestGroup returns the largest set of mutually agreeing answers, by
// count of independent hosts; ties go to the group with an authenticated
// (HTTPS) answer, then to the one found first.
func bestGroup(srcs []SourceResult, ok []int) []int {
	var best []int
	bestN, bestAuth := -1, false
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
		n, auth := independent(srcs, g), hasAuth(srcs, g)
		if n > bestN || (n == bestN && auth && !bestAuth) {
			best, bestN, bestAuth = g, n, auth
		}
	}
	return best
}

// fallback picks the answer to report when none is confirmed: an
// authenticated one if any, else the one nearest zero, so that a single
// outlier does not raise an alarm another answer contradicts.
func fallback(srcs []SourceResult, ok []int) int {
	pick := -1
	for _, i := range ok {
		switch {
		case pick < 0:
			pick = i
		case (srcs[i].Proto == HTTPS) != (srcs[pick].Proto == HTTPS):
			if srcs[i].Proto == HTTPS {
				pick = i
			}
		case cmpAbs(srcs[i].Offset, srcs[pick].Offset) < 0:
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
func reason(r Result, cfg Config, answered int) Reason {
	switch {
	case r.Kind == OK:
		return ReasonNotNeeded
	case !cfg.Correct:
		return ReasonOff
	case !r.Agreed && answered < MinSources:
		return ReasonSingleSource
	case !r.Agreed:
		return ReasonDisagree
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
