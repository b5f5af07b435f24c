package timesync

import "golang.org/x/sys/unix"

func detectPlatform() Platform {
	v, _ := unix.Sysctl("kern.osproductversion")
	return PlatformFor("darwin", v)
}
