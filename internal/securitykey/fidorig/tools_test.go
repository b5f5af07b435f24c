package fidorig

import (
	"strings"
	"testing"
)

func run(t *testing.T, r *Rig, stdin string, name string, args ...string) string {
	t.Helper()
	cmd := r.Command(name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestFido2TokenListsAndInfo(t *testing.T) {
	NeedTools(t, "fido2-token")
	r := Start(t, Options{})
	out := run(t, r, "", "fido2-token", "-L")
	t.Log(out)
	out = run(t, r, "", "fido2-token", "-I", r.Path())
	t.Log(out)
}
