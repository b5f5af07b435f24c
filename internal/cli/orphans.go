package cli

import (
	"context"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
)

// orphanStore is the part of the account store that finds secrets no
// account points to (accounts.Store).
type orphanStore interface {
	Orphans() ([]accounts.Orphan, error)
	ReattachOrphan(id, name string) (accounts.Account, error)
	ReattachOrphans(ids, names []string) ([]accounts.Reattached, error)
	DeleteOrphan(id string) error
}

func init() {
	register(&command{name: "recover", args: "[--restore NAME|ID [--name NEW] | --restore-all | --delete NAME|ID [--yes]] [--json]",
		summary: "summary_recover", run: runRecover})
}

type orphanItem struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Issuer  string    `json:"issuer,omitempty"`
	Profile string    `json:"profile"`
	Created time.Time `json:"created,omitzero"`
	Damaged bool      `json:"damaged,omitempty"`
}

func runRecover(ctx context.Context, e *Env, args []string) int {
	c := commands["recover"]
	fs := newFlags(c.name)
	restore := fs.String("restore", "", "")
	restoreAll := fs.Bool("restore-all", false, "")
	del := fs.String("delete", "", "")
	name := fs.String("name", "", "")
	yes := fs.Bool("yes", false, "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseInterleaved(fs, args)
	actions := btoi(*restore != "") + btoi(*restoreAll) + btoi(*del != "")
	if err != nil || len(pos) > 0 || actions > 1 || (*name != "" && *restore == "") {
		return e.usageError(c, extraArgs(err, pos))
	}
	st, err := e.openStore()
	if err != nil {
		return e.fail(err)
	}
	s, ok := st.(orphanStore)
	if !ok {
		return e.fail(i18n.NewError(cat.M("recover_unsupported"), i18n.Message{}, nil))
	}
	orphans, err := s.Orphans()
	if err != nil {
		return e.fail(err)
	}
	switch {
	case *restore != "":
		o, err := e.pickOrphan(orphans, *restore)
		if err != nil {
			return e.fail(err)
		}
		return e.restoreOrphan(s, o, *name)
	case *restoreAll:
		return e.restoreAll(s, orphans)
	case *del != "":
		o, err := e.pickOrphan(orphans, *del)
		if err != nil {
			return e.fail(err)
		}
		return e.deleteOrphan(ctx, s, o, *yes)
	}
	return e.listOrphans(orphans, *asJSON)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (e *Env) listOrphans(orphans []accounts.Orphan, asJSON bool) int {
	if asJSON {
		items := make([]orphanItem, 0, len(orphans))
		for _, o := range orphans {
			items = append(items, orphanItem{ID: o.ID, Name: o.Name, Issuer: o.Issuer, Profile: o.Profile.Name, Created: o.Created, Damaged: o.Damaged})
		}
		return e.writeJSON(items)
	}
	if len(orphans) == 0 {
		e.println(e.Stdout, cat.M("recover_none"))
		return ExitOK
	}
	e.println(e.Stdout, cat.M("recover_found", "Count", len(orphans)))
	rows := [][]string{{e.t(cat.M("col_name")), e.t(cat.M("col_issuer")), e.t(cat.M("col_registered")), "ID"}}
	for _, o := range orphans {
		created := "-"
		if !o.Created.IsZero() {
			created = o.Created.Local().Format("2006-01-02")
		}
		rows = append(rows, []string{e.orphanName(o), dash(o.Issuer), created, o.ID})
	}
	writeTable(e.Stdout, rows)
	e.println(e.Stdout, cat.M("recover_how"))
	return ExitOK
}

// orphanName is how an orphan is shown: its enrolled name, or a note
// that it has none or is damaged.
func (e *Env) orphanName(o accounts.Orphan) string {
	switch {
	case o.Damaged:
		return e.t(cat.M("recover_damaged"))
	case o.Name == "":
		return e.t(cat.M("recover_no_name"))
	}
	return o.Name
}

// pickOrphan finds the orphan named by its enrolled display name or id
// (a unique start of the id, at least 6 characters, will do).
func (e *Env) pickOrphan(orphans []accounts.Orphan, which string) (accounts.Orphan, error) {
	var hits []accounts.Orphan
	for _, o := range orphans {
		if o.Name != "" && strings.EqualFold(strings.TrimSpace(which), o.Name) ||
			len(which) >= 6 && strings.HasPrefix(o.ID, strings.ToLower(which)) {
			hits = append(hits, o)
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return accounts.Orphan{}, i18n.NewError(cat.M("recover_not_found", "Name", which), cat.M("hint_recover_list"), nil)
	}
	return accounts.Orphan{}, i18n.NewError(cat.M("recover_ambiguous", "Name", which), cat.M("hint_recover_by_id"), nil)
}

func (e *Env) restoreOrphan(s orphanStore, o accounts.Orphan, name string) int {
	a, err := s.ReattachOrphan(o.ID, name)
	if err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("recover_restored", "Name", a.Name))
	return ExitOK
}

// restoreAll re-attaches every orphan that has a name, in one go
// (ReattachOrphans: one keyring read, one save of the account list), and
// reports on each in order as one by one would.
func (e *Env) restoreAll(s orphanStore, orphans []accounts.Orphan) int {
	var ids []string
	for _, o := range orphans {
		if !o.Damaged && o.Name != "" {
			ids = append(ids, o.ID)
		}
	}
	var done []accounts.Reattached
	if len(ids) > 0 {
		var err error
		if done, err = s.ReattachOrphans(ids, nil); err != nil {
			return e.fail(err)
		}
	}
	status := ExitOK
	for _, o := range orphans {
		if o.Damaged || o.Name == "" {
			e.errorf(cat.M("recover_skipped", "ID", o.ID))
			status = ExitFailure
			continue
		}
		r := done[0]
		done = done[1:]
		if r.Err != nil {
			status = e.fail(r.Err)
			continue
		}
		e.println(e.Stdout, cat.M("recover_restored", "Name", r.Name))
	}
	return status
}

func (e *Env) deleteOrphan(ctx context.Context, s orphanStore, o accounts.Orphan, yes bool) int {
	if !yes {
		if !e.input().IsTerminal() {
			e.errorf(cat.M("recover_delete_needs_yes"))
			return ExitUsage
		}
		ok, err := e.confirm(ctx, e.t(cat.M("recover_delete_confirm", "Name", e.orphanName(o))))
		if err != nil {
			return e.fail(err)
		}
		if !ok {
			e.println(e.Stderr, cat.M("cancelled"))
			return ExitFailure
		}
	}
	if err := s.DeleteOrphan(o.ID); err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("recover_deleted", "Name", e.orphanName(o)))
	return ExitOK
}
