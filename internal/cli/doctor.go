package cli

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/seal"
	"github.com/omamori-app/omamori/internal/support"
	"github.com/omamori-app/omamori/internal/timesync"
	"github.com/omamori-app/omamori/internal/update"
	"github.com/omamori-app/omamori/internal/version"
)

// Clock is the PC clock with its safe correction (timesync.Checker).
type Clock interface {
	Now() time.Time                            // instant: PC time + active correction
	Last() timesync.Result                     // instant, from the cache
	Check(ctx context.Context) timesync.Result // asks the servers that are due
}

func init() {
	register(&command{name: "doctor", args: "[--json] [--time-server LIST]", summary: "summary_doctor", run: runDoctor})
	register(&command{name: "version", summary: "summary_version", run: runVersion})
}

func runVersion(ctx context.Context, e *Env, args []string) int {
	if len(args) > 0 {
		return e.usageError(commands["version"], extraArgs(nil, args))
	}
	lib := e.KeyLib
	if lib == "" {
		lib = "no libfido2"
	}
	fmt.Fprintf(e.Stdout, "omamori %s (%s/%s, %s, %s)\n", version.String(), runtime.GOOS, runtime.GOARCH, runtime.Version(), lib)
	return ExitOK
}

type doctorReport struct {
	Version      string           `json:"version"`
	OS           string           `json:"os"`
	Arch         string           `json:"arch"`
	KeyLibrary   string           `json:"key_library"` // "libfido2 1.16.0", "" when none is linked
	ConfigDir    string           `json:"config_dir"`
	Keyring      string           `json:"keyring"` // "ok", "missing", "locked", "refused", "timed_out" or "error"
	KeyringError string           `json:"keyring_error,omitempty"`
	Accounts     *int             `json:"accounts,omitempty"` // absent when the list could not be read
	NeedReenrol  int              `json:"accounts_needing_reenrolment"`
	LastBackup   string           `json:"last_backup"`                    // YYYY-MM-DD, "" when none; never where it went
	SupportCode  string           `json:"support_code"`                   // the same as the window's サポート情報
	Orphans      int              `json:"unused_registrations,omitempty"` // see omamori recover
	Sealed       bool             `json:"sealed"`                         // omamori seal on: accounts counted, not opened
	Warnings     []string         `json:"warnings,omitempty"`
	Clock        *timesync.Result `json:"clock,omitempty"`
	UpdateMode   string           `json:"update_mode"`       // "off", "notify" or "automatic" (the policy's)
	UpdateSet    bool             `json:"update_mode_set"`   // set by an administrator (Group Policy, a profile, policy.json)
	UpdateLast   string           `json:"update_last_check"` // when and what, as the user reads it; not checked now
}

func runDoctor(ctx context.Context, e *Env, args []string) int {
	c := commands["doctor"]
	fs := newFlags(c.name)
	asJSON := fs.Bool("json", false, "")
	servers := fs.String("time-server", "", "")
	if pos, err := parseInterleaved(fs, args); err != nil || len(pos) > 0 {
		return e.usageError(c, extraArgs(err, pos))
	}
	r := doctorReport{Version: version.String(), OS: runtime.GOOS, Arch: runtime.GOARCH, Keyring: "ok", KeyLibrary: e.KeyLib}
	r.ConfigDir, _ = e.configDir()
	r.LastBackup = e.lastBackup()
	facts := support.Facts{Version: r.Version, OS: r.OS, Arch: r.Arch, KeyLib: r.KeyLibrary, Config: r.ConfigDir, LastBackup: r.LastBackup}
	healthy := true
	clock, err := e.openClock(*servers)
	if err != nil {
		// A broken side file is reported, and the rest still checked.
		r.Warnings = append(r.Warnings, e.t(cat.M("clock_check_off", "Error", i18n.Localize(err, e.Lang))))
		healthy = false
	}
	var uerr error
	if r.UpdateMode, r.UpdateSet, r.UpdateLast, uerr = e.updateFacts(); uerr != nil {
		r.Warnings = append(r.Warnings, i18n.Localize(uerr, e.Lang))
		healthy = false
	}
	if _, err := e.profiles(); err != nil {
		r.Warnings = append(r.Warnings, i18n.Localize(err, e.Lang))
		healthy = false
	}
	probed := false
	if e.ProbeKeyring != nil {
		st, err := e.ProbeKeyring(ctx)
		probed = st == "ok"
		if err != nil {
			r.Keyring, r.KeyringError, healthy = st, i18n.Localize(err, e.Lang), false
		}
	}
	r.Sealed = seal.On(r.ConfigDir)
	if s, err := e.openStore(); err != nil {
		r.Keyring, r.KeyringError, healthy = "error", i18n.Localize(err, e.Lang), false
	} else if c, ok := s.(interface{ Count() (int, error) }); ok && (r.Sealed || !probed && e.ProbeKeyring != nil) {
		// The keyring did not answer the probe, or the accounts are
		// sealed (doctor asks for no key): they are still counted, from
		// accounts.json alone.
		if n, err := c.Count(); err == nil {
			facts.Accounts = n
			r.Accounts = &facts.Accounts
		}
	} else if probed || e.ProbeKeyring == nil {
		// Only a keyring that answered the probe is asked for every
		// account: a hung one would make doctor wait once more.
		entries, err := s.List()
		if err != nil {
			r.Keyring, r.KeyringError, healthy = "error", i18n.Localize(err, e.Lang), false
		}
		facts.Count(entries, err)
		r.Accounts, r.NeedReenrol = &facts.Accounts, facts.Reenrol
		if o, ok := s.(orphanStore); ok && err == nil {
			if orphans, err := o.Orphans(); err == nil && len(orphans) > 0 {
				r.Orphans = len(orphans)
				r.Warnings = append(r.Warnings, e.t(cat.M("doc_orphans", "Count", len(orphans))))
			}
		}
		if w, ok := s.(interface{ Warnings() []i18n.Message }); ok {
			for _, m := range w.Warnings() {
				r.Warnings = append(r.Warnings, e.t(m))
			}
		}
	}
	if clock != nil {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		cr := clock.Check(cctx)
		cancel()
		r.Clock = &cr
		facts.Clock = support.Clock(cr)
	}
	if e.ProbeKeyring != nil {
		facts.Keyring = support.ProbeStatus(r.Keyring) // the probe knows more than the list
	}
	r.SupportCode = support.SupportCode(facts)
	if *asJSON {
		if rc := e.writeJSON(r); rc != ExitOK {
			return rc
		}
	} else {
		e.printDoctor(r)
	}
	if !healthy {
		return ExitFailure
	}
	return ExitOK
}

func (e *Env) printDoctor(r doctorReport) {
	var rows [][]string
	line := func(key string, v any) { rows = append(rows, []string{e.t(cat.M(key)), fmt.Sprint(v)}) }
	defer func() { writeTable(e.Stdout, rows) }()
	line("doc_support_code", r.SupportCode)
	line("doc_version", r.Version)
	line("doc_os", r.OS+"/"+r.Arch)
	if r.KeyLibrary != "" {
		line("doc_key_library", r.KeyLibrary)
	} else {
		line("doc_key_library", e.t(cat.M("doc_key_library_none")))
	}
	line("doc_config", r.ConfigDir)
	if r.Keyring == "ok" {
		line("doc_keyring", e.t(cat.M("doc_keyring_ok")))
	} else {
		line("doc_keyring", r.KeyringError)
	}
	if r.Accounts != nil {
		line("doc_accounts", *r.Accounts)
	}
	if r.Sealed {
		line("doc_sealed", e.t(cat.M("doc_sealed_on")))
	}
	if r.NeedReenrol > 0 {
		line("doc_reenrol", r.NeedReenrol)
	}
	line("doc_last_backup", support.LastBackupText(support.Facts{LastBackup: r.LastBackup}, e.Lang)) // as サポート情報 says it
	if r.UpdateMode != "" {
		mode := e.t(update.ModeLabel(update.Mode(r.UpdateMode), runtime.GOOS))
		if r.UpdateSet && r.UpdateMode != string(update.ModeOff) { // "off" says "set by policy" itself
			mode = e.t(cat.M("doc_update_by_admin", "Mode", mode))
		}
		line("doc_update_mode", mode)
		line("doc_update_last", r.UpdateLast)
	}
	for _, w := range r.Warnings {
		line("doc_warning", w)
	}
	if r.Clock != nil {
		line("doc_clock", e.t(r.Clock.Summary()))
		if r.Clock.Correcting {
			line("doc_correction", e.t(r.Clock.CorrectionLabel()))
		}
		for _, src := range r.Clock.Sources {
			line("doc_time_source", e.describeSource(src))
		}
		defer e.printClockAdvice(*r.Clock)
	}
}

// printClockAdvice explains a wrong clock and how to fix it on this system.
func (e *Env) printClockAdvice(r timesync.Result) {
	if r.Severity < timesync.Notice {
		return
	}
	for _, m := range r.Details() {
		fmt.Fprintln(e.Stdout, e.t(m))
	}
	for i, m := range timesync.FixSteps(timesync.DetectPlatform(), r.Kind) {
		fmt.Fprintf(e.Stdout, "  %d. %s\n", i+1, e.t(m))
	}
	if r.Kind == timesync.Clock || r.Kind == timesync.TimeZone {
		fmt.Fprintln(e.Stdout, "  "+e.t(timesync.FixNote()))
	}
}

// describeSource is one line about one time server's answer.
func (e *Env) describeSource(s timesync.SourceResult) string {
	if !s.OK() {
		return e.t(cat.M("source_failed", "Server", s.Server, "Error", s.Err))
	}
	key := "source_offset" // SNTP: unauthenticated, may warn but never corrects alone
	if s.Proto == timesync.HTTPS {
		key = "source_offset_https"
	}
	return e.t(cat.M(key, "Server", s.Server, "Offset", fmt.Sprintf("%+.1f", s.Offset.Seconds())))
}
