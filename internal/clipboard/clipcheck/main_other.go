//go:build !windows

// Command clipcheck is Windows-only (see main_windows.go).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "clipcheck lists Windows clipboard formats; build it with GOOS=windows")
	os.Exit(2)
}
