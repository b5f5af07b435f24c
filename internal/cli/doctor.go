package cli

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/version"
)

// Clock is the corrected clock and its last check (internal/timesync).
type Clock interface {
	Now() time.Time
	// Report checks the clock if due and describes the result; it must
	// return within ctx's deadline and never block the codes.
	Report(ctx context.Context) ClockReport
}

// ClockReport is what doctor and code show about the PC clock.
type ClockReport struct {
	Checked    bool           `json:"checked"`
	OffsetSecs float64        `json:"offset_seconds"`
	Correcting bool           `json:"correcting"`
	Sources    []ClockSource  `json:"sources"`
	Summary    i18n.Message   `json:"-"`
	Warn       bool           `json:"warning"`
	Detail     map[string]any `json:"detail,omitempty"`
}

// ClockSource is one server's answer.
type ClockSource struct {
	Server     string  `json:"server"`
	OffsetSecs float64 `json:"offset_seconds"`
	Error      string  `json:"error,omitempty"`
}

func init() {
	register(&command{name: "doctor", args: "[--json]", summary: "summary_doctor", run: runDoctor})
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
	Version      string       `json:"version"`
	OS           string       `json:"os"`
	Arch         string       `json:"arch"`
	ConfigDir    string       `json:"config_dir"`
	Keyring      string       `json:"keyring"` // "ok" or "error"
	KeyringError string       `json:"keyring_error,omitempty"`
	Accounts     int          `json:"accounts"`
	NeedReenrol  int          `json:"accounts_needing_reenrolment"`
	Warnings     []string     `json:"warnings,omitempty"`
	Clock        *ClockReport `json:"clock,omitempty"`
}

func runDoctor(ctx context.Context, e *Env, args []string) int {
	c := commands["doctor"]
	fs := newFlags(c.name)
	asJSON := fs.Bool("json", false, "")
	if pos, err := parseInterleaved(fs, args); err != nil || len(pos) > 0 {
		return e.usageError(c, extraArgs(err, pos))
	}
	r := doctorReport{Version: version.String(), OS: runtime.GOOS, Arch: runtime.GOARCH, Keyring: "ok"}
	r.ConfigDir, _ = e.configDir()
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
		if w, ok := s.(interface{ Warnings() []error }); ok {
			for _, err := range w.Warnings() {
				r.Warnings = append(r.Warnings, i18n.Localize(err, e.Lang))
			}
		}
	}
	if e.Clock != nil {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		cr := e.Clock.Report(cctx)
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
	line := func(key string, v any) { fmt.Fprintf(e.Stdout, "%-14s %v\n", e.t(cat.M(key))+":", v) }
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
	for _, w := range r.Warnings {
		line("doc_warning", w)
	}
	if r.Clock != nil {
		line("doc_clock", e.t(r.Clock.Summary))
	}
}

func (e *Env) configDir() (string, error) {
	if e.ConfigDir != nil {
		return e.ConfigDir()
	}
	return accounts.ConfigDir()
}

// printClockNotice tells the user, after their codes, when the clock is off.
func (e *Env) printClockNotice() {
	if e.Clock == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if r := e.Clock.Report(ctx); r.Warn {
		fmt.Fprintln(e.Stderr, e.t(r.Summary))
	}
}
