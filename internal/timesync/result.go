package timesync

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Thresholds. They are fixed, not configurable: they follow from the
// 60-second code step and the rule that one answer must never move codes.
const (
	NoticeAt      = 5 * time.Second  // from here a quiet notice
	WarningAt     = 15 * time.Second // from here a clear warning
	AgreeWithin   = 2 * time.Second  // two sources agree if this close (plus their uncertainty)
	MinSources    = 2                // independent agreeing sources needed to correct
	ZoneTolerance = 2 * time.Second  // how near a multiple of 15 min is a time-zone error
	StepTolerance = 2 * time.Second  // a boot-epoch change beyond this means the clock was set
	zoneUnit      = 15 * time.Minute
	maxZoneShift  = 26 * time.Hour // UTC-12 to UTC+14
)

// Severity is how loudly to tell the user.
type Severity int

// Severities, in increasing order.
const (
	None    Severity = iota // say nothing (or only on request)
	Notice                  // a quiet line
	Warning                 // a clear banner with the fix steps
)

// Kind is what the measurement means.
type Kind int

// Kinds.
const (
	Unknown  Kind = iota // not measured: offline or every source blocked
	OK                   // within NoticeAt
	Clock                // the clock is off
	TimeZone             // off by a whole number of quarter hours: most likely the time zone
)

// Reason says why codes are not corrected; empty while correcting.
type Reason string

// Reasons.
const (
	ReasonNone         Reason = ""
	ReasonNotNeeded    Reason = "not_needed"    // within NoticeAt
	ReasonNoAnswer     Reason = "no_answer"     // nothing measured: offline or blocked
	ReasonPending      Reason = "pending"       // nothing measured yet (or since the clock was set)
	ReasonOff          Reason = "off"           // Config.Correct is false
	ReasonSingleSource Reason = "single_source" // fewer than MinSources independent answers
	ReasonUnconfirmed  Reason = "unconfirmed"   // answers agree, but no authenticated (HTTPS) answer is among them
	ReasonDisagree     Reason = "disagree"      // answers do not agree (or unauthenticated ones contradict an authenticated one)
	ReasonTooLarge     Reason = "too_large"     // beyond Config.MaxCorrection
	ReasonDisabled     Reason = "disabled"      // no time server configured: checking is off
)

// Proto is how a source was asked.
type Proto string

// Protocols.
const (
	SNTP  Proto = "sntp"
	HTTPS Proto = "https"
)

// SourceResult is what one configured server said.
type SourceResult struct {
	Server      string        // as configured
	Proto       Proto         // SNTP or HTTPS
	Addr        string        // the address that answered, if any
	Offset      time.Duration // real minus PC, by this source
	Uncertainty time.Duration // ± around Offset
	RTT         time.Duration
	At          time.Time // PC time of the measurement (or the failed attempt)
	Cached      bool      // from an earlier check (rate limit), not asked now
	Used        bool      // the result rests on this answer
	Err         string    // why it failed (technical, English); empty if it answered

	host  string    // independence key
	epoch time.Time // boot epoch when measured
}

// OK reports whether the source answered.
func (s SourceResult) OK() bool { return s.Err == "" }

// Result is one evaluation of the sources.
type Result struct {
	Checked bool          // at least one source answered
	Offset  time.Duration // real time minus PC time; add it to the PC clock. Positive: PC slow.
	Agreed  bool          // MinSources independent sources agree on Offset
	// Authenticated: an HTTPS answer (certificate checked) supports Offset.
	// Codes are corrected only when it does.
	Authenticated bool
	// Disputed is what unauthenticated (SNTP) answers claimed against an
	// authenticated Offset, when they were NoticeAt or more away from it:
	// possibly forged on the network path. Nil when none did.
	Disputed   *time.Duration
	Correcting bool   // Now applies Offset
	Reason     Reason // why not correcting
	Severity   Severity
	Kind       Kind
	ZoneShift  time.Duration // for TimeZone: Offset rounded to the quarter hour
	Sources    []SourceResult
	CheckedAt  time.Time // PC time of the evaluation
}

// Correction is the offset Now applies: Offset while Correcting, else 0.
func (r Result) Correction() time.Duration {
	if r.Correcting {
		return r.Offset
	}
	return 0
}

// Summary is the headline: how far off the clock is, or that it could
// not be checked.
func (r Result) Summary() i18n.Message {
	switch r.Kind {
	case Unknown:
		switch r.Reason {
		case ReasonPending:
			return cat.M("pending")
		case ReasonDisabled:
			return cat.M("disabled")
		}
		return cat.M("unchecked")
	case OK:
		if r.Disputed != nil {
			return cat.M("ok_confirmed")
		}
		return cat.M("ok")
	case TimeZone:
		return cat.M("zone", "Amount", amountIn(r.ZoneShift))
	}
	return cat.M(dir("clock", r.Offset), "Amount", amountIn(r.Offset))
}

func dir(prefix string, d time.Duration) string {
	if d < 0 {
		return prefix + "_fast" // real time is behind the PC
	}
	return prefix + "_slow"
}

// Details are the sentences after the summary: what it means for codes,
// and whether they are corrected. For OK only what unauthenticated
// answers claimed against it (Disputed), if anything.
func (r Result) Details() []i18n.Message {
	switch {
	case r.Kind == OK && r.Disputed != nil:
		return []i18n.Message{cat.M(dir("disputed", *r.Disputed), "Amount", amountIn(*r.Disputed))}
	case r.Kind == OK || r.Kind == Unknown:
		return nil
	case r.Correcting:
		// The codes shown work; the clock still wants fixing (issue 21).
		return []i18n.Message{cat.M("correcting")}
	}
	var out []i18n.Message
	switch {
	case r.Kind == TimeZone:
		out = append(out, cat.M("zone_hint"))
	case r.Severity == Warning:
		out = append(out, cat.M("warning_hint"))
	default:
		out = append(out, cat.M("notice_hint"))
	}
	if r.Reason != ReasonNotNeeded && r.Reason != ReasonNoAnswer {
		out = append(out, cat.M("reason_"+string(r.Reason)))
	}
	return out
}

// Message renders Summary and Details in l.
func (r Result) Message(l i18n.Lang) string {
	s := r.Summary().In(l)
	for _, d := range r.Details() {
		if l != i18n.JA {
			s += " "
		}
		s += d.In(l)
	}
	return s
}

// CorrectionLabel is the code view's label ("時刻補正中 +72秒"); zero
// Message when not correcting.
func (r Result) CorrectionLabel() i18n.Message {
	if !r.Correcting {
		return i18n.Message{}
	}
	return cat.M("correction_label", "Seconds", signedSeconds(r.Offset))
}

// signedSeconds is "+72" or "-7": whole seconds, sign always shown.
func signedSeconds(d time.Duration) string {
	s := d.Round(time.Second) / time.Second
	if s < 0 {
		return fmt.Sprintf("-%d", -s)
	}
	return fmt.Sprintf("+%d", s)
}

// amounts is an Amount rendered in every language, for use inside
// another message ({{.Amount.JA}} in ja.json).
type amounts struct{ EN, JA string }

func amountIn(d time.Duration) amounts {
	m := Amount(d)
	return amounts{EN: m.In(i18n.EN), JA: m.In(i18n.JA)}
}

// Amount formats |d| as "1 min 12 s" / "1分12秒" (rounded to the second;
// hours, minutes and seconds, zero parts left out).
func Amount(d time.Duration) i18n.Message {
	if d < 0 {
		d = -d
	}
	s := int64(d.Round(time.Second) / time.Second)
	h, m, sec := s/3600, s/60%60, s%60
	key := "amount"
	switch {
	case h > 0 && m == 0 && sec == 0:
		key += "_h"
	case h > 0 && sec == 0:
		key += "_hm"
	case h > 0:
		key += "_hms"
	case m > 0 && sec == 0:
		key += "_m"
	case m > 0:
		key += "_ms"
	default:
		key += "_s"
	}
	return cat.M(key, "H", h, "M", m, "S", sec)
}

func (s Severity) String() string {
	switch s {
	case Notice:
		return "notice"
	case Warning:
		return "warning"
	}
	return "none"
}

func (k Kind) String() string {
	switch k {
	case OK:
		return "ok"
	case Clock:
		return "clock"
	case TimeZone:
		return "timezone"
	}
	return "unknown"
}

// MarshalText makes Severity a JSON string.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads what MarshalText wrote.
func (s *Severity) UnmarshalText(b []byte) error {
	for _, v := range []Severity{None, Notice, Warning} {
		if v.String() == string(b) {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("timesync: unknown severity %q", b)
}

// MarshalText makes Kind a JSON string.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads what MarshalText wrote.
func (k *Kind) UnmarshalText(b []byte) error {
	for _, v := range []Kind{Unknown, OK, Clock, TimeZone} {
		if v.String() == string(b) {
			*k = v
			return nil
		}
	}
	return fmt.Errorf("timesync: unknown kind %q", b)
}

// The JSON forms carry durations as seconds (float) and the message in
// both languages, for `omamori doctor --json`.
type jsonSource struct {
	Server      string    `json:"server"`
	Proto       Proto     `json:"proto"`
	Addr        string    `json:"addr,omitempty"`
	Offset      float64   `json:"offset_seconds"`
	Uncertainty float64   `json:"uncertainty_seconds"`
	RTT         float64   `json:"rtt_seconds"`
	At          time.Time `json:"at"`
	Cached      bool      `json:"cached"`
	Used        bool      `json:"used"`
	Err         string    `json:"error,omitempty"`
}

type jsonResult struct {
	Checked    bool                 `json:"checked"`
	Offset     float64              `json:"offset_seconds"` // real minus PC; positive = PC slow
	Agreed     bool                 `json:"agreed"`
	Auth       bool                 `json:"authenticated"`
	Disputed   *float64             `json:"disputed_offset_seconds,omitempty"`
	Correcting bool                 `json:"correcting"`
	Correction float64              `json:"correction_seconds"`
	Reason     Reason               `json:"reason,omitempty"`
	Severity   Severity             `json:"severity"`
	Kind       Kind                 `json:"kind"`
	ZoneShift  float64              `json:"zone_shift_seconds,omitempty"`
	CheckedAt  time.Time            `json:"checked_at"`
	Sources    []jsonSource         `json:"sources"`
	Message    map[i18n.Lang]string `json:"message"`
}

// MarshalJSON writes durations in seconds and adds the message in every language.
func (r Result) MarshalJSON() ([]byte, error) {
	j := jsonResult{
		Checked: r.Checked, Offset: r.Offset.Seconds(), Agreed: r.Agreed, Auth: r.Authenticated, Correcting: r.Correcting,
		Correction: r.Correction().Seconds(), Reason: r.Reason, Severity: r.Severity, Kind: r.Kind,
		ZoneShift: r.ZoneShift.Seconds(), CheckedAt: r.CheckedAt, Sources: []jsonSource{},
		Message: map[i18n.Lang]string{},
	}
	if r.Disputed != nil {
		d := r.Disputed.Seconds()
		j.Disputed = &d
	}
	for _, s := range r.Sources {
		j.Sources = append(j.Sources, jsonSource{s.Server, s.Proto, s.Addr, s.Offset.Seconds(),
			s.Uncertainty.Seconds(), s.RTT.Seconds(), s.At, s.Cached, s.Used, s.Err})
	}
	for _, l := range i18n.Langs {
		j.Message[l] = r.Message(l)
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON wrote (the message is recomputed, not read).
func (r *Result) UnmarshalJSON(b []byte) error {
	var j jsonResult
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Result{Checked: j.Checked, Offset: secs(j.Offset), Agreed: j.Agreed, Authenticated: j.Auth, Correcting: j.Correcting,
		Reason: j.Reason, Severity: j.Severity, Kind: j.Kind, ZoneShift: secs(j.ZoneShift), CheckedAt: j.CheckedAt}
	if j.Disputed != nil {
		d := secs(*j.Disputed)
		r.Disputed = &d
	}
	for _, s := range j.Sources {
		r.Sources = append(r.Sources, SourceResult{Server: s.Server, Proto: s.Proto, Addr: s.Addr,
			Offset: secs(s.Offset), Uncertainty: secs(s.Uncertainty), RTT: secs(s.RTT), At: s.At,
			Cached: s.Cached, Used: s.Used, Err: s.Err})
	}
	return nil
}

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
