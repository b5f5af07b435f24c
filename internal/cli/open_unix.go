//go:build !windows

package cli

import "syscall"

// nonBlockOpen keeps open(2) from waiting for a FIFO's writer; the file
// is checked to be regular right after, and regular files ignore it.
const nonBlockOpen = syscall.O_NONBLOCK
