package cli

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/timesync"
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

func (e *Env) profiles() (Profiles, error) {
	if e.Profiles != nil {
		return e.Profiles()
	}
	return profile.Builtin(), nil
}

func runVersion(ctx context.Context, e *Env, args []string) int {
	if len(args) > 0 {
		return e.usageError(commands["version"], extraArgs(nil, args))
	}
	fmt.Fprintf(e.Stdout, "omamori %s (%s/%s, %s)\n", version.String(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return ExitOK
}

type doctorReport struct {
	Version      string           `json:"version"`
	OS           string           `json:"os"`
	Arch         string           `json:"arch"`
	ConfigDir    string           `json:"config_dir"`
	Keyring      string           `json:"keyring"` // "ok" or "error"
	KeyringError string           `json:"keyring_error,omitempty"`
	Accounts     int              `json:"accounts"`
	NeedReenrol  int              `json:"accounts_needing_reenrolment"`
	LastBackup   string           `json:"last_backup"` // YYYY-MM-DD, "" when none; never where it went
	Warnings     []string         `json:"warnings,omitempty"`
	Clock        *timesync.Result `json:"clock,omitempty"`
}

func runDoctor(ctx context.Context, e *Env, args []string) int {
	c := commands["doctor"]
	fs := newFlags(c.name)
	asJSON := fs.Bool("json", false, "")
	servers := fs.String("time-server", "", "")
	if pos, err := parseInterleaved(fs, args); err != nil || len(pos) > 0 {
		return e.usageError(c, extraArgs(err, pos))
	}
	clock, err := e.openClock(*servers)
	if err != nil {
		return e.fail(err)
	}
	r := doctorReport{Version: version.String(), OS: runtime.GOOS, Arch: runtime.GOARCH, Keyring: "ok"}
	r.ConfigDir, _ = e.configDir()
	r.LastBackup = e.lastBackup()
	healthy := true
	if s, err := e.OpenStore(); err != nil {
		r.Keyring, r.KeyringError, healthy = "error", i18n.Localize(err, e.Lang), false
	} else {
		entries, err := s.List()
		if err != nil {
			r.Keyring, r.KeyringError, healthy = "error", i18n.Localize(err, e.Lang), false
		}
		for _, en := range entries {
			r.Accounts++
			if en.State == accounts.NeedsReenrol {
				r.NeedReenrol++
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
	}
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
	line("doc_version", r.Version)
	line("doc_os", r.OS+"/"+r.Arch)
	line("doc_config", r.ConfigDir)
	if r.Keyring == "ok" {
		line("doc_keyring", e.t(cat.M("doc_keyring_ok")))
	} else {
		line("doc_keyring", r.KeyringError)
	}
	line("doc_accounts", r.Accounts)
	if r.NeedReenrol > 0 {
		line("doc_reenrol", r.NeedReenrol)
	}
	if r.LastBackup != "" {
		line("doc_last_backup", r.LastBackup)
	} else {
		line("doc_last_backup", e.t(cat.M("doc_no_backup")))
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
}

func (e *Env) configDir() (string, error) {
	if e.ConfigDir != nil {
		return e.ConfigDir()
	}
	return accounts.ConfigDir()
}

// openClock builds the clock checker, with the servers from --time-server
// when given; nil when the wiring has no clock (tests).
func (e *Env) openClock(servers string) (Clock, error) {
	if e.OpenClock == nil {
		return nil, nil
	}
	return e.OpenClock(servers)
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

// describeSource is one line about one time server's answer.
func (e *Env) describeSource(s timesync.SourceResult) string {
	if !s.OK() {
		return e.t(cat.M("source_failed", "Server", s.Server, "Error", s.Err))
	}
	return e.t(cat.M("source_offset", "Server", s.Server, "Offset", fmt.Sprintf("%+.1f", s.Offset.Seconds())))
}
