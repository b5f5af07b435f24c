package cli

import (
	"flag"
	"io"
)

// newFlags returns a flag set that reports errors to us, not to stderr.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseInterleaved parses flags wherever they stand among the positional
// arguments ("rename OLD NEW --json" as well as "--json rename OLD NEW")
// and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError prints a subcommand's usage problem and returns ExitUsage.
func (e *Env) usageError(c *command, err error) int {
	if err == flag.ErrHelp {
		e.println(e.Stdout, cat.M("usage_line", "Usage", "omamori "+c.name+" "+c.args))
		e.println(e.Stdout, cat.M(c.summary))
		return ExitOK
	}
	if err != nil {
		e.errorf(cat.M("bad_args", "Detail", err.Error()))
	}
	e.println(e.Stderr, cat.M("usage_line", "Usage", "omamori "+c.name+" "+c.args))
	return ExitUsage
}
