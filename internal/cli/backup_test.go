package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/backup"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/securitykey"
)

type backupRig struct {
	t     *testing.T
	dir   string
	store *accounts.Store
	sec   *accountstest.Secrets
	lang  i18n.Lang
}

func newBackupRig(t *testing.T) *backupRig {
	r := &backupRig{t: t, dir: t.TempDir(), sec: accountstest.NewSecrets(), lang: i18n.EN}
	s, err := accounts.Open(r.dir, r.sec)
	if err != nil {
		t.Fatal(err)
	}
	r.store = s
	return r
}

// rigKeys is the security-key driver the backup rigs' commands get
// (withVirtualKey); nil: none.
var rigKeys securitykey.Driver

func (r *backupRig) run(stdin string, args ...string) (string, string, int) {
	r.t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Lang: r.lang,
		Keys:             rigKeys,
		OpenStore:        func() (Store, error) { return r.store, nil },
		ConfigDir:        func() (string, error) { return r.dir, nil },
		BackupWorkFactor: 10,
	}
	code := Run(context.Background(), e, args)
	return out.String(), errb.String(), code
}

func (r *backupRig) add(name string) []byte {
	key := accountstest.RandomKey(r.t, 20)
	if _, err := r.store.Add(name, newaccount.Details{Secret: key, Profile: profile.SmartOTP}); err != nil {
		r.t.Fatal(err)
	}
	return key
}

const cliPass = "ひまわり畑の夏やすみ2026"

func TestBackupAndRestoreThroughTheCommand(t *testing.T) {
	old := newBackupRig(t)
	old.add("三菱 太郎")
	old.add("B")
	file := filepath.Join(t.TempDir(), "move"+backup.FileExt)
	out, errOut, code := old.run(cliPass+"\n"+cliPass+"\n", "backup", "--out", file)
	if code != ExitOK || !strings.Contains(out, "accounts: 2") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	if strings.Contains(out+errOut, cliPass) {
		t.Fatal("the passphrase was printed")
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", st, err)
	}
	out, _, _ = old.run("", "doctor", "--json")
	var rep doctorReport
	if json.Unmarshal([]byte(out), &rep) != nil || rep.LastBackup != time.Now().Format(time.DateOnly) {
		t.Errorf("doctor's last backup: %q", out)
	}
	// Never overwrite a backup.
	if _, errOut, code := old.run(cliPass+"\n"+cliPass+"\n", "backup", "--out", file); code != ExitFailure || !strings.Contains(errOut, "already exists") {
		t.Errorf("overwrite: %d %q", code, errOut)
	}

	fresh := newBackupRig(t)
	fresh.add("B") // a different account with a clashing name
	// Without a terminal, restoring needs --yes; nothing changes.
	out, errOut, code = fresh.run(cliPass+"\n", "restore", file)
	if code != ExitUsage || !strings.Contains(out, "Accounts in it: 2") || !strings.Contains(out, `restored as "B (2)"`) {
		t.Fatalf("restore without --yes: %d %q %q", code, out, errOut)
	}
	if l, _ := fresh.store.List(); len(l) != 1 {
		t.Fatal("restore without --yes changed the store")
	}
	out, errOut, code = fresh.run(cliPass+"\n", "restore", file, "--yes")
	if code != ExitOK || !strings.Contains(out, "Accounts restored: 2") {
		t.Fatalf("restore: %d %q %q", code, out, errOut)
	}
	l, _ := fresh.store.List()
	if len(l) != 3 || l[1].Name != "三菱 太郎" || l[2].Name != "B (2)" {
		t.Fatalf("after restore: %+v", l)
	}
	// Again: everything is already here.
	out, _, code = fresh.run(cliPass+"\n", "restore", file, "--yes")
	if code != ExitOK || !strings.Contains(out, "already on this computer") || strings.Count(out, "skipped") != 2 {
		t.Fatalf("second restore: %d %q", code, out)
	}
}

func TestBackupRefusesWeakPassphrases(t *testing.T) {
	r := newBackupRig(t)
	r.add("A")
	r.lang = i18n.JA
	file := filepath.Join(t.TempDir(), "x.age")
	for stdin, want := range map[string]string{
		"short\nshort\n":                 "短すぎます（5文字）",
		"password123\npassword123\n":     "よく使われている",
		cliPass + "\n" + cliPass + "x\n": "一致しません",
		"\n":                             "入力されていません",
		"":                               "パスフレーズを読み取れませんでした",
		strings.Repeat("あ", 400) + "\n":  "パスフレーズが長すぎます（1024バイトまで）",
	} {
		_, errOut, code := r.run(stdin, "backup", "--out", file)
		if code != ExitFailure || !strings.Contains(errOut, want) {
			t.Errorf("%q: %d %q", stdin, code, errOut)
		}
		if _, err := os.Stat(file); err == nil {
			t.Fatalf("%q: a file was written", stdin)
		}
	}
	// A passphrase as an argument is refused and never echoed.
	_, errOut, code := r.run("", "backup", "--out", file, "hunter2hunter2")
	if code != ExitUsage || strings.Contains(errOut, "hunter2") {
		t.Errorf("argument: %d %q", code, errOut)
	}
}

func TestBackupWithGeneratedPassphrase(t *testing.T) {
	r := newBackupRig(t)
	r.add("A")
	file := filepath.Join(t.TempDir(), "x.age")
	// Shown once on stderr; from a pipe we cannot read it back first, so
	// a wrong echo is refused and nothing is written.
	_, errOut, code := r.run("not it at all\n", "backup", "--out", file, "--generate", "digits")
	if code != ExitFailure || !strings.Contains(errOut, "not the same") {
		t.Fatalf("%d %q", code, errOut)
	}
	if _, err := os.Stat(file); err == nil {
		t.Fatal("a file was written")
	}
}

func TestRestoreBadFilesChangeNothing(t *testing.T) {
	old := newBackupRig(t)
	old.add("A")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.age")
	if _, e, code := old.run(cliPass+"\n"+cliPass+"\n", "backup", "--out", good); code != ExitOK {
		t.Fatal(e)
	}
	data, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	flipped := bytes.Clone(data)
	flipped[len(flipped)-5] ^= 0x80
	fresh := newBackupRig(t)
	fresh.add("Z")
	for _, c := range []struct {
		file, pass, want string
	}{
		{write("empty.age", nil), cliPass, "空（0バイト）"},
		{write("notes.txt", []byte("hello\n")), cliPass, "お守りのバックアップではありません"},
		{write("cut.age", data[:len(data)/2]), cliPass, "途中で切れているか書き換えられて"},
		{write("flip.age", flipped), cliPass, "途中で切れているか書き換えられて"},
		{good, "wrong passphrase 123", "パスフレーズが、このバックアップを作ったときのものと違います"},
		{filepath.Join(dir, "missing.age"), cliPass, "読み込めませんでした"},
	} {
		fresh.lang = i18n.JA
		_, errOut, code := fresh.run(c.pass+"\n", "restore", c.file, "--yes")
		if code != ExitFailure || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: %d %q", filepath.Base(c.file), code, errOut)
		}
		if l, _ := fresh.store.List(); len(l) != 1 || len(fresh.sec.Items()) != 1 {
			t.Fatalf("%s changed the store", c.file)
		}
	}
}
