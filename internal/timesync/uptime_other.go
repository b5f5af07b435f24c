//go:build !linux && !darwin && !windows

package timesync

import "time"

func uptime() time.Duration { return time.Since(processStart) }
