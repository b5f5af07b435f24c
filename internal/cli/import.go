package cli

import (
	"context"
	"errors"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/importplan"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/prompt"
)

func init() {
	register(&command{name: "import", args: "FILE [--yes] [--period N]", summary: "summary_import", run: runImport})
}

// runImport moves accounts in from another authenticator's export file,
// through the use case the window's 「ほかのアプリから移す」 uses
// (internal/importplan).
func runImport(ctx context.Context, e *Env, args []string) int {
	c := commands["import"]
	fs := newFlags(c.name)
	yes := fs.Bool("yes", false, "")
	period := fs.Int("period", 30, "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) != 1 {
		return e.usageError(c, extraArgs(err, pos[min(1, len(pos)):]))
	}
	if *period < 1 || *period > 3600 {
		e.errorf(cat.M("import_bad_period"))
		return ExitUsage
	}
	file := pos[0]
	data, err := importplan.ReadFile(file)
	if err != nil {
		return e.fail(err)
	}
	s, err := e.openBackupStore()
	if err != nil {
		return e.fail(err)
	}
	p, err := e.parseImport(ctx, s, data, *period)
	if err != nil {
		return e.fail(err)
	}
	e.printImportPlan(p)
	n, skip := p.Count()
	if n == 0 {
		e.println(e.Stdout, cat.M("import_nothing"))
		return ExitOK
	}
	if code, done := e.applyPlan(ctx, s, p.Plan, n, *yes, importTexts); !done {
		return code
	}
	e.println(e.Stdout, cat.M("imported", "Count", n, "Skipped", skip))
	return ExitOK
}

// parseImport prepares the import, asking for the file's export password
// when it is encrypted. The password is wiped once the file is open.
func (e *Env) parseImport(ctx context.Context, s backup.Target, data []byte, period int) (importplan.Preview, error) {
	opt := importfile.Options{Period: period}
	if set, err := e.profiles(); err == nil {
		opt.Profile = func(issuer string) (profile.Profile, bool) { return set.Get(issuer) }
	}
	p, err := importplan.Prepare(s, data, opt)
	if !errors.Is(err, importfile.ErrNeedPassword) {
		return p, err
	}
	pw, err := e.input().ReadSecret(ctx, e.t(cat.M("prompt_import_password")), prompt.Line, maxPassphrase)
	switch {
	case errors.Is(err, prompt.ErrTooLong):
		return p, errPassphraseTooLong
	case errors.Is(err, prompt.ErrNoInput):
		return p, errNoPassphrase
	case err != nil:
		return p, err
	}
	defer clear(pw)
	opt.Password = pw
	return importplan.Prepare(s, data, opt)
}

// printImportPlan shows what the import will do; never a secret.
func (e *Env) printImportPlan(p importplan.Preview) {
	e.println(e.Stdout, cat.M("import_summary", "Count", p.Total()))
	for _, s := range p.Plan.Steps {
		switch {
		case s.Action == backup.SkipDuplicate:
			e.println(e.Stdout, cat.M("restore_item_skip", "Name", s.Item.Name, "Existing", s.Existing))
		case s.Action == backup.Repair:
			e.println(e.Stdout, cat.M("import_item_repair", "Name", s.Name))
		case s.Renamed():
			e.println(e.Stdout, cat.M("import_item_renamed", "Name", s.Item.Name, "New", s.Name))
		default:
			e.println(e.Stdout, cat.M("import_item_new", "Name", s.Item.Name))
		}
	}
	for _, k := range p.Skipped {
		e.println(e.Stdout, cat.M("import_item_unusable", "Name", importplan.SkippedName(k), "Reason", e.t(k.Reason)))
	}
}
