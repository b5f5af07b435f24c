package cli

import (
	"context"
	"errors"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/seal"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// omamori seal on|off|status|forget: the Sealed level (internal/seal,
// docs/security.md). While it is on, every command that reads or writes
// a secret asks for the security key's PIN and a touch, once per run.

func init() {
	register(&command{name: "seal", args: "status | on | off | forget [--yes]", summary: "summary_seal", run: runSeal})
}

// sealKeys is the security-key service for sealing, telling on standard
// error when to touch the key.
func (e *Env) sealKeys() *securitykey.Service {
	svc := securitykey.New(e.keyDriver())
	svc.OnTouch(func(t securitykey.Touch) func() {
		e.println(e.Stderr, t.Message())
		return nil
	})
	return svc
}

// secrets is the keyring the account store in dir uses: Env.Secrets,
// behind sealing when it is on there.
func (e *Env) secrets(dir string) accounts.SecretStore {
	if !seal.On(dir) {
		return e.Secrets
	}
	return e.sealStore(dir)
}

// sealStore asks for the PIN on the terminal the first time a sealed
// item is needed; a failure is remembered, so a list of many accounts
// does not ask again for each one.
func (e *Env) sealStore(dir string) *seal.Store {
	st := seal.New(dir, e.Secrets, e.sealKeys())
	asked := false
	var failed error
	st.OnLocked = func() error {
		if asked {
			return failed
		}
		asked = true
		e.println(e.Stderr, cat.M("seal_needs_key"))
		ctx := e.context()
		pin, err := newPINReader(ctx, e).read(cat.M("key_prompt_pin"))
		if err == nil {
			err = st.Unlock(ctx, pin)
		}
		failed = err
		return err
	}
	return st
}

// context is the run's context (Ctrl-C cancels it) for the store's
// prompts, which have none of their own.
func (e *Env) context() context.Context {
	if e.ctx != nil {
		return e.ctx
	}
	return context.Background()
}

func runSeal(ctx context.Context, e *Env, args []string) int {
	c := commands["seal"]
	fs := newFlags(c.name)
	yes := fs.Bool("yes", false, "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) != 1 {
		return e.usageError(c, err)
	}
	if e.Secrets == nil {
		return e.fail(errors.New("cli: no keyring is wired in"))
	}
	dir, err := e.configDir()
	if err != nil {
		return e.fail(err)
	}
	switch pos[0] {
	case "status":
		if seal.On(dir) {
			e.println(e.Stdout, cat.M("seal_status_on"))
		} else {
			e.println(e.Stdout, cat.M("seal_status_off"))
		}
		return ExitOK
	case "on":
		return e.sealOn(ctx, dir)
	case "off":
		if err := e.sealStore(dir).Disable(ctx); err != nil {
			return e.fail(err)
		}
		e.println(e.Stdout, cat.M("seal_off_done"))
		return ExitOK
	case "forget":
		return e.sealForget(ctx, dir, *yes)
	}
	return e.usageError(c, nil)
}

func (e *Env) sealOn(ctx context.Context, dir string) int {
	st := seal.New(dir, e.Secrets, e.sealKeys())
	if err := st.Check(ctx); err != nil {
		return e.fail(err)
	}
	s, err := e.store()
	if err != nil {
		return e.fail(err)
	}
	entries, err := s.List()
	if err != nil {
		return e.fail(err)
	}
	var ids []string
	for _, en := range entries {
		ids = append(ids, en.ID)
	}
	if o, ok := s.(interface {
		Orphans() ([]accounts.Orphan, error)
	}); ok {
		orphans, _ := o.Orphans() // lost registrations of this folder: sealed too when they can be read
		for _, or := range orphans {
			ids = append(ids, or.ID)
		}
	}
	e.println(e.Stderr, cat.M("seal_on_intro", "Date", backup.LastPassphraseBackup(dir)))
	pin, err := newPINReader(ctx, e).read(cat.M("key_prompt_pin"))
	if err != nil {
		return e.fail(err)
	}
	if err := st.Enable(ctx, pin, ids); err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("seal_on_done", "N", len(entries)))
	return ExitOK
}

func (e *Env) sealForget(ctx context.Context, dir string, yes bool) int {
	if !seal.On(dir) {
		e.println(e.Stdout, cat.M("seal_status_off"))
		return ExitOK
	}
	if !yes {
		if !isTerminal(e.Stdin) {
			e.errorf(cat.M("seal_forget_needs_yes"))
			return ExitUsage
		}
		ok, err := e.confirm(ctx, e.t(cat.M("seal_forget_confirm")))
		if err != nil {
			return e.fail(err)
		}
		if !ok {
			e.println(e.Stderr, cat.M("cancelled"))
			return ExitFailure
		}
	}
	if err := seal.New(dir, e.Secrets, nil).Forget(); err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("seal_forgot"))
	return ExitOK
}
