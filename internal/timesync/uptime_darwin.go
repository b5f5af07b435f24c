package timesync

import (
	"time"

	"golang.org/x/sys/unix"
)

// uptime reads CLOCK_MONOTONIC, which on macOS keeps counting in sleep.
func uptime() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		return time.Since(processStart)
	}
	return time.Duration(ts.Nano())
}
