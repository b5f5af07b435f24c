package backup

import (
	"context"
	"crypto/subtle"
	"fmt"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/newaccount"
)

// Target is the account store a restore writes to: through Add, exactly
// as an enrolment does, so secrets go to the keyring the same way.
type Target interface {
	Source
	Find(name string) (accounts.Account, error)
	Add(name string, e newaccount.Details) (accounts.Account, error)
	Remove(id string) error
	AddAll(ctx context.Context, news []accounts.NewAccount) ([]accounts.Account, error)
	RepairAll(repairs []accounts.Repairing) error
}

// Action says what a restore does with one item.
type Action int

// Actions.
const (
	Restore       Action = iota // add it under Step.Name
	SkipDuplicate               // the same secret is already here, as Step.Existing
	Repair                      // account Step.ID, named alike, lost its secret here: put it back
)

// Step is one account of a restore plan. The caller may change Name
// (a clash gets a suffix the user can edit) before Apply.
type Step struct {
	Item     Item
	Action   Action
	Name     string // the name it will get; differs from Item.Name on a clash
	Existing string // for SkipDuplicate: the display name that already has the secret
	ID       string // for Repair: the account whose secret is put back
}

// Renamed reports whether the step's name was changed for a clash.
func (s Step) Renamed() bool { return s.Action == Restore && s.Name != s.Item.Name }

// Plan is what a restore would do; nothing has changed yet.
type Plan struct {
	Doc   Document
	Steps []Step
}

// Count returns how many accounts would be restored and skipped.
func (p Plan) Count() (restore, skip int) {
	for _, s := range p.Steps {
		if s.Action != SkipDuplicate {
			restore++
		} else {
			skip++
		}
	}
	return
}

// MakePlan compares d with the store: accounts whose secret is already
// here are skipped (compared in memory, in constant time; nothing about
// a secret is kept), names already used get " (2)", " (3)", ...
func MakePlan(t Target, d Document) (Plan, error) {
	entries, err := t.List()
	if err != nil {
		return Plan{}, err
	}
	type have struct {
		name string
		key  []byte
	}
	var present []have
	broken := map[string]accounts.Entry{} // by NameKey: accounts that lost their secret
	taken := map[string]bool{}            // by NameKey: every name in use, and those the plan gives
	defer func() {
		for _, h := range present {
			wipe(h.key)
		}
	}()
	keys, err := t.ExportAll()
	if err != nil {
		return Plan{}, err
	}
	for _, e := range entries {
		taken[accounts.NameKey(e.Name)] = true
		if e.State == accounts.NeedsSetupAgain {
			broken[accounts.NameKey(e.Name)] = e
		}
		if k, ok := keys[e.ID]; ok && e.State == accounts.OK {
			present = append(present, have{e.Name, k.Secret})
			delete(keys, e.ID)
		}
	}
	wipeAll(keys) // not OK in entries: changed since List
	p := Plan{Doc: d}
	for _, it := range d.Accounts {
		// A crafted or damaged file: names shown and stored as Add takes them.
		it.Name, it.Issuer, it.Label = accounts.SanitizeName(it.Name), accounts.SanitizeText(it.Issuer), accounts.SanitizeText(it.Label)
		accounts.SanitizeProfile(&it.Profile)
		en, err := it.enrolment()
		if err != nil {
			return Plan{}, userErr(fmt.Errorf("%w: %w", ErrBadAccount, err), "bad_account", "hint_bad_account", "Name", it.Name)
		}
		step := Step{Item: it, Action: Restore}
		for _, h := range present {
			if subtle.ConstantTimeCompare(h.key, en.Secret) == 1 {
				step.Action, step.Existing = SkipDuplicate, h.name
				break
			}
		}
		if b, ok := broken[accounts.NameKey(it.Name)]; ok && step.Action == Restore {
			// Its secret was lost here and the backup has it: repair it
			// in place rather than add "A (2)" beside a broken "A".
			step.Action, step.Name, step.ID = Repair, b.Name, b.ID
			delete(broken, accounts.NameKey(it.Name))
			present = append(present, have{b.Name, en.Secret})
		} else if step.Action == Restore {
			step.Name = freeName(it.Name, taken)
			taken[accounts.NameKey(step.Name)] = true
			present = append(present, have{step.Name, en.Secret}) // a duplicate later in the file is skipped
		} else {
			wipe(en.Secret)
		}
		p.Steps = append(p.Steps, step)
	}
	return p, nil
}

// freeName returns name, or name with the first free " (n)" suffix;
// taken holds the NameKey of every name in use.
func freeName(name string, taken map[string]bool) string {
	if !taken[accounts.NameKey(name)] {
		return name
	}
	for i := 2; ; i++ {
		n := accounts.WithSuffix(name, fmt.Sprintf(" (%d)", i))
		if !taken[accounts.NameKey(n)] {
			return n
		}
	}
}

// Apply adds every Restore step through the store's AddAll: all or
// nothing, reading the keyring once (see accounts.Store.AddAll for what
// a failure or a stop leaves). It returns the accounts added, in order.
func Apply(t Target, p Plan) ([]accounts.Account, error) {
	return ApplyContext(context.Background(), t, p)
}

// ApplyContext is Apply that stops, undoing what it wrote, when ctx ends
// (Ctrl-C, the terminal closed, SIGTERM).
func ApplyContext(ctx context.Context, t Target, p Plan) ([]accounts.Account, error) {
	var news []accounts.NewAccount
	defer func() {
		for _, n := range news {
			wipe(n.Enrolment.Secret)
		}
	}()
	for _, s := range p.Steps {
		if s.Action != Restore {
			continue
		}
		en, err := s.Item.enrolment()
		if err != nil {
			return nil, err
		}
		news = append(news, accounts.NewAccount{Name: s.Name, Enrolment: en})
	}
	var added []accounts.Account
	if len(news) > 0 {
		var err error
		if added, err = t.AddAll(ctx, news); err != nil {
			return nil, err
		}
	}
	// Repairs after, at once: each puts one lost secret back; one that
	// is refused or fails leaves its account as it was (needing
	// re-registration).
	var repairs []accounts.Repairing
	defer func() {
		for _, r := range repairs {
			wipe(r.Enrolment.Secret)
		}
	}()
	for _, s := range p.Steps {
		if s.Action != Repair {
			continue
		}
		en, err := s.Item.enrolment()
		if err != nil {
			return added, err
		}
		repairs = append(repairs, accounts.Repairing{ID: s.ID, Enrolment: en})
	}
	if len(repairs) > 0 {
		if err := t.RepairAll(repairs); err != nil {
			return added, err
		}
	}
	return added, nil
}
