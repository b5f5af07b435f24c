package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/policy"
)

// Generic is the built-in profile for an ordinary authenticator secret
// (as in most otpauth:// QR codes): base32 of any valid length, 6 digits,
// 30-second step, SHA-1 — the Key URI format's defaults.
var Generic = Profile{
	Name:      "totp-30",
	Label:     "TOTP (30s)",
	Encoding:  Base32,
	Length:    0,
	Digits:    6,
	Period:    30,
	Algorithm: SHA1,
}

// Set is a collection of profiles by name, each with its broker's facts.
// A Set is not modified after Load or Builtin returns it, so it may be
// shared.
type Set struct {
	byName   map[string]Profile
	brokers  map[string]Broker
	order    []string // built-ins first, then the user's file, then the policy's
	warnings []i18n.Message
}

// Builtin returns the profiles Omamori knows without a file:
// smart-otp (the default, with its broker), totp-30 and ymsec (a broker
// without TOTP parameters; see builtin.go).
func Builtin() *Set {
	s := &Set{byName: map[string]Profile{}, brokers: map[string]Broker{}}
	s.put(SmartOTP, smartOTPBroker)
	s.put(Generic, Broker{})
	s.put(ymsec, ymsecBroker)
	return s
}

func (s *Set) put(p Profile, b Broker) {
	if _, ok := s.byName[p.Name]; !ok {
		s.order = append(s.order, p.Name)
	}
	s.byName[p.Name] = p
	s.brokers[p.Name] = b
}

// Get returns the profile called name.
func (s *Set) Get(name string) (Profile, bool) {
	p, ok := s.byName[name]
	return p, ok
}

// Broker returns the broker facts of the profile called name — an
// account's Profile.Name — and whether it knows any.
func (s *Set) Broker(name string) (Broker, bool) {
	b, ok := s.brokers[name]
	return b, ok && !b.IsZero()
}

// Warnings says what was left out while loading: pages or numbers in the
// user's own file, which only a policy may set.
func (s *Set) Warnings() []i18n.Message { return append([]i18n.Message(nil), s.warnings...) }

// All returns every profile, built-ins first, then the files' in order.
func (s *Set) All() []Profile {
	out := make([]Profile, 0, len(s.order))
	for _, n := range s.order {
		out = append(out, s.byName[n])
	}
	return out
}

// Names returns the profile names, sorted.
func (s *Set) Names() []string {
	out := append([]string(nil), s.order...)
	sort.Strings(out)
	return out
}

// SetupCodeChoices are the profiles a bare setup code of n characters may
// belong to, in order: the ones with TOTP parameters for exactly that
// length. With more than one, adding an account asks which broker.
func (s *Set) SetupCodeChoices(n int) []Profile {
	var out []Profile
	for _, p := range s.All() {
		if p.HasTOTP() && p.Length == n {
			out = append(out, p)
		}
	}
	return out
}

// entry is one profile in a file: its parameters, and its broker.
type entry struct {
	Profile
	Broker *Broker `json:"broker,omitempty"`
}

// file is the on-disk form: {"version":1,"profiles":[...]}.
type file struct {
	Version  int     `json:"version"`
	Profiles []entry `json:"profiles"`
}

// Load reads the user's profile file and merges it over the built-ins
// (LoadWithPolicy without a policy).
func Load(path string) (*Set, error) { return LoadWithPolicy(path, "") }

// LoadWithPolicy makes the profile set the window and the command line
// share, each layer over the one before:
//
//   - the built-ins;
//   - the user's file (userPath, profiles.json in the settings folder):
//     new profiles only — a built-in's name is refused, so a file cannot
//     quietly change what existing accounts mean — and never a page, host,
//     RP ID or phone number: those are dropped, with a warning (Warnings);
//   - the policy (policyPath, in config.PolicyDir, which only an
//     administrator can write): new profiles, or any field of an existing
//     one, pages and numbers included.
//
// A missing file is not an error. Every other problem is an *i18n.Error
// that names the file; unknown fields are refused, so a misspelt "digit"
// does not silently leave the default in place.
func LoadWithPolicy(userPath, policyPath string) (*Set, error) {
	s := Builtin()
	if err := s.addUser(userPath); err != nil {
		return nil, err
	}
	if policyPath != "" {
		if err := s.addPolicy(policyPath); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Set) addUser(path string) error {
	entries, err := readFile(path, "hint_fix_file")
	if err != nil || entries == nil {
		return err
	}
	seen := map[string]bool{}
	for i, e := range entries {
		p := e.Profile
		if err := p.Validate(); err != nil {
			return inFile(err, path, i, "hint_fix_profile_in_file")
		}
		if isBuiltinName(p.Name) {
			// A file must not quietly change what every existing account means.
			return i18n.NewError(cat.M("file_builtin_name", "File", path, "Name", p.Name),
				cat.M("hint_rename_profile", "File", path, "Index", i+1), nil)
		}
		if seen[p.Name] {
			return fileErr(cat.M("file_duplicate", "File", path, "Name", p.Name), nil)
		}
		seen[p.Name] = true
		var b Broker
		if e.Broker != nil {
			if f := e.Broker.linkFields(); len(f) > 0 {
				s.warnings = append(s.warnings, cat.M("file_links_dropped", "File", path, "Name", p.Name, "Fields", strings.Join(f, ", ")))
			}
			b = e.Broker.withoutLinks()
			if err := b.Validate(p.Name); err != nil {
				return inFile(err, path, i, "hint_fix_profile_in_file")
			}
		}
		s.put(p, b)
	}
	return nil
}

// LoadManaged is LoadWithPolicy with the broker profiles device
// management pushed (policy.BrokerProfiles: Group Policy, a configuration
// profile) laid over the policy folder's, with the same power: the same
// JSON as a profiles.json, named in messages by where it was set.
func LoadManaged(userPath, policyPath string, managed policy.Values) (*Set, error) {
	s, err := LoadWithPolicy(userPath, policyPath)
	if err != nil {
		return nil, err
	}
	text, ok, err := managed.String(policy.BrokerProfiles)
	if err != nil {
		return nil, err
	}
	if ok {
		name := managed.Where + `\` + policy.BrokerProfiles
		entries, err := parseFile([]byte(text), name, "hint_policy")
		if err == nil {
			err = s.addPolicyEntries(entries, name)
		}
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Set) addPolicy(path string) error {
	entries, err := readFile(path, "hint_policy")
	if err != nil || entries == nil {
		return err
	}
	return s.addPolicyEntries(entries, path)
}

func (s *Set) addPolicyEntries(entries []entry, path string) error {
	seen := map[string]bool{}
	for i, e := range entries {
		if strings.TrimSpace(e.Name) == "" {
			return inFile(invalid(cat.M("no_name")), path, i, "hint_policy_profile")
		}
		if seen[e.Name] {
			return i18n.NewError(cat.M("file_duplicate", "File", path, "Name", e.Name), cat.M("hint_policy", "File", path), nil)
		}
		seen[e.Name] = true
		p, b := e.Profile, Broker{}
		if old, ok := s.byName[e.Name]; ok {
			p, b = old.over(e.Profile), s.brokers[e.Name]
		}
		if e.Broker != nil {
			b = b.over(*e.Broker)
		}
		if err := p.Validate(); err != nil {
			return inFile(err, path, i, "hint_policy_profile")
		}
		if err := b.Validate(p.Name); err != nil {
			return inFile(err, path, i, "hint_policy_profile")
		}
		s.put(p, b)
	}
	return nil
}

// over lays the TOTP parameters and texts set in top over p.
func (p Profile) over(top Profile) Profile {
	if top.Label != "" {
		p.Label = top.Label
	}
	if top.Issuer != "" {
		p.Issuer = top.Issuer
	}
	if top.HasTOTP() {
		name := p.Name
		label, issuer := p.Label, p.Issuer
		p = top
		p.Name, p.Label, p.Issuer = name, label, issuer
	}
	return p
}

// inFile keeps a profile's own message (what is wrong) and says where.
func inFile(err error, path string, i int, hint string) error {
	msg := cat.M("file_invalid_profile", "File", path)
	if ie := (*i18n.Error)(nil); errors.As(err, &ie) {
		msg = ie.Msg
	}
	return i18n.NewError(msg, cat.M(hint, "File", path, "Index", i+1), err)
}

// readFile reads a profile file; a missing one gives nil entries.
func readFile(path, hint string) ([]entry, error) {
	ferr := func(m i18n.Message, cause error) error {
		return i18n.NewError(m, cat.M(hint, "File", path), cause)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, ferr(cat.M("file_unreadable", "File", path), err)
	}
	return parseFile(b, path, hint)
}

// parseFile reads a profile file's content b; path names it in messages.
func parseFile(b []byte, path, hint string) ([]entry, error) {
	ferr := func(m i18n.Message, cause error) error {
		return i18n.NewError(m, cat.M(hint, "File", path), cause)
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, ferr(jsonProblem(path, b, err), err)
	}
	if dec.More() {
		return nil, ferr(cat.M("file_bad_json", "File", path, "Line", lineAt(b, dec.InputOffset())), nil)
	}
	if f.Version != 1 {
		return nil, ferr(cat.M("file_bad_version", "File", path, "Value", f.Version), nil)
	}
	if f.Profiles == nil {
		f.Profiles = []entry{}
	}
	return f.Profiles, nil
}

// isBuiltinName reports whether name is a built-in profile's, in any case.
func isBuiltinName(name string) bool {
	for _, b := range Builtin().Names() {
		if strings.EqualFold(b, name) {
			return true
		}
	}
	return false
}

func fileErr(m i18n.Message, cause error) error {
	return i18n.NewError(m, cat.M("hint_fix_file"), cause)
}

// jsonProblem turns a decoding error into a message with a line number a
// person can find in a text editor.
func jsonProblem(path string, b []byte, err error) i18n.Message {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return cat.M("file_bad_json", "File", path, "Line", lineAt(b, syn.Offset))
	case errors.As(err, &typ):
		return cat.M("file_bad_value", "File", path, "Line", lineAt(b, typ.Offset), "Field", typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.TrimPrefix(err.Error(), "json: unknown field ")
		if u, uerr := strconv.Unquote(f); uerr == nil {
			f = u
		}
		return cat.M("file_unknown_field", "File", path, "Field", f)
	}
	// Truncated input (io.ErrUnexpectedEOF) and anything else: the end.
	return cat.M("file_bad_json", "File", path, "Line", lineAt(b, int64(len(b))))
}

// lineAt is the 1-based line of byte offset off in b.
func lineAt(b []byte, off int64) int {
	off = min(max(off, 0), int64(len(b)))
	return bytes.Count(b[:off], []byte("\n")) + 1
}
