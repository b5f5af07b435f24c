package i18n

import (
	"os"
	"strings"

	"github.com/jeandeaual/go-locale"
)

// Parse maps a language tag or POSIX locale ("ja", "ja_JP.UTF-8",
// "en-US") to a supported language; ok is false for anything else.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "ja" || strings.HasPrefix(s, "ja_") || strings.HasPrefix(s, "ja-") || strings.HasPrefix(s, "ja."):
		return JA, true
	case s == "en" || strings.HasPrefix(s, "en_") || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en."):
		return EN, true
	}
	return "", false
}

// Detect picks the language: override if it names one, else the first
// of LC_ALL, LC_MESSAGES, LANG that is set, else the OS's preferred
// languages, else English.
func Detect(override string) Lang {
	if l, ok := Parse(override); ok {
		return l
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if l, ok := Parse(s); ok {
				return l
			}
			if s != "C" && s != "POSIX" && s != "C.UTF-8" {
				return EN
			}
		}
	}
	if tags, err := locale.GetLocales(); err == nil {
		for _, t := range tags {
			if l, ok := Parse(t); ok {
				return l
			}
		}
	}
	return EN
}
