package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
	"github.com/omamori-app/omamori/internal/testenv"
)

// With no keyring to ask (no D-Bus session), doctor still shows the
// Accounts line, counted from accounts.json, and the support code counts
// them too (issue 23: it said nothing, and 0 accounts).
func TestDoctorCountsAccountsWithoutKeyring(t *testing.T) {
	r := newCLI(t)
	for _, name := range []string{"A", "B"} {
		if _, e, rc := r.run(randomSecret()+"\n", "add", "--name", name); rc != 0 {
			t.Fatalf("add: %s", e)
		}
	}
	cmd := exec.Command(binary, "doctor", "--json")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "LANG=C.UTF-8", "XDG_RUNTIME_DIR="+t.TempDir())
	out, _ := cmd.Output()
	var d struct {
		Keyring  string `json:"keyring"`
		Accounts *int   `json:"accounts"`
	}
	if err := json.Unmarshal(out, &d); err != nil {
		t.Fatalf("doctor output %q: %v", out, err)
	}
	if d.Keyring == "ok" || d.Accounts == nil || *d.Accounts != 2 {
		t.Errorf("doctor without a keyring: keyring %q, accounts %v; want 2 counted from the list", d.Keyring, d.Accounts)
	}
}

// `add >/dev/full` saves the account; it must say so, not "run the
// command again" (which would register a duplicate or fail).
func TestAddToFullOutputSaysSaved(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	r := newCLI(t)
	cmd := exec.Command(binary, "add", "--name", "A")
	cmd.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "LANG=C.UTF-8")
	cmd.Stdin = strings.NewReader(randomSecret() + "\n")
	cmd.Stdout = full
	var e strings.Builder
	cmd.Stderr = &e
	if err := cmd.Run(); err == nil {
		t.Error("add >/dev/full exited 0")
	}
	if msg := e.String(); !strings.Contains(msg, "was made and saved") || strings.Contains(msg, "and run the command again") {
		t.Errorf("stderr: %s", msg)
	}
	if out, _, _ := r.run("", "list", "--json"); !strings.Contains(out, `"A"`) {
		t.Errorf("account not saved: %s", out)
	}
}

// bigBackup is an age -p file of n accounts with random secrets.
func bigBackup(t *testing.T, n int) string {
	t.Helper()
	type item struct {
		Name    string         `json:"name"`
		Secret  string         `json:"secret"`
		Profile map[string]any `json:"profile"`
	}
	doc := map[string]any{"format": "omamori-backup", "version": 1, "created": "2026-11-29T10:00:00Z"}
	var items []item
	for i := range n {
		items = append(items, item{fmt.Sprintf("口座 %d", i+1), randomSecret(),
			map[string]any{"name": "smart-otp", "encoding": "base32", "length": 32, "digits": 6, "period": 60, "algorithm": "SHA1"}})
	}
	doc["accounts"] = items
	dir := t.TempDir()
	plain := filepath.Join(dir, "big.json")
	b, _ := json.Marshal(doc)
	if err := os.WriteFile(plain, b, 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "big.age")
	ageTool(t, testPassphrase+"\n"+testPassphrase+"\n", "-p", "-o", file, plain)
	return file
}

// SIGTERM, SIGHUP (the terminal closed) or Ctrl-C during a restore: the
// chunk in progress finishes, what was written is taken out again, the
// command says where it stopped and that no account was restored (exit
// 1); the list and the keyring are as before; a second run restores all.
func TestRestoreInterrupted(t *testing.T) {
	const n = 300
	file := bigBackup(t, n)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			r := newCLI(t)
			cmd := exec.Command(binary, "restore", file, "--yes")
			cmd.Env = append(os.Environ(), "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service, "LANG=C.UTF-8")
			cmd.Stdin = strings.NewReader(testPassphrase + "\n")
			var out, errOut strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			for len(keyringtest.IDs(t, r.service)) == 0 {
				if time.Since(start) > 90*time.Second {
					_ = cmd.Process.Kill()
					t.Fatal("no item written in 90 s")
				}
				time.Sleep(20 * time.Millisecond)
			}
			_ = cmd.Process.Signal(sig)
			err := cmd.Wait()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Errorf("exit: %v; stdout %s", err, out.String())
			}
			if e := errOut.String(); !strings.Contains(e, "Stopped after") || !strings.Contains(e, "no account was restored") {
				t.Errorf("stderr: %s", e)
			}
			if o, _, _ := r.run("", "list", "--json"); strings.Contains(o, "口座") {
				t.Error("an interrupted restore left accounts")
			}
			if ids := keyringtest.IDs(t, r.service); len(ids) != 0 {
				t.Errorf("an interrupted restore left %d keyring items", len(ids))
			}
			o, e, rc := r.run(testPassphrase+"\n", "restore", file, "--yes")
			if rc != 0 || !strings.Contains(o, fmt.Sprintf("Accounts restored: %d.", n)) {
				t.Fatalf("second run: %d %s %s", rc, o, e)
			}
		})
	}
}

// The keyring daemon killed (kill -9) midway through a restore, in a
// D-Bus session of its own: the restore fails saying no account was
// restored; with the daemon started again, the list has none of them,
// the next command deletes the items written before the kill, and a
// second restore brings them all.
func TestRestoreKeyringKilled(t *testing.T) {
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "gdbus"} {
		_, err := exec.LookPath(tool)
		testenv.Need(t, err == nil, tool+" not installed (scripts/deps-debian.txt)")
	}
	const n = 300
	file := bigBackup(t, n)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "data", "keyrings"), 0o700); err != nil {
		t.Fatal(err)
	}
	// count: the items of the service, locked or not (no secret read).
	script := `set -u
count() { gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
  --method org.freedesktop.Secret.Service.SearchItems "{'service': '$OMAMORI_KEYRING_SERVICE'}" | grep -o "/org/freedesktop/secrets/collection/[^']*" | wc -l; }
echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
pass="$1"
printf '%s\n' "$pass" | "$0" restore "$2" --yes >restore1.out 2>restore1.err &
r=$!
i=0
while [ "$(count)" -eq 0 ] && [ $i -lt 900 ]; do sleep 0.1; i=$((i+1)); done
# this session's daemon only: the owner of the Secret Service on this private bus
kill -9 "$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | tr -dc '0-9 ' | awk '{print $NF}')"
wait $r; echo "rc1=$?"
# D-Bus may have started a daemon again by now (locked: no one to type the
# password); replace it with one unlocked, as at log-in.
owner() { gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets 2>/dev/null | tr -dc '0-9 ' | awk '{print $NF}'; }
p2=$(owner); [ -n "$p2" ] && kill -9 "$p2" && sleep 0.5
echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
sleep 1
echo "left=$(count)"
"$0" list --json >list.out 2>&1; echo "rc_list=$?"
echo "after=$(count)"
printf '%s\n' "$pass" | "$0" restore "$2" --yes >restore2.out 2>&1; echo "rc2=$?"
echo "final=$(count)"
`
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", script, binary, testPassphrase, file)
	cmd.Dir = dir
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "DISPLAY=") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "OMAMORI_CONFIG_DIR="+filepath.Join(dir, "cfg"),
		"OMAMORI_KEYRING_SERVICE=omamori-killed", "LANG=C.UTF-8")
	out, err := cmd.CombinedOutput()
	read := func(name string) string { b, _ := os.ReadFile(filepath.Join(dir, name)); return string(b) }
	got := string(out)
	t.Logf("%s\nrestore: %s\nlist: %s", got, read("restore1.err"), read("list.out"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rc1=1", "rc_list=0", "after=0", "rc2=0", fmt.Sprintf("final=%d", n)} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("want %s", want)
		}
	}
	if e := read("restore1.err"); !strings.Contains(e, "No account was restored") {
		t.Errorf("first restore said: %s", e)
	}
	if strings.Contains(read("list.out"), "口座") {
		t.Error("the list has accounts from the killed restore")
	}
	if !strings.Contains(read("restore2.out"), fmt.Sprintf("Accounts restored: %d.", n)) {
		t.Errorf("second restore: %s", read("restore2.out"))
	}
}
