// Command omamori-feed makes and checks Omamori's update feed; signing
// is minisign's (scripts/release-feed.sh, docs/release.md).
//
//	omamori-feed make --version 1.4.0 --minimum 1.2.0 --days 30 [--security] \
//	    --notes-ja notes.ja.txt --notes-en notes.en.txt \
//	    --file windows-amd64=dist/Omamori-Setup-1.4.0.exe=https://…/Omamori-Setup-1.4.0.exe … > feed.json
//	omamori-feed verify [--keys release.pub] [--file …] feed.json   # feed.json.minisig beside it
//	omamori-feed ready   # fails while this tree would ship with the update channel off
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/omamori-app/omamori/internal/update"
	"github.com/omamori-app/omamori/internal/update/release"
)

type files []release.File

func (f *files) String() string { return fmt.Sprint(*f) }
func (f *files) Set(s string) error {
	file, err := release.ParseFile(s)
	*f = append(*f, file)
	return err
}

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: omamori-feed make|verify|ready [flags]"))
	}
	var err error
	switch os.Args[1] {
	case "make":
		err = runMake(os.Args[2:])
	case "verify":
		err = runVerify(os.Args[2:])
	case "ready":
		err = runReady()
	default:
		err = fmt.Errorf("unknown command %q: make, verify or ready", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
}

// runReady fails while update.ReleaseProblems finds any: `make sign` with a
// real certificate runs it first, so no signed release ships without updates.
func runReady() error {
	p := update.ReleaseProblems()
	if len(p) == 0 {
		return nil
	}
	msg := "not ready to release with updates on (docs/release.md, \"Switched off in release builds, on purpose\"):"
	for _, s := range p {
		msg += "\n  - " + s
	}
	return errors.New(msg)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "omamori-feed:", err)
	os.Exit(1)
}

func runMake(args []string) error {
	fs := flag.NewFlagSet("make", flag.ContinueOnError)
	var spec release.Spec
	var fl files
	var ja, en string
	days := fs.Int("days", 30, "the feed expires this many days from now")
	fs.StringVar(&spec.Version, "version", "", "the release's version, 1.4.0")
	fs.StringVar(&spec.Minimum, "minimum", "", "the oldest version still supported")
	fs.BoolVar(&spec.Security, "security", false, "a security release")
	fs.StringVar(&ja, "notes-ja", "", "file with the release notes in Japanese")
	fs.StringVar(&en, "notes-en", "", "file with the release notes in English")
	fs.Var(&fl, "file", "PLATFORM=PATH=URL, once per platform")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *days < 1 || *days > 366 {
		return errors.New("--days: 1 to 366")
	}
	for _, n := range []struct {
		path string
		to   *string
	}{{ja, &spec.NotesJA}, {en, &spec.NotesEN}} {
		b, err := os.ReadFile(n.path)
		if err != nil {
			return err
		}
		*n.to = string(b)
	}
	spec.Files, spec.Expires = fl, time.Now().AddDate(0, 0, *days)
	if spec.Minimum == "" {
		spec.Minimum = spec.Version
	}
	b, err := release.Make(spec)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(b)
	return err
}

func runVerify(args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	keysFile := fs.String("keys", "", "public keys (minisign .pub lines); default: the keys built into Omamori")
	var fl files
	fs.Var(&fl, "file", "PLATFORM=PATH=URL: check the local file is the one the feed names")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("verify: give the feed file")
	}
	keys := update.ReleaseKeys()
	if *keysFile != "" {
		b, err := os.ReadFile(*keysFile)
		if err != nil {
			return err
		}
		keys = update.ParseKeyList(string(b))
	}
	feed, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	sig, err := os.ReadFile(fs.Arg(0) + ".minisig")
	if err != nil {
		return err
	}
	f, err := release.Check(feed, sig, keys, time.Now(), fl)
	if err != nil {
		return err
	}
	fmt.Printf("ok: version %s (minimum %s, security %v), expires %s, %d platforms\n",
		f.Version, f.MinimumVersion, f.Security, f.Expires.Format("2006-01-02"), len(f.Platforms))
	return nil
}
