//go:build !windows && !darwin

package timesync

func detectPlatform() Platform { return Linux }
