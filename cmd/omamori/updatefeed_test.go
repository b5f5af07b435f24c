package main

import "github.com/omamori-app/omamori/internal/update/testfeed"

// The test binary, which the scripts run as "omamori" (main_test.go), has
// the test-only switches of internal/update/testfeed; the update script
// command (update_script_test.go) sets them. A released binary has none:
// its feed and keys are built in.
func init() {
	if c, in, ok := testfeed.Apply(); ok {
		updateFeed, updateInstaller, updateOn = c, in, true
	}
}
