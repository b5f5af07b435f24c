package accounts_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func corruptFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.corrupt-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func warningsIn(s *accounts.Store, l i18n.Lang) string {
	var w []string
	for _, m := range s.Warnings() {
		w = append(w, m.In(l))
	}
	return strings.Join(w, "\n")
}

func TestFileFormat(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	en := newEnrolment(t)
	a := mustAdd(t, s, "三菱 太郎", en)
	mustAdd(t, s, "B", newEnrolment(t))
	if err := s.Rename(a.ID, "三菱 花子"); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Version  int
		Accounts []map[string]any
		Pending  []string `json:"pending_delete"`
	}
	if err := json.Unmarshal(readFile(t, filepath.Join(e.dir, "accounts.json")), &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != 1 || len(f.Accounts) != 2 || f.Accounts[0]["name"] != "三菱 花子" || len(f.Pending) != 0 {
		t.Fatalf("accounts.json = %+v", f)
	}
	// The backup is the version before the rename.
	bak := readFile(t, filepath.Join(e.dir, "accounts.json.bak"))
	if !bytes.Contains(bak, []byte("三菱 太郎")) || bytes.Contains(bak, []byte("三菱 花子")) {
		t.Fatalf("backup is not the previous version:\n%s", bak)
	}
	noSecretsOnDisk(t, e.dir, en.Secret)
	if left, _ := filepath.Glob(filepath.Join(e.dir, "*tmp*")); len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func TestOpenFreshWritesNothing(t *testing.T) {
	e := fakeEnv(t)
	e.dir = filepath.Join(e.dir, "new", "Omamori")
	s := e.open(t)
	if l := mustList(t, s); len(l) != 0 || len(s.Warnings()) != 0 {
		t.Fatalf("fresh store: %v, warnings %v", l, s.Warnings())
	}
	fi, err := os.Stat(e.dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("dir: %v, %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "accounts.json")); !os.IsNotExist(err) {
		t.Fatalf("Open wrote accounts.json: %v", err)
	}
}

func TestCorruptFileUsesBackup(t *testing.T) {
	for name, corrupt := range map[string]string{
		"truncated":     `{"version":1,"accounts":[{"id":"`,
		"empty":         ``,
		"no version":    `{"accounts":[]}`,
		"string ver":    `{"version":"1","accounts":[]}`,
		"wrong type":    `{"version":1,"accounts":{}}`,
		"bad id":        `{"version":1,"accounts":[{"id":"../../x","name":"X"}]}`,
		"duplicate ids": `{"version":1,"accounts":[{"id":"0123456789abcdef0123456789abcdef","name":"X"},{"id":"0123456789abcdef0123456789abcdef","name":"Y"}]}`,
		"binary":        "\x00\xff\xfe garbage",
	} {
		t.Run(name, func(t *testing.T) {
			e := fakeEnv(t)
			s := e.open(t)
			a := mustAdd(t, s, "A", newEnrolment(t))
			b := mustAdd(t, s, "B", newEnrolment(t))
			main := filepath.Join(e.dir, "accounts.json")
			writeFile(t, main, []byte(corrupt))

			s = e.open(t)
			// The backup was written before B was complete: A is there;
			// B is in the damaged file, and its secret must survive.
			if got := names(mustList(t, s)); !slices.Equal(got, []string{"A"}) {
				t.Fatalf("after recovery: %q", got)
			}
			if got := e.ids(t); !slices.Contains(got, b.ID) || !slices.Contains(got, a.ID) {
				t.Fatalf("recovery deleted a secret: keyring ids %v", got)
			}
			aside := corruptFiles(t, e.dir)
			if len(aside) != 1 || !strings.HasPrefix(filepath.Base(aside[0]), "accounts.json.corrupt-") {
				t.Fatalf("corrupt file not kept: %v", aside)
			}
			if got := readFile(t, aside[0]); string(got) != corrupt {
				t.Fatalf("kept file changed: %q", got)
			}
			for _, l := range i18n.Langs {
				if w := warningsIn(s, l); !strings.Contains(w, aside[0]) {
					t.Fatalf("%s warnings do not name the kept file: %q", l, w)
				}
			}
			// The repaired file is good: another Store opens it quietly.
			if s2 := e.open(t); len(s2.Warnings()) != 0 || len(mustList(t, s2)) != 1 {
				t.Fatalf("second open: warnings %v", s2.Warnings())
			}
			// And it can be written again.
			mustAdd(t, s, "C", newEnrolment(t))
		})
	}
}

func TestCorruptFileAndBackup(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	mustAdd(t, s, "A", newEnrolment(t))
	mustAdd(t, s, "B", newEnrolment(t))
	writeFile(t, filepath.Join(e.dir, "accounts.json"), []byte("{"))
	writeFile(t, filepath.Join(e.dir, "accounts.json.bak"), []byte("}"))
	s = e.open(t)
	if l := mustList(t, s); len(l) != 0 {
		t.Fatalf("List = %v", names(l))
	}
	aside := corruptFiles(t, e.dir)
	if len(aside) != 2 {
		t.Fatalf("kept files %v, want the file and its backup", aside)
	}
	w := warningsIn(s, i18n.EN)
	for _, p := range aside {
		if !strings.Contains(w, p) {
			t.Fatalf("warnings %q do not name %s", w, p)
		}
	}
	if len(e.fake.Items()) != 2 {
		t.Fatal("secrets were deleted")
	}
}

func TestCorruptFileNoBackup(t *testing.T) {
	e := fakeEnv(t)
	e.open(t)
	writeFile(t, filepath.Join(e.dir, "accounts.json"), []byte("not json"))
	s := e.open(t)
	if len(mustList(t, s)) != 0 || len(corruptFiles(t, e.dir)) != 1 || len(s.Warnings()) != 2 {
		t.Fatalf("warnings %q, kept %v", warningsIn(s, i18n.EN), corruptFiles(t, e.dir))
	}
}

func TestMissingFileRestoredFromBackup(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	mustAdd(t, s, "A", newEnrolment(t))
	if err := s.Rename(mustList(t, s)[0].ID, "A2"); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(e.dir, "accounts.json")); err != nil {
		t.Fatal(err)
	}
	s = e.open(t)
	if got := names(mustList(t, s)); !slices.Equal(got, []string{"A"}) || len(s.Warnings()) != 1 {
		t.Fatalf("after restore: %q, warnings %q", got, warningsIn(s, i18n.EN))
	}
}

func TestNewerVersionRefused(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	a := mustAdd(t, s, "A", newEnrolment(t))
	main := filepath.Join(e.dir, "accounts.json")
	newer := []byte(`{"version":2,"accounts":"a new shape","vault":{}}`)
	writeFile(t, main, newer)
	bak := readFile(t, filepath.Join(e.dir, "accounts.json.bak"))

	_, err := accounts.Open(e.dir, e.secrets)
	ue := wantErr(t, err, accounts.ErrNewerVersion)
	if !strings.Contains(ue.Msg.In(i18n.JA), "2") {
		t.Fatalf("message does not give the version: %s", ue.Msg.In(i18n.JA))
	}
	// An open Store refuses to write over it, too.
	_, err = s.Add("B", newEnrolment(t))
	wantErr(t, err, accounts.ErrNewerVersion)
	wantErr(t, s.Remove(a.ID), accounts.ErrNewerVersion)
	_, err = s.List()
	wantErr(t, err, accounts.ErrNewerVersion)
	if got := readFile(t, main); !bytes.Equal(got, newer) {
		t.Fatalf("newer file overwritten: %s", got)
	}
	if got := readFile(t, filepath.Join(e.dir, "accounts.json.bak")); !bytes.Equal(got, bak) {
		t.Fatal("backup overwritten")
	}
	if len(corruptFiles(t, e.dir)) != 0 {
		t.Fatal("newer file treated as corrupt")
	}
}

// A crash between the steps of Add or Remove leaves an id in
// pending_delete; the next Open deletes its keyring item.
func TestPendingDeletionFinishedOnOpen(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		s := e.open(t)
		kept := mustAdd(t, s, "Kept", newEnrolment(t))
		orphan := "0123456789abcdef0123456789abcdef"
		if err := e.secrets.Set(orphan, "JBSWY3DPEHPK3PXPJBSWY3DP"); err != nil {
			t.Fatal(err)
		}
		main := filepath.Join(e.dir, "accounts.json")
		var m map[string]any
		if err := json.Unmarshal(readFile(t, main), &m); err != nil {
			t.Fatal(err)
		}
		m["pending_delete"] = []string{orphan, kept.ID} // a listed id keeps its secret
		b, _ := json.Marshal(m)
		writeFile(t, main, b)

		e.open(t)
		if got := e.ids(t); !slices.Equal(got, []string{kept.ID}) {
			t.Fatalf("keyring ids %v, want [%s]", got, kept.ID)
		}
		if bytes.Contains(readFile(t, main), []byte("pending_delete")) {
			t.Fatal("pending_delete not cleared")
		}
		if l := mustList(t, e.open(t)); len(l) != 1 || l[0].State != accounts.OK {
			t.Fatalf("List = %+v", l)
		}
	})
}

// If the final metadata write of Add fails, the secret is taken out of
// the keyring again.
func TestAddMetadataWriteFails(t *testing.T) {
	e := fakeEnv(t)
	s := e.open(t)
	mustAdd(t, s, "A", newEnrolment(t))
	main := filepath.Join(e.dir, "accounts.json")
	e.fake.FailWith(func(op, id string) error {
		if op == "set" { // after the pending save: make the next rename fail
			_ = os.Remove(main)
			_ = os.Mkdir(main, 0o700)
		}
		return nil
	})
	en := newEnrolment(t)
	_, err := s.Add("B", en)
	wantErr(t, err, accounts.ErrStorage)
	e.fake.FailWith(nil)
	if len(e.fake.Items()) != 1 {
		t.Fatalf("keyring holds %d items, want 1", len(e.fake.Items()))
	}
	if err := os.Remove(main); err != nil {
		t.Fatal(err)
	}
	s = e.open(t) // restored from the backup
	if got := names(mustList(t, s)); !slices.Equal(got, []string{"A"}) {
		t.Fatalf("after failed Add: %q", got)
	}
	noSecretsOnDisk(t, e.dir, en.Secret)
}
