package policy

import (
	"errors"

	"golang.org/x/sys/windows/registry"

	"github.com/omamori-app/omamori/internal/i18n"
)

const where = `HKLM\` + RegistryKey

func read() (Values, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, RegistryKey, registry.QUERY_VALUE|registry.WOW64_64KEY)
	if errors.Is(err, registry.ErrNotExist) {
		return Values{Where: where}, nil
	}
	if err != nil {
		return Values{Where: where}, i18n.NewError(cat.M("unreadable", "Where", where), cat.M("hint_unreadable"), err)
	}
	defer k.Close()
	raw := map[string]any{}
	for _, key := range Keys {
		if r, ok := readValue(k, key.Name); ok {
			raw[key.Name] = r
		}
	}
	return FromRaw(where, raw), nil
}

// readValue reads one value as its registry type says; a type Omamori
// cannot use is passed on as a description, so FromRaw reports it.
func readValue(k registry.Key, name string) (any, bool) {
	_, typ, err := k.GetValue(name, nil)
	if err != nil {
		return nil, false
	}
	switch typ {
	case registry.SZ, registry.EXPAND_SZ:
		s, _, err := k.GetStringValue(name)
		return s, err == nil
	case registry.MULTI_SZ:
		l, _, err := k.GetStringsValue(name)
		return l, err == nil
	case registry.DWORD, registry.QWORD:
		n, _, err := k.GetIntegerValue(name)
		return n, err == nil
	}
	return struct{ unsupported uint32 }{typ}, true
}
