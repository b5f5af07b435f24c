//go:build updatetest

package main

import "github.com/omamori-app/omamori/internal/update/testfeed"

// A build with -tags updatetest (scripts/windows-update.sh's versions N
// and N+1) has the test-only switches of internal/update/testfeed, as
// the test binary does (updatefeed_test.go). Release builds are made
// without the tag: make never sets it.
func init() {
	if c, in, ok := testfeed.Apply(); ok {
		updateFeed, updateInstaller, updateOn = c, in, true
	}
}
