package timesync

import (
	"time"

	"golang.org/x/sys/windows"
)

// uptime is GetTickCount64, which counts sleep and hibernation.
func uptime() time.Duration { return windows.DurationSinceBoot() }
