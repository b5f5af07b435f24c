package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/addinput"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/totp"
)

// Store is what the CLI needs of the account store.
type Store interface {
	List() ([]accounts.Entry, error)
	Add(name string, e newaccount.Details) (accounts.Account, error)
	Rename(id, name string) error
	Remove(id string) error
	Find(name string) (accounts.Account, error)
	Generator(id string) (*totp.Generator, error)
}

// Profiles looks up provider profiles, and their brokers, by name
// (*profile.Set).
type Profiles interface {
	Get(name string) (profile.Profile, bool)
	Broker(name string) (profile.Broker, bool)
	Warnings() []i18n.Message
}

var errSetupCodeTooLong = i18n.NewError(cat.M("input_too_long"), cat.M("hint_input_too_long"), nil)

// errTooLong is for input that is not a setup code (key.go's PIN lines):
// its words name no particular input.
var errTooLong = i18n.NewError(cat.M("line_too_long"), cat.M("hint_line_too_long"), nil)

func init() {
	register(&command{name: "add", args: "--name NAME [--profile P] [--qr FILE | --screen [--pick N]]", summary: "summary_add", run: runAdd})
	register(&command{name: "list", args: "[--json]", summary: "summary_list", run: runList})
	register(&command{name: "code", args: "[NAME] [--json] [--time-server LIST]", summary: "summary_code", run: runCode})
	register(&command{name: "rename", args: "OLD NEW", summary: "summary_rename", run: runRename})
	register(&command{name: "remove", args: "NAME [--yes]", summary: "summary_remove", run: runRemove})
}

func runAdd(ctx context.Context, e *Env, args []string) int {
	c := commands["add"]
	fs := newFlags(c.name)
	name := fs.String("name", "", "")
	prof := fs.String("profile", profile.Default, "")
	qr := fs.String("qr", "", "")
	screen := fs.Bool("screen", false, "")
	pick := fs.Int("pick", 0, "")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return e.usageError(c, err)
	}
	if len(pos) > 0 {
		// Never echo it: it may be the secret, typed where it does not belong.
		e.errorf(cat.M("secret_not_argument"))
		return e.usageError(c, nil)
	}
	if strings.TrimSpace(*name) == "" {
		e.errorf(cat.M("name_required"))
		return e.usageError(c, nil)
	}
	if msg, bad := screenFlagsBad(*screen, *qr, *pick); bad {
		e.errorf(msg)
		return e.usageError(c, nil)
	}
	set, err := e.profiles()
	if err != nil {
		return e.fail(err)
	}
	p, ok := set.Get(*prof)
	if !ok {
		e.errorf(cat.M("unknown_profile", "Name", *prof))
		return ExitUsage
	}
	if !p.HasTOTP() {
		e.errorf(cat.M("profile_no_totp", "Name", *prof))
		return ExitUsage
	}
	var en newaccount.Details
	if *screen {
		en, err = e.readScreen(p, *pick)
	} else {
		en, err = e.readNewAccount(ctx, *qr, p)
	}
	if err != nil {
		return e.fail(err)
	}
	defer clear(en.Secret)
	s, err := e.openStore()
	if err != nil {
		return e.fail(err)
	}
	a, err := s.Add(*name, en)
	if err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("added", "Name", a.Name))
	if g, err := s.Generator(a.ID); err == nil {
		code := g.At(e.Now())
		e.println(e.Stdout, cat.M("first_code", "Code", code.Code, "Left", code.SecondsLeft))
	}
	return ExitOK
}

// readNewAccount gets the secret from a QR image file or from stdin.
func (e *Env) readNewAccount(ctx context.Context, qrPath string, p profile.Profile) (newaccount.Details, error) {
	if qrPath != "" {
		// Only a regular file: a FIFO or device would block or never end.
		// Looked at before opening, so opening never waits on a FIFO.
		if fi, err := os.Stat(qrPath); err == nil && !fi.Mode().IsRegular() {
			return newaccount.Details{}, i18n.NewError(cat.M("qr_not_file", "Path", qrPath), cat.M("hint_qr_open"), nil)
		}
		f, err := os.OpenFile(qrPath, os.O_RDONLY|nonBlockOpen, 0)
		if err != nil {
			return newaccount.Details{}, i18n.NewError(cat.M("qr_open_failed", "Path", qrPath), cat.M("hint_qr_open"), err)
		}
		defer f.Close()
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			// Swapped for something else between the two looks.
			return newaccount.Details{}, i18n.NewError(cat.M("qr_not_file", "Path", qrPath), cat.M("hint_qr_open"), err)
		}
		en, _, err := addinput.FromQR(f, p)
		return en, err
	}
	b, err := e.readSecret(ctx)
	if err != nil {
		return newaccount.Details{}, err
	}
	if len(b) == 0 {
		return newaccount.Details{}, i18n.NewError(cat.M("no_input"), cat.M("hint_no_input"), nil)
	}
	return addinput.Parse(string(b), p)
}

type listItem struct {
	Name    string    `json:"name"`
	Issuer  string    `json:"issuer,omitempty"`
	Profile string    `json:"profile"`
	Digits  int       `json:"digits"`
	Period  int       `json:"period"`
	Created time.Time `json:"created"`
	State   string    `json:"state"`
	Problem string    `json:"problem,omitempty"`
}

func runList(ctx context.Context, e *Env, args []string) int {
	c := commands["list"]
	fs := newFlags(c.name)
	asJSON := fs.Bool("json", false, "")
	if pos, err := parseInterleaved(fs, args); err != nil || len(pos) > 0 {
		return e.usageError(c, extraArgs(err, pos))
	}
	s, err := e.openStore()
	if err != nil {
		return e.fail(err)
	}
	entries, err := s.List()
	if err != nil {
		return e.fail(err)
	}
	items := make([]listItem, 0, len(entries))
	for _, en := range entries {
		it := listItem{Name: en.Name, Issuer: en.Issuer, Profile: en.Profile.Name, Digits: en.Profile.Digits,
			Period: en.Profile.Period, Created: en.Created, State: stateName(en)}
		if en.Err != nil {
			it.Problem = i18n.Localize(en.Err, e.Lang)
		}
		items = append(items, it)
	}
	if *asJSON {
		return e.writeJSON(items)
	}
	if len(items) == 0 {
		if e.listLost {
			return ExitFailure // the notice above said why the list is empty
		}
		e.println(e.Stdout, cat.M("no_accounts"))
		return ExitOK
	}
	rows := [][]string{{e.t(cat.M("col_name")), e.t(cat.M("col_issuer")), e.t(cat.M("col_profile")), e.t(cat.M("col_state"))}}
	for _, it := range items {
		rows = append(rows, []string{it.Name, dash(it.Issuer), it.Profile, e.t(cat.M("state_" + it.State))})
	}
	writeTable(e.Stdout, rows)
	for _, it := range items {
		if it.Problem != "" {
			fmt.Fprintf(e.Stderr, "%s: %s\n", it.Name, it.Problem)
		}
	}
	return ExitOK
}

func stateName(en accounts.Entry) string {
	switch {
	case en.State == accounts.NeedsSetupAgain:
		return "needs_reenrol"
	case en.Err != nil:
		return "error"
	}
	return "ok"
}

type codeItem struct {
	Name        string    `json:"name"`
	Code        string    `json:"code"`
	SecondsLeft int       `json:"seconds_left"`
	Next        string    `json:"next_code"`
	Period      int       `json:"period"`
	ValidUntil  time.Time `json:"valid_until"`
	// Host is the broker's official login host, the only place the code
	// may be typed; absent when the account's profile names no login page.
	Host string `json:"host,omitempty"`
}

func runCode(ctx context.Context, e *Env, args []string) int {
	c := commands["code"]
	fs := newFlags(c.name)
	asJSON := fs.Bool("json", false, "")
	servers := fs.String("time-server", "", "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) > 1 {
		return e.usageError(c, extraArgs(err, pos[min(len(pos), 1):]))
	}
	clock := e.openClockOrWarn(*servers)
	s, err := e.openStore()
	if err != nil {
		return e.fail(err)
	}
	var targets []accounts.Account
	if len(pos) == 1 {
		a, err := s.Find(pos[0])
		if err != nil {
			return e.fail(err)
		}
		targets = append(targets, a)
	} else {
		entries, err := s.List()
		if err != nil {
			return e.fail(err)
		}
		for _, en := range entries {
			targets = append(targets, en.Account)
		}
		if len(targets) == 0 {
			if !e.listLost {
				e.println(e.Stderr, cat.M("no_accounts"))
			}
			return ExitFailure
		}
	}
	now := e.Now()
	if clock != nil {
		now = clock.Now() // the cached correction: never waits
	}
	var items []codeItem
	status := ExitOK
	hosts := e.loginHosts()
	for _, a := range targets {
		g, err := s.Generator(a.ID)
		if err != nil {
			fmt.Fprintf(e.Stderr, "%s: %s\n", a.Name, i18n.Localize(err, e.Lang))
			status = ExitFailure
			continue
		}
		code := g.At(now)
		items = append(items, codeItem{Name: a.Name, Code: code.Code, SecondsLeft: code.SecondsLeft,
			Next: code.Next, Period: code.Period, ValidUntil: code.End, Host: hosts(a.Profile.Name)})
	}
	defer e.clockNotice(ctx, clock)
	if *asJSON {
		if items == nil {
			items = []codeItem{}
		}
		if rc := e.writeJSON(items); rc != ExitOK {
			return rc
		}
		return status
	}
	for _, it := range items {
		if len(targets) == 1 {
			fmt.Fprintln(e.Stdout, it.Code)
			e.println(e.Stderr, cat.M("code_detail", "Left", it.SecondsLeft, "Next", it.Next))
			if it.Host != "" {
				e.println(e.Stderr, cat.M("code_host", "Host", it.Host))
			}
			continue
		}
		fmt.Fprintf(e.Stdout, "%s  %s  %s\n", it.Code, e.t(cat.M("seconds_left", "Left", it.SecondsLeft)), it.Name)
		if it.Host != "" {
			fmt.Fprintf(e.Stdout, "        %s\n", e.t(cat.M("code_host", "Host", it.Host)))
		}
	}
	return status
}

// loginHosts looks up the official login host of a profile by name, as
// the window does. Codes do not depend on it: a profile file that cannot
// be read is told on stderr, and the codes are shown without hosts.
func (e *Env) loginHosts() func(profile string) string {
	set, err := e.profiles()
	if err != nil {
		fmt.Fprintln(e.Stderr, i18n.Localize(err, e.Lang))
		return func(string) string { return "" }
	}
	return func(name string) string {
		b, _ := set.Broker(name)
		return b.LoginHost()
	}
}

func runRename(ctx context.Context, e *Env, args []string) int {
	c := commands["rename"]
	pos, err := parseInterleaved(newFlags(c.name), args)
	if err != nil || len(pos) != 2 {
		return e.usageError(c, err)
	}
	s, a, err := e.openAccount(pos[0])
	if err != nil {
		return e.fail(err)
	}
	if err := s.Rename(a.ID, pos[1]); err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("renamed", "Old", a.Name, "New", strings.TrimSpace(pos[1])))
	return ExitOK
}

func runRemove(ctx context.Context, e *Env, args []string) int {
	c := commands["remove"]
	fs := newFlags(c.name)
	yes := fs.Bool("yes", false, "")
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) != 1 {
		return e.usageError(c, err)
	}
	s, a, err := e.openAccount(pos[0])
	if err != nil {
		return e.fail(err)
	}
	if !*yes {
		if !isTerminal(e.Stdin) {
			e.errorf(cat.M("remove_needs_yes", "Name", a.Name))
			return ExitUsage
		}
		ok, err := e.confirm(ctx, e.t(cat.M("remove_confirm", "Name", a.Name)))
		if err != nil {
			return e.fail(err)
		}
		if !ok {
			e.println(e.Stderr, cat.M("cancelled"))
			return ExitFailure
		}
	}
	if err := s.Remove(a.ID); err != nil {
		return e.fail(err)
	}
	e.println(e.Stdout, cat.M("removed", "Name", a.Name))
	return ExitOK
}

func (e *Env) writeJSON(v any) int {
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return e.fail(err)
	}
	return ExitOK
}

func extraArgs(err error, pos []string) error {
	if err != nil || len(pos) == 0 {
		return err
	}
	return fmt.Errorf("unexpected argument %q", pos[0])
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// openAccount opens the store and finds the account with display name name.
func (e *Env) openAccount(name string) (Store, accounts.Account, error) {
	s, err := e.openStore()
	if err != nil {
		return nil, accounts.Account{}, err
	}
	a, err := s.Find(name)
	return s, a, err
}
