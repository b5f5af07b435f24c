package cli

import (
	"context"
	"os"

	"github.com/omamori-app/omamori/internal/exportfile"
)

func init() {
	register(&command{name: "export", args: "--format otpauth|aegis --out FILE [--yes]", summary: "summary_export", run: runExport})
}

// runExport writes every account out for another authenticator
// (internal/exportfile): otpauth links in clear behind the phone QR's
// warning, or an Aegis vault encrypted with a password typed twice.
func runExport(ctx context.Context, e *Env, args []string) int {
	c := commands["export"]
	fs := newFlags(c.name)
	format := fs.String("format", "", "")
	out := fs.String("out", "", "")
	yes := fs.Bool("yes", false, "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) > 0 {
		return e.usageError(c, extraArgs(err, pos))
	}
	f := exportfile.Format(*format)
	if f != exportfile.OTPAuth && f != exportfile.Aegis {
		e.errorf(cat.M("export_bad_format"))
		return ExitUsage
	}
	if *out == "" {
		e.errorf(cat.M("export_out_required"))
		return ExitUsage
	}
	if _, err := os.Lstat(*out); err == nil {
		e.errorf(cat.M("export_out_exists", "File", *out))
		return ExitFailure
	}
	s, err := e.openBackupStore()
	if err != nil {
		return e.fail(err)
	}
	if f == exportfile.OTPAuth {
		if code, ok := e.exportWarning(ctx, *yes); !ok {
			return code
		}
	}
	var pass []byte
	if f == exportfile.Aegis {
		p, err := e.exportPassword(ctx)
		if err != nil {
			return e.fail(err)
		}
		pass = []byte(p)
		defer clear(pass)
	}
	a, err := exportfile.Collect(s)
	if err != nil {
		return e.fail(err)
	}
	defer a.Wipe()
	for _, n := range a.Missing {
		e.println(e.Stderr, cat.M("export_missing", "Name", n))
	}
	data := exportfile.URIList(a)
	if f == exportfile.Aegis {
		if data, err = exportfile.AegisVault(a, pass); err != nil {
			return e.fail(err)
		}
	}
	if err := exportfile.Write(*out, data); err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("exported", "Count", len(a.List), "File", *out))
	if f == exportfile.OTPAuth {
		e.println(e.Stdout, cat.M("export_delete_after"))
	}
	return ExitOK
}

// exportWarning shows the warning before secrets are written in clear;
// on a terminal the user confirms, elsewhere --yes does.
func (e *Env) exportWarning(ctx context.Context, yes bool) (int, bool) {
	e.println(e.Stderr, cat.M("export_warning"))
	if yes {
		return ExitOK, true
	}
	if !e.input().IsTerminal() {
		e.errorf(cat.M("export_needs_yes"))
		return ExitUsage, false
	}
	ok, err := e.confirm(ctx, e.t(cat.M("export_confirm")))
	if err != nil {
		return e.fail(err), false
	}
	if !ok {
		e.println(e.Stderr, cat.M("cancelled"))
		return ExitFailure, false
	}
	return ExitOK, true
}

// exportPassword asks for the Aegis vault's password twice (10
// characters or more).
func (e *Env) exportPassword(ctx context.Context) (string, error) {
	p, err := e.readPassphrase(ctx, cat.M("prompt_export_password"))
	if err != nil {
		return "", err
	}
	if err := exportfile.CheckPassword(p, p); err != nil {
		return "", err
	}
	again, err := e.readPassphrase(ctx, cat.M("prompt_export_password_again"))
	if err != nil {
		return "", err
	}
	return p, exportfile.CheckPassword(p, again)
}
