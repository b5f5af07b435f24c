//go:build linux

package fidotest

import (
	"os"
	"slices"
	"strings"

	"github.com/omamori-app/omamori/internal/securitykey/virtualkey"
)

// Variant is a virtual key that behaves like one kind of real key.
type Variant struct {
	Name   string
	Quirks virtualkey.Quirks
}

// EnvVariants narrows Variants to a comma-separated list of names, e.g.
// OMAMORI_RIG_VARIANTS=default,nocredmgmt, to rerun one kind of key.
const EnvVariants = "OMAMORI_RIG_VARIANTS"

// Variants are the kinds of key table-driven tests run against: the
// default key, each quirk on its own (named as virtualkey.ParseQuirks
// reads it), and "ctap20": a FIDO_2_0-only key with all of them.
func Variants() []Variant {
	all := []Variant{{Name: "default"}}
	for _, name := range virtualkey.QuirkNames {
		q, _ := virtualkey.ParseQuirks(name) // the known names parse
		all = append(all, Variant{Name: name, Quirks: q})
	}
	q, _ := virtualkey.ParseQuirks(strings.Join(virtualkey.QuirkNames, ","))
	all = append(all, Variant{Name: "ctap20", Quirks: q})
	want := os.Getenv(EnvVariants)
	if want == "" {
		return all
	}
	names := strings.Split(want, ",")
	return slices.DeleteFunc(all, func(v Variant) bool { return !slices.Contains(names, v.Name) })
}

// Options is a rig for this variant (with the key options given).
func (v Variant) Options(key virtualkey.Options) Options {
	key.Quirks = v.Quirks
	return Options{Key: key}
}
