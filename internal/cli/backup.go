package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/prompt"
	"github.com/omamori-app/omamori/internal/version"
)

func init() {
	register(&command{name: "backup", args: "--out FILE [--generate digits|kana | --security-key [--device PATH]]", summary: "summary_backup", run: runBackup})
	register(&command{name: "restore", args: "FILE [--yes] [--device PATH]", summary: "summary_restore", run: runRestore})
}

// backupStore is what backup and restore need of the store.
type backupStore interface {
	Store
	backup.Target
	ExportAll() (map[string]newaccount.Details, error) // export (exportfile.Source)
}

func (e *Env) openBackupStore() (backupStore, error) {
	s, err := e.store()
	if err != nil {
		return nil, err
	}
	bs, ok := s.(backupStore)
	if !ok {
		return nil, errors.New("cli: this store cannot back up")
	}
	return bs, nil
}

func runBackup(ctx context.Context, e *Env, args []string) int {
	c := commands["backup"]
	fs := newFlags(c.name)
	out := fs.String("out", "", "")
	gen := fs.String("generate", "", "")
	useKey := fs.Bool("security-key", false, "")
	device := fs.String("device", "", "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) > 0 {
		// A stray argument may be a passphrase typed where it does not belong: never echo it.
		if len(pos) > 0 {
			err = nil
		}
		return e.usageError(c, err)
	}
	if *out == "" {
		e.errorf(cat.M("out_required"))
		return e.usageError(c, nil)
	}
	kind, ok := map[string]backup.Kind{"": -1, "digits": backup.Digits, "kana": backup.Kana}[*gen]
	if *useKey && *gen != "" {
		e.errorf(cat.M("key_and_generate"))
		return ExitUsage
	}
	if !ok {
		e.errorf(cat.M("bad_generate"))
		return ExitUsage
	}
	if _, err := os.Lstat(*out); err == nil {
		e.errorf(cat.M("out_exists", "File", *out))
		return ExitFailure
	}
	s, err := e.openBackupStore()
	if err != nil {
		return e.fail(err)
	}
	f := backup.NewFile{Path: *out, Now: e.Now(), AppVersion: version.String()}
	if dir, err := e.configDir(); err == nil {
		f.ConfigDir = dir
	}
	n, err := backup.Create(s, func() (age.Recipient, error) {
		return e.backupRecipient(ctx, kind, *useKey, *device)
	}, f)
	if errors.Is(err, os.ErrExist) { // it appeared while we asked: still never overwritten
		e.errorf(cat.M("out_exists", "File", *out))
		return ExitFailure
	}
	if err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("backup_saved", "Count", n, "File", *out))
	if *useKey {
		e.println(e.Stdout, cat.M("backup_keep_key"))
	} else {
		e.println(e.Stdout, cat.M("backup_keep_apart"))
	}
	return ExitOK
}

// newPassphrase asks for a passphrase twice (or shows a generated one
// once and asks for it back), checks it and returns it. It is read like
// a PIN: without echo from a terminal, one line per prompt from a pipe.
func (e *Env) newPassphrase(ctx context.Context, kind backup.Kind) (string, error) {
	if kind >= 0 {
		p := backup.GeneratePassphrase(kind)
		e.println(e.Stderr, cat.M("generated_passphrase", "Passphrase", p))
		back, err := e.readPassphrase(ctx, cat.M("prompt_generated_back"))
		if err != nil {
			return "", err
		}
		return p, backup.CheckPassphrasePair(p, back)
	}
	p, err := e.readPassphrase(ctx, cat.M("prompt_new_passphrase"))
	if err != nil {
		return "", err
	}
	if err := backup.CheckPassphrase(p); err != nil {
		if errors.Is(err, backup.ErrWeakPassphrase) {
			defer e.println(e.Stderr, cat.M("weak_passphrase_tip"))
		}
		return "", err
	}
	again, err := e.readPassphrase(ctx, cat.M("prompt_passphrase_again"))
	if err != nil {
		return "", err
	}
	return p, backup.CheckPassphrasePair(p, again)
}

const (
	// maxPassphrase bounds one passphrase line; a generated one is 23 bytes.
	maxPassphrase = 1024
	// maxNameInput bounds a display name typed at a clash.
	maxNameInput = 1024
)

var (
	errPassphraseTooLong = i18n.NewError(cat.M("passphrase_too_long", "Max", maxPassphrase), cat.M("hint_passphrase_too_long"), nil)
	errNoPassphrase      = i18n.NewError(cat.M("no_passphrase_input"), cat.M("hint_no_passphrase_input"), nil)
)

// readPassphrase reads one passphrase through the command's one input
// reader: no echo on a terminal, one line from a pipe, exactly as typed
// but for the line ending. Ctrl-C and Ctrl-D give prompt.ErrCancelled.
func (e *Env) readPassphrase(ctx context.Context, q i18n.Message) (string, error) {
	b, err := e.input().ReadSecret(ctx, e.t(q), prompt.Line, maxPassphrase)
	switch {
	case errors.Is(err, prompt.ErrTooLong):
		return "", errPassphraseTooLong
	case errors.Is(err, prompt.ErrNoInput):
		return "", errNoPassphrase
	case err != nil:
		return "", err
	case len(b) == 0:
		return "", backup.CheckPassphrase("")
	}
	// No wipe: age takes the passphrase as a string, so it lives in one
	// anyway (docs/security.md).
	return string(b), nil
}

func runRestore(ctx context.Context, e *Env, args []string) int {
	c := commands["restore"]
	fs := newFlags(c.name)
	yes := fs.Bool("yes", false, "")
	device := fs.String("device", "", "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) != 1 {
		return e.usageError(c, extraArgs(err, pos[min(1, len(pos)):]))
	}
	file := pos[0]
	data, err := backup.ReadFile(file)
	if err != nil {
		return e.fail(err)
	}
	s, err := e.openBackupStore()
	if err != nil {
		return e.fail(err)
	}
	doc, err := e.openBackup(ctx, data, filepath.Base(file), *device)
	if err != nil {
		return e.fail(err)
	}
	plan, err := backup.MakePlan(s, doc)
	if err != nil {
		return e.fail(err)
	}
	e.printPlan(plan)
	n, _ := plan.Count()
	if n == 0 {
		e.println(e.Stdout, cat.M("restore_nothing"))
		return ExitOK
	}
	if code, done := e.applyPlan(ctx, s, plan, n, *yes, restoreTexts); !done {
		return code
	}
	if dir, err := e.configDir(); err == nil {
		_ = backup.Dismiss(dir, e.Now()) // the customer has a backup: no reminder right away
	}
	e.println(e.Stdout, cat.M("restored", "Count", n))
	return ExitOK
}

// openBackup asks for the passphrase and opens the file. A file that is
// not even an age file is refused before asking.
func (e *Env) openBackup(ctx context.Context, data []byte, name, device string) (backup.Document, error) {
	if err := backup.Precheck(data, name); err != nil {
		return backup.Document{}, err
	}
	if backup.KeyProtected(data) {
		return e.openKeyBackup(ctx, data, name, device)
	}
	pass, err := e.readPassphrase(ctx, cat.M("prompt_passphrase"))
	if err != nil {
		return backup.Document{}, err
	}
	id, err := backup.Identity(pass)
	if err != nil {
		return backup.Document{}, err
	}
	return backup.Open(data, name, id)
}

func (e *Env) printPlan(p backup.Plan) {
	e.println(e.Stdout, cat.M("restore_summary", "Date", p.Doc.Created.Local().Format("2006-01-02"), "Count", len(p.Steps)))
	e.printSteps(p.Steps, restoreSteps)
}

// stepTexts are the catalog keys of a plan's lines: restore and import
// differ only in their wording.
type stepTexts struct{ skip, repair, renamed, added string }

var (
	restoreSteps = stepTexts{"restore_item_skip", "restore_item_repair", "restore_item_renamed", "restore_item_new"}
	importSteps  = stepTexts{"restore_item_skip", "import_item_repair", "import_item_renamed", "import_item_new"}
)

// printSteps says what each step of a plan will do; never a secret.
func (e *Env) printSteps(steps []backup.Step, t stepTexts) {
	for _, s := range steps {
		switch {
		case s.Action == backup.SkipDuplicate:
			e.println(e.Stdout, cat.M(t.skip, "Name", s.Item.Name, "Existing", s.Existing))
		case s.Action == backup.Repair:
			e.println(e.Stdout, cat.M(t.repair, "Name", s.Name))
		case s.Renamed():
			e.println(e.Stdout, cat.M(t.renamed, "Name", s.Item.Name, "New", s.Name))
		default:
			e.println(e.Stdout, cat.M(t.added, "Name", s.Item.Name))
		}
	}
}

// askNames lets the user change each suggested name for a clash; an
// empty line keeps the suggestion. Ctrl-C or Ctrl-D cancel the restore.
// applyTexts are the catalog keys that differ between restore and import.
type applyTexts struct{ needsYes, confirm, noneAdded string }

var (
	restoreTexts = applyTexts{"restore_needs_yes", "restore_confirm", "restore_none_added"}
	importTexts  = applyTexts{"import_needs_yes", "import_confirm", "import_none_added"}
)

// applyPlan is the end of restore and import: on a terminal (unless yes)
// it asks for clash names and a confirmation of n accounts, then applies
// plan all or nothing. When nothing was applied, done is false and code
// is the exit code.
func (e *Env) applyPlan(ctx context.Context, s backup.Target, plan backup.Plan, n int, yes bool, t applyTexts) (code int, done bool) {
	if !yes {
		if !e.input().IsTerminal() {
			e.errorf(cat.M(t.needsYes))
			e.println(e.Stderr, cat.M("restore_nothing_changed"))
			return ExitUsage, false
		}
		if err := e.askNames(ctx, &plan); err != nil {
			return e.fail(err), false
		}
		ok, err := e.confirm(ctx, e.t(cat.M(t.confirm, "Count", n)))
		if err != nil {
			return e.fail(err), false
		}
		if !ok {
			e.println(e.Stderr, cat.M("cancelled"))
			return ExitFailure, false
		}
	}
	if _, err := backup.ApplyContext(ctx, s, plan); err != nil {
		code := e.fail(err)
		e.println(e.Stderr, cat.M(t.noneAdded))
		return code, false
	}
	return ExitOK, true
}

func (e *Env) askNames(ctx context.Context, p *backup.Plan) error {
	for i, s := range p.Steps {
		if !s.Renamed() {
			continue
		}
		q := e.t(cat.M("prompt_new_name", "Name", s.Item.Name, "Suggested", s.Name))
		line, err := e.input().ReadLine(ctx, q, maxNameInput)
		if errors.Is(err, prompt.ErrCancelled) {
			return err
		}
		if line = strings.TrimSpace(line); err == nil && line != "" {
			p.Steps[i].Name = line
		}
	}
	return nil
}

// lastBackup is the date of the last backup for doctor, "" if none.
func (e *Env) lastBackup() string {
	dir, err := e.configDir()
	if err != nil {
		return ""
	}
	return backup.LastBackupDate(dir)
}
