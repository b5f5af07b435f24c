// Command peloadflags sets or checks DependentLoadFlags in 64-bit PE files
// (internal/safedll/loadflags):
//
//	peloadflags set FILE...    LOAD_LIBRARY_SEARCH_SYSTEM32, after linking, before signing
//	peloadflags check FILE...  fails unless every file has exactly that
//
// The Makefile runs set on both exes; scripts/pe-imports.sh runs check on
// every shipped PE file.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/omamori-app/omamori/internal/safedll/loadflags"
)

func main() {
	if len(os.Args) < 3 || (os.Args[1] != "set" && os.Args[1] != "check") {
		fmt.Fprintln(os.Stderr, "usage: peloadflags set|check FILE...")
		os.Exit(2)
	}
	bad := false
	for _, f := range os.Args[2:] {
		if err := run(os.Args[1], f); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: %s: %v\n", f, err)
			bad = true
		}
	}
	if bad {
		os.Exit(1)
	}
}

func run(cmd, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if cmd == "set" {
		if err := loadflags.Set(b, loadflags.SearchSystem32); err != nil {
			return err
		}
		if err := writeSame(file, b); err != nil {
			return err
		}
	}
	got, err := loadflags.Flags(b)
	if err != nil {
		return fmt.Errorf("%v: Windows would look for its DLLs in the program's folder first", err)
	}
	if got != loadflags.SearchSystem32 {
		return fmt.Errorf("DependentLoadFlags is %#x, want %#x (LOAD_LIBRARY_SEARCH_SYSTEM32)", got, loadflags.SearchSystem32)
	}
	fmt.Printf("%s: DependentLoadFlags %#x (System32 only)\n", filepath.Base(file), got)
	return nil
}

// writeSame replaces file's content, keeping its mode.
func writeSame(file string, b []byte) error {
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	tmp := file + ".loadflags"
	if err := os.WriteFile(tmp, b, st.Mode().Perm()); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}
