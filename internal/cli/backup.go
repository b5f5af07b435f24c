package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
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
}

func (e *Env) openBackupStore() (backupStore, error) {
	s, err := e.OpenStore()
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
	doc, err := backup.Collect(s, e.Now(), version.String())
	if err != nil {
		return e.fail(err)
	}
	r, err := e.backupRecipient(ctx, kind, *useKey, *device)
	if err != nil {
		return e.fail(err)
	}
	data, err := backup.Seal(doc, r)
	if err != nil {
		return e.fail(err)
	}
	if err := backup.WriteFile(*out, data); err != nil {
		return e.fail(err)
	}
	if dir, err := e.configDir(); err == nil {
		_ = backup.RecordBackup(dir, e.Now()) // only feeds the reminder
	}
	e.println(e.Stdout, cat.M("backup_saved", "Count", len(doc.Accounts), "File", *out))
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
func (e *Env) newPassphrase(kind backup.Kind) (string, error) {
	in := newPINReader(e)
	if kind >= 0 {
		p := backup.GeneratePassphrase(kind)
		e.println(e.Stderr, cat.M("generated_passphrase", "Passphrase", p))
		back, err := readPassphrase(in, cat.M("prompt_generated_back"))
		if err != nil {
			return "", err
		}
		return p, backup.CheckPassphrasePair(p, back)
	}
	p, err := readPassphrase(in, cat.M("prompt_new_passphrase"))
	if err != nil {
		return "", err
	}
	if err := backup.CheckPassphrase(p); err != nil {
		if errors.Is(err, backup.ErrWeakPassphrase) {
			defer e.println(e.Stderr, cat.M("weak_passphrase_tip"))
		}
		return "", err
	}
	again, err := readPassphrase(in, cat.M("prompt_passphrase_again"))
	if err != nil {
		return "", err
	}
	return p, backup.CheckPassphrasePair(p, again)
}

// readPassphrase reads one passphrase with the PIN reader, turning "no
// input" into the passphrase's own message.
func readPassphrase(in *pinReader, prompt i18n.Message) (string, error) {
	p, err := in.read(prompt)
	if errors.Is(err, errNoPIN) || (err == nil && p == "") {
		return "", backup.CheckPassphrase("")
	}
	return p, err
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
	in := newPINReader(e)
	doc, err := e.openBackup(ctx, in, data, filepath.Base(file), *device)
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
	if !*yes {
		if in.tty == nil {
			e.errorf(cat.M("restore_needs_yes"))
			e.println(e.Stderr, cat.M("restore_nothing_changed"))
			return ExitUsage
		}
		e.askNames(in, &plan)
		e.println(e.Stderr, cat.M("restore_confirm", "Count", n))
		if line, err := in.line(); err != nil || !isYes(line) {
			e.println(e.Stderr, cat.M("cancelled"))
			return ExitFailure
		}
	}
	if _, err := backup.Apply(s, plan); err != nil {
		code := e.fail(err)
		e.println(e.Stderr, cat.M("restore_nothing_changed"))
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
func (e *Env) openBackup(ctx context.Context, in *pinReader, data []byte, name, device string) (backup.Document, error) {
	if err := backup.Precheck(data, name); err != nil {
		return backup.Document{}, err
	}
	if backup.KeyProtected(data) {
		return e.openKeyBackup(ctx, in, data, name, device)
	}
	pass, err := readPassphrase(in, cat.M("prompt_passphrase"))
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
	for _, s := range p.Steps {
		switch {
		case s.Action == backup.SkipDuplicate:
			e.println(e.Stdout, cat.M("restore_item_skip", "Name", s.Item.Name, "Existing", s.Existing))
		case s.Renamed():
			e.println(e.Stdout, cat.M("restore_item_renamed", "Name", s.Item.Name, "New", s.Name))
		default:
			e.println(e.Stdout, cat.M("restore_item_new", "Name", s.Item.Name))
		}
	}
}

// askNames lets the user change each suggested name for a clash; an
// empty line keeps the suggestion.
func (e *Env) askNames(in *pinReader, p *backup.Plan) {
	for i, s := range p.Steps {
		if !s.Renamed() {
			continue
		}
		fmt.Fprint(e.Stderr, e.t(cat.M("prompt_new_name", "Name", s.Item.Name, "Suggested", s.Name))+" ")
		if line, err := in.line(); err == nil && strings.TrimSpace(line) != "" {
			p.Steps[i].Name = strings.TrimSpace(line)
		}
	}
}

// lastBackup is the date of the last backup for doctor, "" if none.
func (e *Env) lastBackup() string {
	dir, err := e.configDir()
	if err != nil {
		return ""
	}
	st, err := backup.LoadState(dir)
	if _, ok := st.Last(); err != nil || !ok {
		return ""
	}
	return st.LastBackup
}
