package policy

import (
	"embed"
	"fmt"
	"math"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

//go:embed locales
var localesFS embed.FS

var cat = i18n.MustCatalog("policy", localesFS)

// Values are the managed settings found. A key not set is absent; a key
// set to a value of the wrong type is kept as its error, so that only the
// loader of that key reports it and the others still work.
type Values struct {
	Where string // where they were read, for messages: the registry key or the plist
	m     map[string]value
}

type value struct {
	v   any // string, int64, bool or []string, by the key's Kind
	err error
}

// FromRaw turns what an OS source read (strings, integers, booleans,
// string lists) into Values, checking each known key's type. Names
// Omamori does not read are ignored: device management may share the key
// with other tools, and a template that names them is checked by tests.
func FromRaw(where string, raw map[string]any) Values {
	v := Values{Where: where, m: map[string]value{}}
	for name, r := range raw {
		kind, ok := kindOf(name)
		if !ok {
			continue
		}
		x, good := convert(kind, r)
		if !good {
			v.m[name] = value{err: v.Bad(name, fmt.Sprint(r))}
			continue
		}
		v.m[name] = value{v: x}
	}
	return v
}

func convert(kind Kind, r any) (any, bool) {
	switch kind {
	case String:
		s, ok := r.(string)
		return strings.TrimSpace(s), ok
	case JSON:
		switch x := r.(type) {
		case string:
			return x, true
		case []string:
			return strings.Join(x, "\n"), true
		}
	case Integer:
		return toInt(r)
	case Bool:
		if b, ok := r.(bool); ok {
			return b, true
		}
		if n, ok := toInt(r); ok && (n == 0 || n == 1) {
			return n == 1, true
		}
	case List:
		switch x := r.(type) {
		case string:
			return splitList(x), true
		case []string:
			return splitList(strings.Join(x, "\n")), true
		case []any:
			out := make([]string, 0, len(x))
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, false
				}
				out = append(out, splitList(s)...)
			}
			return out, true
		}
	}
	return nil, false
}

func toInt(r any) (int64, bool) {
	switch x := r.(type) {
	case int64:
		return x, true
	case uint64:
		return int64(x), x <= math.MaxInt64
	case int:
		return int64(x), true
	case float64: // JSON's numbers (plutil's output)
		return int64(x), x == math.Trunc(x) && math.Abs(x) < 1e15
	case string:
		var n int64
		_, err := fmt.Sscan(strings.TrimSpace(x), &n)
		return n, err == nil
	}
	return 0, false
}

// splitList splits at commas and white space, dropping empty entries; an
// empty value is an empty list (ask no server of that kind).
func splitList(s string) []string {
	return append([]string{}, strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})...)
}

func (v Values) get(name string) (any, bool, error) {
	x, ok := v.m[name]
	if !ok {
		return nil, false, nil
	}
	return x.v, x.err == nil, x.err
}

// Empty reports whether no setting Omamori reads is set.
func (v Values) Empty() bool { return len(v.m) == 0 }

// String is a String or JSON key's value; ok is false when it is not set
// (or is bad: then err says so).
func (v Values) String(name string) (s string, ok bool, err error) {
	x, ok, err := v.get(name)
	if ok {
		s = x.(string)
	}
	return s, ok, err
}

// Int is an Integer key's value.
func (v Values) Int(name string) (n int64, ok bool, err error) {
	x, ok, err := v.get(name)
	if ok {
		n = x.(int64)
	}
	return n, ok, err
}

// Bool is a Bool key's value.
func (v Values) Bool(name string) (b bool, ok bool, err error) {
	x, ok, err := v.get(name)
	if ok {
		b = x.(bool)
	}
	return b, ok, err
}

// List is a List key's value (empty, not nil, when set to nothing).
func (v Values) List(name string) (l []string, ok bool, err error) {
	x, ok, err := v.get(name)
	if ok {
		l = x.([]string)
	}
	return l, ok, err
}

// Bad is the error for a managed setting whose value Omamori cannot use:
// the loader that reads the key says so with the value it got.
func (v Values) Bad(name, value string) error {
	return i18n.NewError(cat.M("bad_value", "Name", name, "Where", v.Where, "Value", value), cat.M("hint_bad_value", "Name", name), nil)
}
