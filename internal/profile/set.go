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

// Set is a collection of profiles by name. A Set is not modified after
// Load or Builtin returns it, so it may be shared.
type Set struct {
	byName map[string]Profile
	order  []string // built-ins first, then a file's profiles in file order
}

// Builtin returns the profiles Omamori knows without a file:
// smart-otp (the default) and totp-30.
func Builtin() *Set {
	s := &Set{byName: map[string]Profile{}}
	s.put(SmartOTP)
	s.put(Generic)
	return s
}

func (s *Set) put(p Profile) {
	if _, ok := s.byName[p.Name]; !ok {
		s.order = append(s.order, p.Name)
	}
	s.byName[p.Name] = p
}

// Get returns the profile called name.
func (s *Set) Get(name string) (Profile, bool) {
	p, ok := s.byName[name]
	return p, ok
}

// All returns every profile, built-ins first, then the file's in order.
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

// file is the on-disk form: {"version":1,"profiles":[...]}.
type file struct {
	Version  int       `json:"version"`
	Profiles []Profile `json:"profiles"`
}

// Load reads a profile file and merges it over the built-ins: a profile
// with a built-in's name replaces it. A missing file is not an error — it
// gives the built-ins alone. Every other problem is an *i18n.Error that
// names the file; unknown fields are refused, so a misspelt "digit" does
// not silently leave the default in place.
func Load(path string) (*Set, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Builtin(), nil
	}
	if err != nil {
		return nil, fileErr(cat.M("file_unreadable", "File", path), err)
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fileErr(jsonProblem(path, b, err), err)
	}
	if dec.More() {
		return nil, fileErr(cat.M("file_bad_json", "File", path, "Line", lineAt(b, dec.InputOffset())), nil)
	}
	if f.Version != 1 {
		return nil, fileErr(cat.M("file_bad_version", "File", path, "Value", f.Version), nil)
	}
	s := Builtin()
	seen := map[string]bool{}
	for i, p := range f.Profiles {
		if err := p.Validate(); err != nil {
			// The profile's own message says what is wrong; the hint says where.
			msg := cat.M("file_invalid_profile", "File", path)
			if ie := (*i18n.Error)(nil); errors.As(err, &ie) {
				msg = ie.Msg
			}
			return nil, i18n.NewError(msg, cat.M("hint_fix_profile_in_file", "File", path, "Index", i+1), err)
		}
		if isBuiltinName(p.Name) {
			// A file must not quietly change what every existing account means.
			return nil, i18n.NewError(cat.M("file_builtin_name", "File", path, "Name", p.Name),
				cat.M("hint_rename_profile", "File", path, "Index", i+1), nil)
		}
		if seen[p.Name] {
			return nil, fileErr(cat.M("file_duplicate", "File", path, "Name", p.Name), nil)
		}
		seen[p.Name] = true
		s.put(p)
	}
	return s, nil
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
