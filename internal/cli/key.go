package cli

import (
	"context"
	"errors"
	"flag"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/prompt"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// `omamori key ...`: the security-key screen's functions on the command
// line. PINs are read from the terminal without echo, or one per line
// from a pipe; never from arguments.

// practiceTouchDelay is how long the practice key takes to be "touched"
// (and unplugged, and plugged back in); tests shorten it.
var practiceTouchDelay = 700 * time.Millisecond

// kcat is the key service's catalog: the states, labels and hints the
// screen shows too. The command's own texts (key_*) are in cat.
var kcat = securitykey.Catalog()

func init() {
	register(&command{
		name:    "key",
		args:    "list|info|set-pin|change-pin|test|passkeys|delete-passkey|reset|ready [--device PATH] [--json] [--practice]",
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
	profile  string // `key ready --profile`
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
	"ready":          (*keyCmd).ready,
}

func runKey(ctx context.Context, e *Env, args []string) int {
	c := commands["key"]
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		e.println(e.Stdout, cat.M("key_usage"))
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	sub, ok := keySubs[args[0]]
	if !ok {
		e.errorf(cat.M("key_unknown_sub", "Name", args[0]))
		e.println(e.Stderr, cat.M("key_usage"))
		return ExitUsage
	}
	k := &keyCmd{e: e}
	fs := newFlags(c.name)
	fs.StringVar(&k.device, "device", "", "")
	fs.BoolVar(&k.json, "json", false, "")
	fs.BoolVar(&k.yes, "yes", false, "")
	fs.StringVar(&k.id, "id", "", "")
	fs.StringVar(&k.profile, "profile", "", "")
	usePractice := fs.Bool("practice", false, "")
	pos, err := parseInterleaved(fs, args[1:])
	if err == flag.ErrHelp {
		e.println(e.Stdout, cat.M("key_usage"))
		return ExitOK
	}
	if err != nil || len(pos) > 0 {
		if len(pos) > 0 {
			// Never echo it: it may be a PIN typed where it does not belong.
			e.errorf(cat.M("key_no_positional"))
		}
		return e.usageError(c, err)
	}
	drv := e.keyDriver()
	if *usePractice {
		if k.practice, err = e.practiceKey(practice.Options{AutoTouch: practiceTouchDelay}); err != nil {
			return k.fail(err)
		}
		drv = k.practice
		e.println(e.Stderr, cat.M("key_practice_note"))
	}
	k.svc = securitykey.New(drv)
	k.svc.OnTouch(func(t securitykey.Touch) func() {
		e.println(e.Stderr, t.Message())
		return nil
	})
	k.pins = newPINReader(ctx, e)
	return sub(k, ctx)
}

// pick resolves --device, or the only key plugged in.
func (k *keyCmd) pick() (string, error) { return k.svc.Pick(k.device) }

func (k *keyCmd) t(m i18n.Message) string { return m.In(k.e.Lang) }

// With --json every key command prints one JSON value on standard
// output, also when it fails: {"ok":false,"error":{"code","message"}}.
// The message, and the progress lines, still go to standard error.

// errorJSON is a failed command's output with --json.
type errorJSON struct {
	OK    bool          `json:"ok"`
	Path  string        `json:"path,omitempty"`
	Error errorJSONBody `json:"error"`
}

type errorJSONBody struct {
	// Code is stable for scripts: the message's catalog key, such as
	// "pin_wrong", "pin_blocked", "no_cred_mgmt", "cancelled".
	Code    string `json:"code"`
	Message string `json:"message"` // for people, in the chosen language
}

// doneJSON is a command's success with --json, for those that have no
// other result to give.
type doneJSON struct {
	OK      bool   `json:"ok"`
	Path    string `json:"path"`
	Message string `json:"message"`
}

type deletedJSON struct {
	OK      bool        `json:"ok"`
	Path    string      `json:"path"`
	Message string      `json:"message"`
	Deleted passkeyJSON `json:"deleted"`
}

// fail reports err on standard error and, with --json, as an error
// object on standard output.
func (k *keyCmd) fail(err error) int {
	code := k.e.fail(err)
	if k.json {
		k.writeError(errorJSONBody{Code: errorCode(err), Message: i18n.Localize(err, k.e.Lang)})
	}
	return code
}

// failWith is fail for a message of this command's own.
func (k *keyCmd) failWith(exit int, code string, m i18n.Message) int {
	k.e.errorf(m)
	if k.json {
		k.writeError(errorJSONBody{Code: code, Message: k.t(m)})
	}
	return exit
}

func (k *keyCmd) writeError(b errorJSONBody) {
	_ = k.e.writeJSON(errorJSON{OK: false, Path: k.device, Error: b})
}

// errorCode is the catalog key of err's message, or "error".
func errorCode(err error) string {
	if k := i18n.MessageKey(err); k != "" {
		return k
	}
	return "error"
}

// done prints a success message, or with --json a doneJSON.
func (k *keyCmd) done(path string, m i18n.Message) int {
	if k.json {
		return k.e.writeJSON(doneJSON{OK: true, Path: path, Message: k.t(m)})
	}
	k.e.println(k.e.Stdout, m)
	return ExitOK
}

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
	Reader       string   `json:"reader,omitempty"`
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
		AAGUID: ki.AAGUID, Versions: ki.Versions, Transport: transportName(ki.Transport), Reader: ki.Reader,
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
		return k.fail(err)
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
	rows := [][]string{{k.t(cat.M("key_col_device")), k.t(cat.M("key_col_key")), k.t(cat.M("key_col_transport")), k.t(cat.M("key_col_pin")), k.t(cat.M("key_col_status"))}}
	for _, ki := range keys {
		rows = append(rows, []string{ki.Path, ki.Name(k.e.Lang), k.t(ki.ConnectionLabel()), k.pinText(ki), k.t(ki.Status())})
	}
	writeTable(k.e.Stdout, rows)
	return ExitOK
}

func (k *keyCmd) pinText(ki securitykey.KeyInfo) string {
	state := k.t(ki.PINLabel())
	if ki.PIN == securitykey.PINSet && ki.PINRetries >= 0 {
		return k.t(cat.M("key_pin_retries", "State", state, "Left", ki.PINRetries))
	}
	return state
}

func (k *keyCmd) info(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.fail(err)
	}
	ki, err := k.svc.Info(ctx, path)
	if err != nil {
		return k.fail(err)
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
		{"key_label_key", name},
		{"key_label_device", ki.Path},
		{"key_label_transport", k.t(ki.TransportLabel())},
		{"key_label_reader", ki.Reader},
		{"key_label_versions", versions},
		{"key_label_pin", k.pinText(ki)},
		{"key_label_passkeys", k.t(ki.SlotsLabel())},
		{"key_label_aaguid", ki.AAGUID},
		{"key_label_status", k.t(ki.Status())},
	}
	rows := make([][]string, 0, len(fields))
	for _, f := range fields {
		if f[0] == "key_label_reader" && f[1] == "" { // not on an NFC reader
			continue
		}
		rows = append(rows, []string{k.t(cat.M(f[0])), dashIfEmpty(f[1])})
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
		return k.fail(err)
	}
	pin, err := k.pins.read(cat.M("key_prompt_new_pin"))
	if err != nil {
		return k.fail(err)
	}
	confirm, err := k.pins.read(cat.M("key_prompt_confirm_pin"))
	if err != nil {
		return k.fail(err)
	}
	if err := k.svc.SetPIN(ctx, path, pin, confirm); err != nil {
		return k.fail(err)
	}
	return k.done(path, cat.M("key_pin_set"))
}

func (k *keyCmd) changePIN(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.fail(err)
	}
	var pins [3]string
	for i, p := range []string{"key_prompt_old_pin", "key_prompt_new_pin", "key_prompt_confirm_pin"} {
		if pins[i], err = k.pins.read(cat.M(p)); err != nil {
			return k.fail(err)
		}
	}
	if err := k.svc.ChangePIN(ctx, path, pins[0], pins[1], pins[2]); err != nil {
		return k.fail(err)
	}
	return k.done(path, cat.M("key_pin_changed"))
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
		return k.fail(err)
	}
	ki, err := k.svc.Info(ctx, path)
	if err != nil {
		return k.fail(err)
	}
	pin := ""
	if ki.PIN == securitykey.PINSet {
		if pin, err = k.pins.read(cat.M("key_prompt_pin")); err != nil {
			return k.fail(err)
		}
	}
	k.e.println(k.e.Stderr, cat.M("key_testing"))
	res, err := k.svc.Test(ctx, path, pin)
	if err != nil {
		return k.fail(err)
	}
	if k.json {
		return k.e.writeJSON(testJSON{OK: res.SignatureValid && res.UserPresent, UserPresent: res.UserPresent,
			UserVerified: res.UserVerified, SignCount: res.SignCount, Message: k.t(res.Summary())})
	}
	k.e.println(k.e.Stdout, res.Summary())
	if res.UserVerified {
		k.e.println(k.e.Stdout, cat.M("key_test_uv"))
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
	// A key that cannot list its passkeys says so before any PIN is asked.
	if err := k.svc.CanListPasskeys(ctx, path); err != nil {
		return "", "", securitykey.PasskeyList{}, err
	}
	pin, err := k.pins.read(cat.M("key_prompt_pin"))
	if err != nil {
		return "", "", securitykey.PasskeyList{}, err
	}
	l, err := k.svc.Passkeys(ctx, path, pin)
	return path, pin, l, err
}

func (k *keyCmd) passkeys(ctx context.Context) int {
	_, _, l, err := k.listPasskeys(ctx)
	if err != nil {
		return k.fail(err)
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
		k.e.println(k.e.Stdout, cat.M("key_no_passkeys"))
		return ExitOK
	}
	rows := [][]string{{k.t(cat.M("key_col_site")), k.t(cat.M("key_col_user")), k.t(cat.M("key_col_id"))}}
	for _, p := range l.Passkeys {
		rows = append(rows, []string{p.Site, dashIfEmpty(p.UserName), p.ID()})
	}
	writeTable(k.e.Stdout, rows)
	return ExitOK
}

func (k *keyCmd) deletePasskey(ctx context.Context) int {
	if k.id == "" {
		return k.failWith(ExitUsage, "id_required", cat.M("key_id_required"))
	}
	path, pin, l, err := k.listPasskeys(ctx)
	if err != nil {
		return k.fail(err)
	}
	var target *securitykey.Passkey
	for i := range l.Passkeys {
		if l.Passkeys[i].ID() == k.id {
			target = &l.Passkeys[i]
		}
	}
	if target == nil {
		return k.failWith(ExitFailure, "id_unknown", cat.M("key_id_unknown", "ID", k.id))
	}
	who := []any{"Site", target.Site, "User", dashIfEmpty(target.UserName)}
	if ok, code := k.confirm(ctx, cat.M("key_delete_confirm", who...)); !ok {
		return code
	}
	if err := k.svc.DeletePasskey(ctx, path, pin, target.CredentialID); err != nil {
		return k.fail(err)
	}
	if k.json {
		return k.e.writeJSON(deletedJSON{OK: true, Path: path, Message: k.t(cat.M("key_deleted", who...)),
			Deleted: passkeyJSON{ID: target.ID(), Site: target.Site, SiteName: target.SiteName,
				UserName: target.UserName, DisplayName: target.DisplayName}})
	}
	k.e.println(k.e.Stdout, cat.M("key_deleted", who...))
	return ExitOK
}

func (k *keyCmd) reset(ctx context.Context) int {
	path, err := k.pick()
	if err != nil {
		return k.fail(err)
	}
	for _, m := range securitykey.ResetWarning() {
		k.e.println(k.e.Stderr, m)
	}
	k.warnBackups()
	for _, q := range []string{"key_reset_confirm1", "key_reset_confirm2"} {
		if ok, code := k.confirm(ctx, cat.M(q)); !ok {
			return code
		}
	}
	steps := securitykey.ResetSteps(k.svc.Transport(path))
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
		return k.fail(err)
	}
	if err := k.svc.Reset(ctx, path); err != nil {
		return k.fail(err)
	}
	return k.done(path, cat.M("key_reset_done"))
}

// warnBackups names the backups protected by a security key that this
// computer made (a reset strands those made with this key) and offers a
// passphrase backup first.
func (k *keyCmd) warnBackups() {
	if dir, err := k.e.configDir(); err == nil {
		for _, m := range backup.ResetWarning(dir) {
			k.e.println(k.e.Stderr, m)
		}
	}
	k.e.println(k.e.Stderr, cat.M("key_reset_backup_how"))
}

// confirm asks a yes/no question on the terminal; without a terminal
// only --yes confirms. It returns false and the exit code when the
// answer is not yes; Ctrl-C or Ctrl-D cancel the command.
func (k *keyCmd) confirm(ctx context.Context, q i18n.Message) (bool, int) {
	if k.yes {
		return true, ExitOK
	}
	if !k.e.input().IsTerminal() {
		return false, k.failWith(ExitUsage, "need_yes", cat.M("key_need_yes"))
	}
	ok, err := k.e.confirm(ctx, k.t(q))
	if err != nil {
		return false, k.fail(err)
	}
	if !ok {
		k.e.println(k.e.Stderr, cat.M("key_not_confirmed"))
		if k.json {
			k.writeError(errorJSONBody{Code: "not_confirmed", Message: k.t(cat.M("key_not_confirmed"))})
		}
		return false, ExitFailure
	}
	return true, ExitOK
}

// pinReader reads PINs through the command's one input reader: on a
// terminal with a prompt and no echo, from a pipe one per line (so
// "printf '1234\n1234\n' | omamori key set-pin" works). The PIN is never
// an argument, where the process list shows it. Ctrl-C and Ctrl-D cancel.
type pinReader struct {
	ctx context.Context
	e   *Env
}

// maxPINLine bounds a line from a pipe; a PIN is at most 63 bytes.
const maxPINLine = 1024

func newPINReader(ctx context.Context, e *Env) *pinReader {
	return &pinReader{ctx: ctx, e: e}
}

var errNoPIN = i18n.NewError(cat.M("key_no_pin_input"), cat.M("key_hint_no_pin_input"), nil)

func (p *pinReader) read(q i18n.Message) (string, error) {
	b, err := p.e.input().ReadSecret(p.ctx, p.e.t(q), prompt.Line, maxPINLine)
	switch {
	case errors.Is(err, prompt.ErrTooLong):
		return "", errTooLong
	case errors.Is(err, prompt.ErrNoInput):
		return "", errNoPIN
	case err != nil:
		return "", err
	}
	// No wipe: libfido2's binding takes the PIN as a string (docs/security.md).
	return string(b), nil
}
