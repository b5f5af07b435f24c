package timesync

import (
	"time"

	"golang.org/x/sys/unix"
)

// uptime reads CLOCK_BOOTTIME, which counts suspend.
func uptime() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts); err != nil {
		return time.Since(processStart)
	}
	return time.Duration(ts.Nano())
}
