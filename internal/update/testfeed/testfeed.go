// Package testfeed reads the test-only switches that point a test build
// of Omamori at a loopback feed. Only cmd/omamori's tests and its
// `updatetest` build (cmd/omamori/updatefeed_updatetest.go, which
// scripts/windows-update.sh builds) import it: a release build links none
// of this, so no variable can point it at another feed, key or CA.
//
//	OMAMORI_TEST_UPDATE_FEED       the feed's https:// URL
//	OMAMORI_TEST_UPDATE_KEY        the minisign public key that signed it
//	OMAMORI_TEST_UPDATE_CA         a PEM file: the only root the feed's server is checked against
//	OMAMORI_TEST_UPDATE_PUBLISHER  the installer's Authenticode signer name (the test certificate's)
//	OMAMORI_TEST_VERSION           the version this run claims to be
package testfeed

import (
	"crypto/x509"
	"os"
	"time"

	"github.com/omamori-app/omamori/internal/update"
	"github.com/omamori-app/omamori/internal/version"
)

// Apply sets the claimed version and, when OMAMORI_TEST_UPDATE_FEED is
// set, returns the feed and installer to use instead of the release ones
// (ok false: the release ones).
func Apply() (c update.Checker, in update.Installer, ok bool) {
	if v := os.Getenv("OMAMORI_TEST_VERSION"); v != "" {
		version.Version = v
	}
	url := os.Getenv("OMAMORI_TEST_UPDATE_FEED")
	if url == "" {
		return c, in, false
	}
	roots := x509.NewCertPool()
	if pem, err := os.ReadFile(os.Getenv("OMAMORI_TEST_UPDATE_CA")); err == nil {
		roots.AppendCertsFromPEM(pem)
	}
	const timeout = 2 * time.Second // the scripts' hung server gives up soon
	c = update.Checker{
		FeedURL: url,
		Keys:    []string{os.Getenv("OMAMORI_TEST_UPDATE_KEY")},
		Client:  update.NewClient(roots, timeout),
		Limits:  update.Limits{Timeout: timeout, MaxFeed: 64 << 10, MaxSig: 4 << 10, Download: 60 * time.Second},
	}
	in.Publisher = os.Getenv("OMAMORI_TEST_UPDATE_PUBLISHER")
	return c, in, true
}
