package main

import (
	"crypto/x509"
	"os"
	"time"

	"github.com/omamori-app/omamori/internal/update"
	"github.com/omamori-app/omamori/internal/version"
)

// The test-only way to point `omamori update` at a loopback feed: this
// file is compiled into the test binary alone, which the scripts run as
// "omamori" (main_test.go). The update script command (update_script_test.go)
// sets these variables:
//
//	OMAMORI_TEST_UPDATE_FEED  the feed's https:// URL
//	OMAMORI_TEST_UPDATE_KEY   the minisign public key that signed it
//	OMAMORI_TEST_UPDATE_CA    a PEM file: the feed server's certificate, the only root
//	OMAMORI_TEST_VERSION      the version this run claims to be
//
// A released binary has none of this: its feed and keys are built in.
func init() {
	if v := os.Getenv("OMAMORI_TEST_VERSION"); v != "" {
		version.Version = v
	}
	url := os.Getenv("OMAMORI_TEST_UPDATE_FEED")
	if url == "" {
		return
	}
	roots := x509.NewCertPool()
	if pem, err := os.ReadFile(os.Getenv("OMAMORI_TEST_UPDATE_CA")); err == nil {
		roots.AppendCertsFromPEM(pem)
	}
	const timeout = 2 * time.Second // the scripts' hung server gives up soon
	updateFeed = update.Checker{
		FeedURL: url,
		Keys:    []string{os.Getenv("OMAMORI_TEST_UPDATE_KEY")},
		Client:  update.NewClient(roots, timeout),
		Limits:  update.Limits{Timeout: timeout, MaxFeed: 64 << 10, MaxSig: 4 << 10, Download: 10 * time.Second},
	}
}
