//go:build !windows

package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/testenv"
)

// With the login collection locked (the Secret Service's Lock; unlocking
// needs a prompt, which has no display to appear on here, so it is
// dismissed), in a private D-Bus session of its own: list, add and
// restore say the keyring is locked, with what to do, and change
// nothing; doctor says locked and still counts the account that
// accounts.json lists.
func TestLockedKeyringChangesNothing(t *testing.T) {
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "gdbus"} {
		_, err := exec.LookPath(tool)
		testenv.Need(t, err == nil, tool+" not installed (scripts/deps-debian.txt)")
	}
	file := bigBackup(t, 3)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data", "keyrings"), 0o700); err != nil {
		t.Fatal(err)
	}
	// count: the items of the service, locked or not (no secret read).
	script := `set -u
count() { gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
  --method org.freedesktop.Secret.Service.SearchItems "{'service': '$OMAMORI_KEYRING_SERVICE'}" | grep -o "/org/freedesktop/secrets/collection/[^']*" | wc -l; }
echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
echo JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP | "$0" add --name '口座 K' >/dev/null || exit 9
gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
  --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null
cp cfg/accounts.json before.json
echo "items_before=$(count)"
"$0" list >list.out 2>list.err; echo "rc_list=$?"
"$0" doctor --json >doctor.out 2>&1; echo "rc_doctor=$?"
printf '%s\n' "$1" | "$0" restore "$2" --yes >restore.out 2>restore.err; echo "rc_restore=$?"
echo GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ | "$0" add --name '口座 B' >add.out 2>add.err; echo "rc_add=$?"
echo "items_after=$(count)"
`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, binary, testPassphrase, file)
	cmd.Dir = dir
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "OMAMORI_CONFIG_DIR="+filepath.Join(dir, "cfg"),
		"OMAMORI_KEYRING_SERVICE=omamori-locked", "LANG=C.UTF-8")
	out, err := cmd.CombinedOutput()
	read := func(name string) string { b, _ := os.ReadFile(filepath.Join(dir, name)); return string(b) }
	got := string(out)
	t.Logf("%s\nlist: %s\nrestore: %s%s\nadd: %s", got, read("list.err"), read("restore.out"), read("restore.err"), read("add.err"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"items_before=1", "rc_list=1", "rc_restore=1", "rc_add=1", "items_after=1"} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("want %s", want)
		}
	}
	const locked, hint = "storage for registrations is locked", "Log out of the computer, log in again"
	for _, f := range []string{"list.err", "restore.err", "add.err"} {
		if e := read(f); !strings.Contains(e, locked) || !strings.Contains(e, hint) {
			t.Errorf("%s: %q, want it locked and what to do", f, e)
		}
	}
	if o := read("restore.out"); strings.Contains(o, "Accounts restored") {
		t.Errorf("restore said: %s", o)
	}
	var d struct {
		Keyring  string `json:"keyring"`
		Accounts int    `json:"accounts"`
	}
	if err := json.Unmarshal([]byte(read("doctor.out")[strings.IndexByte(read("doctor.out"), '{'):]), &d); err != nil || d.Keyring != "locked" || d.Accounts != 1 {
		t.Errorf("doctor: %+v %v\n%s", d, err, read("doctor.out"))
	}
	// The account list is what it was: the one account, same id.
	type list struct {
		Accounts []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"accounts"`
	}
	var before, after list
	if json.Unmarshal([]byte(read("before.json")), &before) != nil || json.Unmarshal([]byte(read("cfg/accounts.json")), &after) != nil {
		t.Fatalf("accounts.json: %s", read("cfg/accounts.json"))
	}
	if len(after.Accounts) != 1 || after.Accounts[0] != before.Accounts[0] || after.Accounts[0].Name != "口座 K" {
		t.Errorf("accounts before %+v, after %+v", before.Accounts, after.Accounts)
	}
}
