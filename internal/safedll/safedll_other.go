//go:build !windows || !cgo

package safedll

// Active is false: only Windows searches the program's folder for DLLs.
func Active() bool { return false }

// DependentLoadFlags is 0 outside a Windows cgo build.
func DependentLoadFlags() uint16 { return 0 }
