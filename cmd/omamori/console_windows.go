//go:build windows

package main

import (
	"os"
	"syscall"
)

// Omamori.exe is linked as a GUI program (-H windowsgui) so that opening it
// from the Start menu shows no black console window. A GUI program starts
// without standard handles unless its caller redirected them, so
// `Omamori.exe version` typed in a terminal would print nothing. When we
// have arguments and no usable output handle, we attach to the terminal we
// were started from. The shell does not wait for a GUI program, so output
// may land after the next prompt: scripts and help desks should use
// omamori-cli.exe, the same code linked as a console program, which the
// shell waits for and whose exit status it sees.
//
// This runs in init, before main builds cli.Env from os.Stdout/os.Stderr.
func init() {
	if len(os.Args) < 2 || (usable(syscall.Stdout) && usable(syscall.Stderr)) {
		return
	}
	attachParentConsole()
}

const attachParentProcess = ^uint32(0) // ATTACH_PARENT_PROCESS, (DWORD)-1

var procAttachConsole = syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")

func attachParentConsole() {
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return // started from Explorer or a service: nowhere to print
	}
	if !usable(syscall.Stdout) {
		if f := openConsole("CONOUT$", syscall.GENERIC_WRITE); f != nil {
			os.Stdout = f
		}
	}
	if !usable(syscall.Stderr) {
		if f := openConsole("CONOUT$", syscall.GENERIC_WRITE); f != nil {
			os.Stderr = f
		}
	}
	if !usable(syscall.Stdin) {
		if f := openConsole("CONIN$", syscall.GENERIC_READ|syscall.GENERIC_WRITE); f != nil {
			os.Stdin = f
		}
	}
}

// usable reports whether a standard handle leads somewhere (a console, a
// file or a pipe the caller set up).
func usable(h syscall.Handle) bool {
	if h == 0 || h == syscall.InvalidHandle {
		return false
	}
	t, err := syscall.GetFileType(h)
	return err == nil && t != syscall.FILE_TYPE_UNKNOWN
}

func openConsole(name string, access uint32) *os.File {
	p, err := syscall.UTF16PtrFromString(name)
	if err != nil {
		return nil
	}
	h, err := syscall.CreateFile(p, access, syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE,
		nil, syscall.OPEN_EXISTING, 0, 0)
	if err != nil {
		return nil
	}
	return os.NewFile(uintptr(h), name)
}
