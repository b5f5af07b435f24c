package otpauth

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

// LeaksSecret reports where err's chain, in any form a log, a report or
// the screen could show, quotes secret (or its first 12 characters).
func LeaksSecret(err error, secret string) string {
	part := secret[:min(12, len(secret))]
	var walk func(error) string
	walk = func(e error) string {
		if e == nil {
			return ""
		}
		for _, s := range []string{e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e),
			i18n.Localize(e, i18n.EN), i18n.Localize(e, i18n.JA)} {
			if strings.Contains(s, part) {
				return s
			}
		}
		if m, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range m.Unwrap() {
				if s := walk(c); s != "" {
					return s
				}
			}
		}
		return walk(errors.Unwrap(e))
	}
	return walk(err)
}

// An error about a URI must not quote the secret in it: url.Parse's
// *url.Error holds the whole URI.
func TestErrorsDoNotQuoteTheSecret(t *testing.T) {
	for _, uri := range []string{
		"otpauth://totp/Bank:taro?secret=" + secret + "\x7f",      // control character: url.Parse fails
		"otpauth://totp/Bank:taro?secret=" + secret + "&x=\x00",   // the same, later on
		"otpauth://totp/Bank:taro?secret=" + secret + "%zz",       // bad escape in the query
		"otpauth://totp/Bank:taro?secret=" + secret + ";digits=6", // semicolon separator
		"otpauth://totp/Bank:taro?secret=" + secret + "1",         // not base32
		"otpauth://totp/Bank:taro?secret=" + secret + "&digits=x", // bad parameter
		"otpauth://%zz/?secret=" + secret,
		" otpauth://totp/a b?secret=" + secret + "\n\x01",
	} {
		_, err := Parse(uri)
		if err == nil {
			t.Errorf("%q: accepted", uri)
			continue
		}
		if s := LeaksSecret(err, secret); s != "" {
			t.Errorf("%q: error quotes the secret: %s", uri, s)
		}
	}
}
