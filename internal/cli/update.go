package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
	"github.com/omamori-app/omamori/internal/version"
)

func init() {
	register(&command{name: "update", args: "--check | --install", summary: "summary_update", run: runUpdate})
}

// updateService is the update channel in the settings folder, with the
// feed cmd/omamori wired (Env.Update; the zero Checker is the release feed).
func (e *Env) updateService() (*update.Service, error) {
	dir, err := e.configDir()
	if err != nil {
		return nil, err
	}
	c := e.Update
	c.Current = version.String()
	return &update.Service{Dir: dir, Checker: c, Installer: e.UpdateInstaller}, nil
}

// runUpdate is `omamori update --check`: ask the signed feed now and say
// what it offers; and `--install`: the same, then download, check and
// start the installer as 「更新する」 does (Windows; on Linux and macOS it
// says what to do instead). --install is the scripted way to update
// (scripts/windows-update.sh tests it end to end under wine).
func runUpdate(ctx context.Context, e *Env, args []string) int {
	c := commands["update"]
	fs := newFlags(c.name)
	check := fs.Bool("check", false, "")
	install := fs.Bool("install", false, "")
	if pos, err := parseInterleaved(fs, args); err != nil || len(pos) > 0 || *check == *install {
		return e.usageError(c, extraArgs(err, pos))
	}
	svc, err := e.updateService()
	if err != nil {
		return e.fail(err)
	}
	r, err := svc.Check(ctx)
	if errors.Is(err, update.ErrOff) {
		fmt.Fprintln(e.Stdout, i18n.Localize(err, e.Lang))
		return ExitOK
	}
	if err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, r.Message())
	if !r.Available {
		return ExitOK
	}
	fmt.Fprintln(e.Stdout, r.Notes(e.Lang))
	if r.Required {
		e.println(e.Stdout, cat.M("update_required", "Version", r.Feed.MinimumVersion))
	}
	if *install {
		if err := svc.Install(ctx, r); err != nil {
			return e.fail(err)
		}
		e.println(e.Stdout, update.Installing(r))
	}
	return ExitOK
}

// updateFacts are doctor's two lines: the policy's mode (and whether an
// administrator set it, as 設定 says) and the last check.
func (e *Env) updateFacts() (mode string, set bool, last string, err error) {
	svc, err := e.updateService()
	if err != nil {
		return "", false, "", err
	}
	m, set, err := svc.ModeSet()
	st := svc.State()
	last = e.t(st.OutcomeText())
	if !st.LastCheck.IsZero() {
		last = st.LastCheck.Local().Format("2006-01-02 15:04") + " " + last
	}
	return string(m), set, last, err
}
