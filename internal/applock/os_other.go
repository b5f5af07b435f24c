//go:build !windows && !darwin

package applock

// Linux has no presence check of its own that Omamori uses.
const osKind, osName = "os", "Windows Hello / Touch ID"
