package update

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"aead.dev/minisign"
)

//go:embed keys/release.pub
var releaseKeys string

// ReleaseKeys returns the embedded public keys, in minisign's text form.
func ReleaseKeys() []string { return ParseKeyList(releaseKeys) }

// ParseKeyList returns the key lines of a key file: minisign's .pub
// format, several keys allowed, comment lines skipped.
func ParseKeyList(text string) []string {
	var keys []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "untrusted comment:") {
			continue
		}
		keys = append(keys, line)
	}
	return keys
}

// parseKeys reads minisign public keys ("RW..." lines).
func parseKeys(lines []string) ([]minisign.PublicKey, error) {
	keys := make([]minisign.PublicKey, 0, len(lines))
	for _, l := range lines {
		var k minisign.PublicKey
		if err := k.UnmarshalText([]byte(l)); err != nil {
			return nil, fmt.Errorf("update: public key %q: %w", l, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// Verify checks that sig is a minisign signature of feed by one of keys.
// Only pre-hashed signatures (minisign's default since 0.8, "ED") are
// taken: the legacy form signs the whole message and is not needed here.
func Verify(feed, sig []byte, keys []string) error {
	pubs, err := parseKeys(keys)
	if err != nil {
		return err
	}
	var s minisign.Signature
	if err := s.UnmarshalText(sig); err != nil || s.Algorithm != minisign.HashEdDSA {
		return fail(ErrSignature, "bad_signature", "hint_signature")
	}
	for _, k := range pubs {
		if k.ID() != s.KeyID {
			continue
		}
		r := minisign.NewReader(bytes.NewReader(feed))
		if _, err := io.Copy(io.Discard, r); err == nil && r.Verify(k, sig) {
			return nil
		}
	}
	return fail(ErrSignature, "bad_signature", "hint_signature")
}

// Sign makes a pre-hashed minisign signature of feed (what `minisign -S`
// makes), for the release tool and the tests. trusted is signed along.
func Sign(feed []byte, key minisign.PrivateKey, trusted string) []byte {
	r := minisign.NewReader(bytes.NewReader(feed))
	io.Copy(io.Discard, r) // reading from memory cannot fail
	return r.SignWithComments(key, trusted, "signature from omamori release key")
}
