package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/importplan"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/prompt"
	"github.com/omamori-app/omamori/internal/screenqr"
)

func init() {
	register(&command{name: "import", args: "FILE... | --screen [--yes] [--period N]", summary: "summary_import", run: runImport})
}

// runImport moves accounts in from another authenticator's export file,
// through the use case the window's 「ほかのアプリから移す」 uses
// (internal/importplan).
func runImport(ctx context.Context, e *Env, args []string) int {
	c := commands["import"]
	fs := newFlags(c.name)
	yes := fs.Bool("yes", false, "")
	period := fs.Int("period", 30, "")
	screen := fs.Bool("screen", false, "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || (len(pos) == 0) != *screen {
		if err == nil && *screen {
			e.errorf(cat.M("import_screen_and_file"))
		}
		return e.usageError(c, extraArgs(err, nil))
	}
	if *period < 1 || *period > 3600 {
		e.errorf(cat.M("import_bad_period"))
		return ExitUsage
	}
	var data []byte
	switch {
	case *screen:
		data, err = e.readTransferScreen(ctx)
	case len(pos) == 1:
		data, err = importplan.ReadFile(pos[0])
	default:
		data, err = transferFiles(pos)
	}
	if err != nil {
		return e.fail(err)
	}
	defer clear(data)
	s, err := e.openBackupStore()
	if err != nil {
		return e.fail(err)
	}
	p, err := e.parseImport(ctx, s, data, *period)
	if err != nil {
		return e.fail(err)
	}
	e.printImportPlan(p)
	if p.Format == importfile.Migration {
		// The transfer codes carry no step: say which one they get.
		e.println(e.Stdout, cat.M("import_period_note", "Period", *period))
	}
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
		if all, ok := set.(interface{ All() []profile.Profile }); ok {
			opt.Profile = importplan.ByIssuer(all.All())
		}
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
	e.printSteps(p.Plan.Steps, importSteps)
	for _, k := range p.Skipped {
		e.println(e.Stdout, cat.M("import_item_unusable", "Name", importplan.SkippedName(k), "Reason", e.t(k.Reason)))
	}
}

// readTransferScreen reads the screen for `import --screen`. Google
// Authenticator's transfer codes are collected over several reads: the
// phone shows one QR code at a time, so after each read the customer is
// told which are still missing, shows the next and presses Enter. Without
// a transfer code, the screen's otpauth:// links are imported as a list.
func (e *Env) readTransferScreen(ctx context.Context) ([]byte, error) {
	var tr importplan.Transfer
	defer tr.Clear()
	for {
		found, err := screenqr.Read(e.screen())
		uris, transfers := screenqr.Split(found)
		switch {
		case err != nil && tr.Total() == 0:
			return nil, err
		case err != nil:
			e.println(e.Stderr, cat.M("import_screen_again", "Reason", i18n.Localize(err, e.Lang)))
		case len(transfers) == 0 && tr.Total() == 0:
			return []byte(strings.Join(uris, "\n")), nil
		default:
			if err := tr.Add(transfers...); err != nil {
				return nil, err
			}
			if tr.Complete() {
				return tr.Data(), nil
			}
		}
		e.println(e.Stderr, tr.Status())
		if _, err := e.input().ReadLine(ctx, e.t(cat.M("prompt_import_screen_next")), 64); err != nil {
			if errors.Is(err, prompt.ErrCancelled) {
				return nil, err
			}
			return nil, i18n.NewError(tr.Status(), cat.M("hint_import_screen_missing"), importfile.ErrBatch)
		}
	}
}

// transferFiles collects one export's transfer codes from several files:
// screenshots of each QR code, or files of their links.
func transferFiles(paths []string) ([]byte, error) {
	var tr importplan.Transfer
	defer tr.Clear()
	for _, p := range paths {
		data, err := importplan.ReadFile(p)
		if err != nil {
			return nil, err
		}
		links := strings.Fields(string(data))
		if screenqr.IsImage(data) {
			codes, err := screenqr.Image(bytes.NewReader(data))
			if err != nil {
				return nil, err
			}
			_, links = screenqr.Split(codes)
		}
		if err := tr.Add(links...); err != nil {
			return nil, err
		}
	}
	if tr.Total() == 0 { // no transfer code in any of them: say so in the parser's words
		_, err := importfile.ParseMigration(nil, importfile.Options{})
		return nil, err
	}
	if !tr.Complete() {
		return nil, i18n.NewError(tr.Status(), cat.M("hint_import_files_missing"), importfile.ErrBatch)
	}
	return tr.Data(), nil
}
