package timesync

import (
	"strconv"

	"golang.org/x/sys/windows"
)

func detectPlatform() Platform {
	_, _, build := windows.RtlGetNtVersionNumbers()
	return PlatformFor("windows", strconv.Itoa(int(build&0xffff)))
}
