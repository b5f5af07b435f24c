// Package cli is the omamori command: enrol, list and show codes, rename,
// remove, and check the installation. The window (app.Run) is started by
// cmd/omamori when there are no arguments; everything else lands here.
//
// Exit status: 0 ok, 1 failure, 2 usage. Messages follow the locale
// (Japanese when LANG is ja*), and --lang overrides it.
package cli

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/prompt"
	"github.com/omamori-app/omamori/internal/screenqr"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
	"github.com/omamori-app/omamori/internal/timesync"
	"github.com/omamori-app/omamori/internal/update"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("cli", localesFS)

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// Env is what a command runs with. Tests fill it with buffers, test
// doubles and a fixed clock; cmd/omamori fills it from the process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Lang   i18n.Lang
	Now    func() time.Time
	Getenv func(string) string

	// The adapters cmd/omamori builds: the same set app.Options gets.

	// Secrets is the OS keyring (internal/keyring). The account store is
	// opened from it only by the subcommands that need it, so `version`
	// works without a keyring.
	Secrets accounts.SecretStore
	// Keys is the driver for real security keys (libfido2). Nil: the key
	// commands say the security-key library is unavailable.
	Keys securitykey.Driver
	// NewPractice makes the virtual key of --practice (practice.New).
	// Nil: as Keys.
	NewPractice func(practice.Options) (*practice.Driver, error)
	// OpenClock is the clock check used by `code` and `doctor`
	// (timesync.Load in the settings folder); servers is the
	// --time-server list ("" for the configured ones). Nil: not checked.
	OpenClock func(servers string) (*timesync.Checker, error)
	// KeyLib names the linked security-key library ("libfido2 1.16.0");
	// "" when there is none.
	KeyLib string

	// Screen captures the screens for `add --screen`; nil: the OS's
	// (screenqr.System). Tests show it pictures of their own.
	Screen screenqr.Capturer

	// OpenStore opens the account store in its place; tests use it. Nil:
	// the accounts in ConfigDir, their secrets in Secrets.
	OpenStore func() (Store, error)

	// Profiles loads the provider profiles for --profile; nil means the
	// built-in ones. It is called only by commands that need it, so a
	// broken profiles file does not stop `version` or `doctor`.
	Profiles func() (Profiles, error)

	// ConfigDir reports where settings live; nil means config.Dir.
	ConfigDir func() (string, error)

	// BackupWorkFactor is the scrypt work factor of new backups as a
	// power of two; 0 is age's default (2^18). Tests lower it.
	BackupWorkFactor int

	// Update is the update feed for `update` (its Current is set from
	// internal/version); the zero value is the release feed and keys.
	Update update.Checker
	// UpdateInstaller runs what `update --install` downloads (its zero
	// value: the platform's, our publisher).
	UpdateInstaller update.Installer

	// ProbeKeyring tests the keyring for real for `doctor` (write, read
	// back, delete a probe item): status is "ok", "missing", "locked",
	// "refused" or "timed_out", err says what to do. nil: not probed.
	ProbeKeyring func(ctx context.Context) (status string, err error)

	in *prompt.Reader // standard input's one reader; see input()

	ctx context.Context // the run's, for prompts the account store makes (seal.go)

	// listLost: this run told of an account list lost to damage, so an
	// empty list is not "no accounts yet".
	listLost bool

	profileSet Profiles // loaded once; see profiles
}

// command is one subcommand.
type command struct {
	name    string
	args    string // usage after the name, e.g. "--name NAME"
	summary string // catalog key
	run     func(ctx context.Context, e *Env, args []string) int
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// Run runs one invocation; args excludes the program name.
func Run(ctx context.Context, e *Env, args []string) int {
	e.ctx = ctx
	out := &checkedWriter{w: e.Stdout}
	e.Stdout = out
	rc := run(ctx, e, args)
	if out.err != nil && rc == ExitOK {
		// The output is the command's result (a code, a list): if it could
		// not be written, a script must not take the run as a success.
		// But a change is made all the same: running it again would add
		// a duplicate or fail, so say it was done.
		if changes(args) {
			e.errorf(cat.M("write_failed_done", "Detail", out.err.Error()))
		} else {
			e.errorf(cat.M("write_failed", "Detail", out.err.Error()))
		}
		return ExitFailure
	}
	return rc
}

// changes reports whether args name a command that changes the account
// list or the keyring (and did, when it succeeded).
func changes(args []string) bool {
	args, _, _ = extractLang(slices.Clone(args))
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "add", "rename", "remove", "restore", "recover", "import":
		return true
	case "seal":
		return len(args) > 1 && args[1] != "status"
	}
	return false
}

func run(ctx context.Context, e *Env, args []string) int {
	args, langFlag, err := extractLang(args)
	if err != nil {
		e.Lang = i18n.Detect("")
		e.errorf(cat.M("bad_lang", "Value", langFlag))
		return ExitUsage
	}
	if e.Lang == "" || langFlag != "" {
		e.Lang = i18n.Detect(langFlag)
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if len(args) == 0 {
		e.usage(e.Stderr)
		return ExitUsage
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		e.usage(e.Stdout)
		return ExitOK
	case "-v", "--version":
		args[0] = "version"
	}
	c, ok := commands[args[0]]
	if !ok {
		e.errorf(cat.M("unknown_command", "Name", args[0]))
		e.usage(e.Stderr)
		return ExitUsage
	}
	return c.run(ctx, e, args[1:])
}

// checkedWriter remembers the first write error, so every command fails
// when standard output cannot be written (omamori code >/dev/full).
type checkedWriter struct {
	w   io.Writer
	err error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}

// extractLang removes --lang VALUE / --lang=VALUE from anywhere in args,
// so it works before and after the subcommand.
func extractLang(args []string) (rest []string, lang string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(rest, args[i:]...), lang, nil
		case a == "--lang" || a == "-lang":
			if i+1 >= len(args) {
				return nil, "", errors.New("missing value")
			}
			lang = args[i+1]
			i++
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			lang = a[strings.Index(a, "=")+1:]
		default:
			rest = append(rest, a)
			continue
		}
		if _, ok := i18n.Parse(lang); !ok {
			return nil, lang, errors.New("unknown language")
		}
	}
	return rest, lang, nil
}

func (e *Env) t(m i18n.Message) string { return m.In(e.Lang) }

func (e *Env) println(w io.Writer, m i18n.Message) { fmt.Fprintln(w, e.t(m)) }

// errorf prints a message as an error line.
func (e *Env) errorf(m i18n.Message) {
	fmt.Fprintf(e.Stderr, "omamori: %s\n", e.t(m))
}

// fail prints err for the user and returns ExitFailure.
func (e *Env) fail(err error) int {
	fmt.Fprintf(e.Stderr, "omamori: %s\n", i18n.Localize(err, e.Lang))
	return ExitFailure
}

func (e *Env) usage(w io.Writer) {
	e.println(w, cat.M("usage_intro"))
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  omamori %s\n      %s\n", strings.TrimSpace(c.name+" "+c.args), e.t(cat.M(c.summary)))
	}
	e.println(w, cat.M("usage_outro"))
}
