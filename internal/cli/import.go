package cli

import (
	"context"
	"encoding/base32"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/prompt"
)

func init() {
	register(&command{name: "import", args: "FILE [--yes] [--period N]", summary: "summary_import", run: runImport})
}

// runImport moves accounts in from another authenticator's export file.
// The entries go through restore's plan and apply (backup.MakePlan,
// backup.ApplyContext), so an import gets the same clash renames,
// same-secret skips and all-or-nothing write as a restore.
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
	data, err := readImportFile(file)
	if err != nil {
		return e.fail(err)
	}
	s, err := e.openBackupStore()
	if err != nil {
		return e.fail(err)
	}
	res, err := e.parseImport(ctx, data, *period)
	if err != nil {
		return e.fail(err)
	}
	plan, err := backup.MakePlan(s, importDocument(res.Entries))
	if err != nil {
		return e.fail(err)
	}
	e.printImportPlan(plan, res)
	n, skip := plan.Count()
	skip += len(res.Skipped)
	if n == 0 {
		e.println(e.Stdout, cat.M("import_nothing"))
		return ExitOK
	}
	if code, done := e.applyPlan(ctx, s, plan, n, *yes, importTexts); !done {
		return code
	}
	e.println(e.Stdout, cat.M("imported", "Count", n, "Skipped", skip))
	return ExitOK
}

// readImportFile reads path, refusing before reading it all a file larger
// than any export (importfile.Parse then says so in the user's words).
func readImportFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err == nil {
		defer f.Close()
		var b []byte
		if b, err = io.ReadAll(io.LimitReader(f, importfile.MaxFile+1)); err == nil {
			return b, nil
		}
	}
	return nil, i18n.NewError(cat.M("import_read_failed", "File", filepath.Base(path)), cat.M("hint_import_read_failed"), err)
}

// parseImport reads the file, asking for its export password when it is
// encrypted. The password is wiped once the file is open.
func (e *Env) parseImport(ctx context.Context, data []byte, period int) (importfile.Result, error) {
	opt := importfile.Options{Period: period}
	if set, err := e.profiles(); err == nil {
		opt.Profile = func(issuer string) (profile.Profile, bool) { return set.Get(issuer) }
	}
	res, err := importfile.Parse(data, opt)
	if !errors.Is(err, importfile.ErrNeedPassword) {
		return res, err
	}
	pw, err := e.input().ReadSecret(ctx, e.t(cat.M("prompt_import_password")), prompt.Line, maxPassphrase)
	switch {
	case errors.Is(err, prompt.ErrTooLong):
		return res, errPassphraseTooLong
	case errors.Is(err, prompt.ErrNoInput):
		return res, errNoPassphrase
	case err != nil:
		return res, err
	}
	defer clear(pw)
	opt.Password = pw
	return importfile.Parse(data, opt)
}

// importDocument turns the entries into the document restore plans
// from, wiping each raw secret (the plan keeps the base32 text, in
// memory only, as a restore does).
func importDocument(entries []newaccount.Details) backup.Document {
	var d backup.Document
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	for _, en := range entries {
		d.Accounts = append(d.Accounts, backup.Item{
			Name: importName(en.Issuer, en.Account), Issuer: en.Issuer, Label: en.Account,
			Secret: enc.EncodeToString(en.Secret), Profile: en.Profile,
		})
		clear(en.Secret)
	}
	return d
}

// importName is the display name an imported account gets: the issuer
// and the account, as a customer would type them ("みずほ証券 三菱 太郎").
// MakePlan cuts it to a valid name ("?" when both are empty).
func importName(issuer, account string) string {
	issuer, account = strings.TrimSpace(issuer), strings.TrimSpace(account)
	if issuer == "" || strings.EqualFold(issuer, account) {
		return account
	}
	if account == "" {
		return issuer
	}
	return issuer + " " + account
}

// printImportPlan shows what the import will do; never a secret.
func (e *Env) printImportPlan(p backup.Plan, r importfile.Result) {
	e.println(e.Stdout, cat.M("import_summary", "Count", len(p.Steps)+len(r.Skipped)))
	for _, s := range p.Steps {
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
	for _, k := range r.Skipped {
		name := importName(k.Issuer, k.Account)
		if name == "" {
			name = "?"
		}
		e.println(e.Stdout, cat.M("import_item_unusable", "Name", name, "Reason", e.t(k.Reason)))
	}
}
