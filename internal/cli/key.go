package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/libfido2"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// `omamori key ...`: the security-key screen's functions on the command
// line. PINs are read from the terminal without echo, or one per line
// from a pipe; never from arguments.

// keyDriver opens the driver for real keys; tests may replace it.
var keyDriver = func() securitykey.Driver { return libfido2.New() }

// keyLibrary is the linked libfido2's version, "" when there is none.
var keyLibrary = libfido2.Version

// keyLibraryName is "libfido2 1.16.0", or "" without the library.
func keyLibraryName() string {
	if v := keyLibrary(); v != "" {
		return "libfido2 " + v
	}
	return ""
}

// practiceTouchDelay is how long the practice key takes to be "touched"
// (and unplugged, and plugged back in); tests shorten it.
var practiceTouchDelay = 700 * time.Millisecond

var kcat = securitykey.Catalog()

func init() {
	register(&command{
		name:    "key",
		args:    "list|info|set-pin|change-pin|test|passkeys|delete-passkey|reset [--device PATH] [--json] [--practice]",
		summary: "summary_key",
		run:     runKey,
	})
}

// keyCmd is one `omamori key` subcommand after its flags are parsed.
type keyCmd struct {
	e        *Env
	svc      *securitykey.Service
	practice *practice.Driver
	device   string
	json     bool
	yes      bool
	id       string
	pins     *pinReader
}

var keySubs = map[string]func(*keyCmd, context.Context) int{
	"list":           (*keyCmd).list,
	"info":           (*keyCmd).info,
	"set-pin":        (*keyCmd).setPIN,
	"change-pin":     (*keyCmd).changePIN,
	"test":           (*keyCmd).test,
	"passkeys":       (*keyCmd).passkeys,
	"delete-passkey": (*keyCmd).deletePasskey,
	"reset":          (*keyCmd).reset,
}

func runKey(ctx context.Context, e *Env, args []string) int {
	c := commands["key"]
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		e.println(e.Stdout, kcat.M("cli_usage"))
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	sub, ok := keySubs[args[0]]
	if !ok {
		e.errorf(kcat.M("cli_unknown_sub", "Name", args[0]))
		e.println(e.Stderr, kcat.M("cli_usage"))
		return ExitUsage
	}
	k := &keyCmd{e: e}
	fs := newFlags(c.name)
	fs.StringVar(&k.device, "device", "", "")
	fs.BoolVar(&k.json, "json", false, "")
	fs.BoolVar(&k.yes, "yes", false, "")
	fs.StringVar(&k.id, "id", "", "")
	usePractice := fs.Bool("practice", false, "")
	pos, err := parseInterleaved(fs, args[1:])
	if err == flag.ErrHelp {
		e.println(e.Stdout, kcat.M("cli_usage"))
		return ExitOK
	}
	if err != nil || len(pos) > 0 {
		if len(pos) > 0 {
			// Never echo it: it may be a PIN typed where it does not belong.
			e.errorf(kcat.M("cli_no_positional"))
		}
		return e.usageError(c, err)
	}
	drv := keyDriver()
	if *usePractice {
		if k.practice, err = practice.New(practice.Options{AutoTouch: practiceTouchDelay}); err != nil {
			return e.fail(err)
		}
		drv = k.practice
		e.println(e.Stderr, kcat.M("cli_practice_note"))
	}
	k.svc = securitykey.New(drv)
	k.svc.OnTouch(func(t securitykey.Touch) func() {
		e.println(e.Stderr, t.Message())
		return nil
	})
	k.pins = newPINReader(e)
	return sub(k, ctx)
}

// pick resolves --device, or the only key plugged in.
func (k *keyCmd) pick() (string, error) { return k.svc.Pick(k.device) }

func (k *keyCmd) t(m i18n.Message) string { return m.In(k.e.Lang) }

// keyJSON is a key in `key list --json` and `key info --json`.
type keyJSON struct {
	Path         string   `json:"path"`
	Name         string   `json:"name"`
	Maker        string   `json:"maker,omitempty"`
	Model        string   `json:"model,omitempty"`
	Product      string   `json:"product,omitempty"`
	AAGUID       string   `json:"aaguid,omitempty"`
	Versions     []string `json:"versions"`
	Transport    string   `json:"transport"`
	PIN          string   `json:"pin"` // set, not_set, unsupported, unknown
	PINRetries   *int     `json:"pin_retries,omitempty"`
	PasskeysUsed *int     `json:"passkeys_used,omitempty"`
	PasskeysFree *int     `json:"passkeys_free,omitempty"`
	CredMgmt     bool     `json:"can_list_passkeys"`
	Practice     bool     `json:"practice,omitempty"`
	Status       string   `json:"status"`
	Error        string   `json:"error,omitempty"`
	FIDO2        bool     `json:"fido2"`
}

func pinStateName(p securitykey.PINState) string {
	switch p {
	case securitykey.PINSet:
		return "set"
	case securitykey.PINNotSet:
		return "not_set"
	case securitykey.PINUnsupported:
		return "unsupported"
	}
	return "unknown"
}

func transportName(t securitykey.Transport) string {
	if t == securitykey.TransportUnknown {
		return "unknown"
	}
	return string(t)
}

func (k *keyCmd) toJSON(ki securitykey.KeyInfo) keyJSON {
	j := keyJSON{
		Path: ki.Path, Name: ki.Name(k.e.Lang), Maker: ki.Maker, Model: ki.Model, Product: ki.Product,
		AAGUID: ki.AAGUID, Versions: ki.Versions, Transport: transportName(ki.Transport),
		PIN: pinStateName(ki.PIN), CredMgmt: ki.CredMgmt, Practice: ki.Practice,
		Status: k.t(ki.Status()), FIDO2: ki.FIDO2,
	}
	if j.Versions == nil {
		j.Versions = []string{}
	}
	if ki.PINRetries >= 0 {
		n := ki.PINRetries
		j.PINRetries = &n
	}
	if ki.Slots.Known {
		u, f := ki.Slots.Used, ki.Slots.Free
		j.PasskeysUsed, j.PasskeysFree = &u, &f
	}
	if ki.Err != nil {
		j.Error = i18n.Localize(ki.Err, k.e.Lang)
	}
	return j
}

func (k *keyCmd) list(ctx context.Context) int {
	keys, err := k.svc.List()
	if err != nil {
		return k.e.fail(err)
	}
	if k.json {
		out := make([]keyJSON, 0, len(keys))
		for _, ki := range keys {
			out = append(out, k.toJSON(ki))
		}
		return k.e.writeJSON(out)
	}
	if len(keys) == 0 {
		k.e.println(k.e.Stdout, kcat.M("no_key"))
		k.e.println(k.e.Stdout, kcat.M("hint_no_key"))
		return ExitOK
	}
	rows := [][]string{{k.t(kcat.M("cli_col_device")), k.t(kcat.M("cli_col_key")), k.t(kcat.M("cli_col_pin")), k.t(kcat.M("cli_col_status"))}}
	for _, ki := range keys {
		rows = append(rows, []string{ki.Path, ki.Name(k.e.Lang), k.pinText(ki), k.t(ki.Status())})
	}
	writeTable(k.e.Stdout, rows)
	return ExitOK
}

func (k *keyCmd) pinText(ki securitykey.KeyInfo) string {
	state := k.t(ki.PINLabel())
	if ki.PIN == securitykey.PINSet && ki.PINRetries >= 0 {
		return k.t(kcat.M("cli_pin_retries", "State", state, "Left", ki.PINRetries))
	}
	return state
}

func (k *keyCmd) info(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.e.fail(err)
	}
	ki, err := k.svc.Info(ctx, path)
	if err != nil {
		return k.e.fail(err)
	}
	if k.json {
		return k.e.writeJSON(k.toJSON(ki))
	}
	name := ki.Name(k.e.Lang)
	if ki.Maker != "" && ki.Model != "" {
		name += " (" + ki.Maker + ")"
	}
	versions := strings.Join(ki.VersionNames(), ", ")
	fields := [][2]string{
		{"cli_label_key", name},
		{"cli_label_device", ki.Path},
		{"cli_label_transport", k.t(ki.TransportLabel())},
		{"cli_label_versions", versions},
		{"cli_label_pin", k.pinText(ki)},
		{"cli_label_passkeys", k.t(ki.SlotsLabel())},
		{"cli_label_aaguid", ki.AAGUID},
		{"cli_label_status", k.t(ki.Status())},
	}
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		rows = append(rows, []string{k.t(kcat.M(f[0])), dashIfEmpty(f[1])})
	}
	writeTable(k.e.Stdout, rows)
	return ExitOK
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (k *keyCmd) setPIN(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.e.fail(err)
	}
	pin, err := k.pins.read(kcat.M("cli_prompt_new_pin"))
	if err != nil {
		return k.e.fail(err)
	}
	confirm, err := k.pins.read(kcat.M("cli_prompt_confirm_pin"))
	if err != nil {
		return k.e.fail(err)
	}
	if err := k.svc.SetPIN(ctx, path, pin, confirm); err != nil {
		return k.e.fail(err)
	}
	k.e.println(k.e.Stdout, kcat.M("cli_pin_set"))
	return ExitOK
}

func (k *keyCmd) changePIN(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.e.fail(err)
	}
	var pins [3]string
	for i, p := range []string{"cli_prompt_old_pin", "cli_prompt_new_pin", "cli_prompt_confirm_pin"} {
		if pins[i], err = k.pins.read(kcat.M(p)); err != nil {
			return k.e.fail(err)
		}
	}
	if err := k.svc.ChangePIN(ctx, path, pins[0], pins[1], pins[2]); err != nil {
		return k.e.fail(err)
	}
	k.e.println(k.e.Stdout, kcat.M("cli_pin_changed"))
	return ExitOK
}

type testJSON struct {
	OK           bool   `json:"ok"`
	UserPresent  bool   `json:"user_present"`
	UserVerified bool   `json:"user_verified"`
	SignCount    uint32 `json:"sign_count"`
	Message      string `json:"message"`
}

func (k *keyCmd) test(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.e.fail(err)
	}
	ki, err := k.svc.Info(ctx, path)
	if err != nil {
		return k.e.fail(err)
	}
	pin := ""
	if ki.PIN == securitykey.PINSet {
		if pin, err = k.pins.read(kcat.M("cli_prompt_pin")); err != nil {
			return k.e.fail(err)
		}
	}
	k.e.println(k.e.Stderr, kcat.M("cli_testing"))
	res, err := k.svc.Test(ctx, path, pin)
	if err != nil {
		return k.e.fail(err)
	}
	if k.json {
		return k.e.writeJSON(testJSON{OK: res.SignatureValid && res.UserPresent, UserPresent: res.UserPresent,
			UserVerified: res.UserVerified, SignCount: res.SignCount, Message: k.t(res.Summary())})
	}
	k.e.println(k.e.Stdout, res.Summary())
	if res.UserVerified {
		k.e.println(k.e.Stdout, kcat.M("cli_test_uv"))
	}
	return ExitOK
}

type passkeyJSON struct {
	ID          string `json:"id"`
	Site        string `json:"site"`
	SiteName    string `json:"site_name,omitempty"`
	UserName    string `json:"user_name"`
	DisplayName string `json:"display_name,omitempty"`
}

type passkeysJSON struct {
	Used     int           `json:"used"`
	Free     int           `json:"free"`
	Total    int           `json:"total"`
	Passkeys []passkeyJSON `json:"passkeys"`
}

func (k *keyCmd) listPasskeys(ctx context.Context) (string, string, securitykey.PasskeyList, error) {
	path, err := k.pick()
	if err != nil {
		return "", "", securitykey.PasskeyList{}, err
	}
	pin, err := k.pins.read(kcat.M("cli_prompt_pin"))
	if err != nil {
		return "", "", securitykey.PasskeyList{}, err
	}
	l, err := k.svc.Passkeys(ctx, path, pin)
	return path, pin, l, err
}

func (k *keyCmd) passkeys(ctx context.Context) int {
	_, _, l, err := k.listPasskeys(ctx)
	if err != nil {
		return k.e.fail(err)
	}
	if k.json {
		out := passkeysJSON{Used: l.Used, Free: l.Free, Total: l.Used + l.Free, Passkeys: []passkeyJSON{}}
		for _, p := range l.Passkeys {
			out.Passkeys = append(out.Passkeys, passkeyJSON{ID: p.ID(), Site: p.Site, SiteName: p.SiteName,
				UserName: p.UserName, DisplayName: p.DisplayName})
		}
		return k.e.writeJSON(out)
	}
	k.e.println(k.e.Stdout, l.Summary())
	if len(l.Passkeys) == 0 {
		k.e.println(k.e.Stdout, kcat.M("cli_no_passkeys"))
		return ExitOK
	}
	rows := [][]string{{k.t(kcat.M("cli_col_site")), k.t(kcat.M("cli_col_user")), k.t(kcat.M("cli_col_id"))}}
	for _, p := range l.Passkeys {
		rows = append(rows, []string{p.Site, dashIfEmpty(p.UserName), p.ID()})
	}
	writeTable(k.e.Stdout, rows)
	return ExitOK
}

func (k *keyCmd) deletePasskey(ctx context.Context) int {
	if k.id == "" {
		k.e.errorf(kcat.M("cli_id_required"))
		return ExitUsage
	}
	path, pin, l, err := k.listPasskeys(ctx)
	if err != nil {
		return k.e.fail(err)
	}
	var target *securitykey.Passkey
	for i := range l.Passkeys {
		if l.Passkeys[i].ID() == k.id {
			target = &l.Passkeys[i]
		}
	}
	if target == nil {
		k.e.errorf(kcat.M("cli_id_unknown", "ID", k.id))
		return ExitFailure
	}
	who := []any{"Site", target.Site, "User", dashIfEmpty(target.UserName)}
	if ok, code := k.confirm(kcat.M("cli_delete_confirm", who...)); !ok {
		return code
	}
	if err := k.svc.DeletePasskey(ctx, path, pin, target.CredentialID); err != nil {
		return k.e.fail(err)
	}
	k.e.println(k.e.Stdout, kcat.M("cli_deleted", who...))
	return ExitOK
}

func (k *keyCmd) reset(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.e.fail(err)
	}
	for _, m := range securitykey.ResetWarning() {
		k.e.println(k.e.Stderr, m)
	}
	for _, q := range []string{"cli_reset_confirm1", "cli_reset_confirm2"} {
		if ok, code := k.confirm(kcat.M(q)); !ok {
			return code
		}
	}
	steps := securitykey.ResetSteps()
	k.e.println(k.e.Stderr, steps[0])
	if k.practice != nil { // nobody can pull a virtual key out: do it for them
		go func() { time.Sleep(practiceTouchDelay); k.practice.Unplug() }()
	}
	path, err = k.svc.WaitReplug(ctx, path, func() {
		k.e.println(k.e.Stderr, steps[1])
		if k.practice != nil {
			go func() { time.Sleep(practiceTouchDelay); _ = k.practice.Plug() }()
		}
	})
	if err != nil {
		return k.e.fail(err)
	}
	if err := k.svc.Reset(ctx, path); err != nil {
		return k.e.fail(err)
	}
	k.e.println(k.e.Stdout, kcat.M("cli_reset_done"))
	return ExitOK
}

// confirm asks a yes/no question on the terminal; without a terminal
// only --yes confirms. It returns false and the exit code when the
// answer is not yes.
func (k *keyCmd) confirm(q i18n.Message) (bool, int) {
	if k.yes {
		return true, ExitOK
	}
	if !isTerminal(k.e.Stdin) {
		k.e.errorf(kcat.M("cli_need_yes"))
		return false, ExitUsage
	}
	k.e.println(k.e.Stderr, q)
	line, err := k.pins.line()
	if err != nil || !isYes(line) {
		k.e.println(k.e.Stderr, kcat.M("cli_not_confirmed"))
		return false, ExitFailure
	}
	return true, ExitOK
}

func isYes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "y", "はい":
		return true
	}
	return false
}

// pinReader reads PINs: on a terminal with a prompt and no echo, from a
// pipe one per line (so "printf '1234\n1234\n' | omamori key set-pin"
// works). The PIN is never an argument, where the process list shows it.
type pinReader struct {
	e   *Env
	tty *os.File
	br  *bufio.Reader
}

// maxPINLine bounds a line from a pipe; a PIN is at most 63 bytes.
const maxPINLine = 1024

func newPINReader(e *Env) *pinReader {
	p := &pinReader{e: e}
	if f, ok := e.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = f
	}
	p.br = bufio.NewReader(io.LimitReader(e.Stdin, 16*maxPINLine))
	return p
}

var errNoPIN = i18n.NewError(kcat.M("cli_no_pin_input"), kcat.M("cli_hint_no_pin_input"), nil)

func (p *pinReader) read(prompt i18n.Message) (string, error) {
	if p.tty != nil {
		p.e.println(p.e.Stderr, prompt)
		b, err := term.ReadPassword(int(p.tty.Fd()))
		io.WriteString(p.e.Stderr, "\n")
		if err != nil {
			return "", err
		}
		defer wipe(b)
		return string(b), nil
	}
	line, err := p.line()
	if err != nil {
		return "", err
	}
	return line, nil
}

// line reads one line (without its ending); the terminal echoes it.
func (p *pinReader) line() (string, error) {
	s, err := p.br.ReadString('\n')
	if len(s) > maxPINLine {
		return "", errTooLong
	}
	if err != nil && (!errors.Is(err, io.EOF) || s == "") {
		return "", errNoPIN
	}
	return strings.TrimRight(s, "\r\n"), nil
}
