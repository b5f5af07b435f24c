//go:build !windows

package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Backup and restore read passphrases, clash names and the confirmation
// through the shared prompt: Ctrl-C or Ctrl-D at any of them ends the
// command at once, writes no file and restores nothing.
func TestBackupCancelAtPassphrasePrompt(t *testing.T) {
	r := newCLI(t)
	if _, e, rc := r.run(randomSecret(), "add", "--name", "A"); rc != 0 {
		t.Fatal(e)
	}
	for _, c := range []struct{ name, keys, wait string }{
		{"ctrl-c", "\x03", ""},
		{"ctrl-c after typing", testPassphrase + "\x03", ""},
		{"ctrl-d", "\x04", ""},
		{"ctrl-c at the second prompt", testPassphrase + "\r", "same passphrase again"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			p := r.onTTY("backup", "--out", filepath.Join(dir, "b.omamori-backup.age"))
			p.waitFor("passphrase for the backup")
			keys := c.keys
			if c.wait != "" {
				p.send(keys)
				p.waitFor(c.wait)
				keys = "\x03"
			}
			p.send(keys)
			if rc := p.exit(); rc != 1 {
				t.Errorf("exit %d, want 1", rc)
			}
			p.waitFor("Cancelled")
			if !p.echoOn() {
				t.Error("echo left off")
			}
			if strings.Contains(p.output(), testPassphrase) {
				t.Error("the passphrase was echoed")
			}
			if files, _ := os.ReadDir(dir); len(files) != 0 {
				t.Errorf("files written: %v", files)
			}
			if _, err := os.Stat(filepath.Join(r.config, "backup-settings.json")); err == nil {
				t.Error("a backup date was recorded")
			}
		})
	}
}

func TestRestoreOnTerminal(t *testing.T) {
	old := newCLI(t)
	if _, e, rc := old.run(randomSecret(), "add", "--name", "A"); rc != 0 {
		t.Fatal(e)
	}
	file := filepath.Join(t.TempDir(), "move.omamori-backup.age")
	if _, e, rc := old.run(testPassphrase+"\n"+testPassphrase+"\n", "backup", "--out", file); rc != 0 {
		t.Fatal(e)
	}
	neu := newCLI(t)
	if _, e, rc := neu.run(randomSecret(), "add", "--name", "A"); rc != 0 { // a different "A": a clash
		t.Fatal(e)
	}
	listed := func() string { out, _, _ := neu.run("", "list", "--json"); return out }
	for _, c := range []struct{ name, wait, keys string }{
		{"ctrl-c at the passphrase", "passphrase of the backup", "\x03"},
		{"ctrl-d at the passphrase", "passphrase of the backup", testPassphrase + "\x04"},
		{"ctrl-c at the clash name", "Name for", "\x03"},
		{"ctrl-d at the confirmation", "Restore these accounts", "\x04"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := neu.onTTY("restore", file)
			p.waitFor("passphrase of the backup")
			if c.wait != "passphrase of the backup" {
				p.send(testPassphrase + "\r")
				if c.wait == "Restore these accounts" {
					p.waitFor("Name for")
					p.send("\r")
				}
				p.waitFor(c.wait)
			}
			p.send(c.keys)
			if rc := p.exit(); rc != 1 {
				t.Errorf("exit %d, want 1:\n%s", rc, p.output())
			}
			p.waitFor("Cancelled")
			if !p.echoOn() {
				t.Error("echo left off")
			}
			if out := listed(); strings.Count(out, `"name"`) != 1 {
				t.Errorf("restored after cancel: %s", out)
			}
		})
	}
	t.Run("restore with a new name", func(t *testing.T) {
		p := neu.onTTY("restore", file)
		p.waitFor("passphrase of the backup")
		p.send(testPassphrase + "\r")
		p.waitFor("Name for")
		p.send("旧PCのA\r")
		p.waitFor("Restore these accounts")
		p.send("y\r")
		if rc := p.exit(); rc != 0 {
			t.Fatalf("exit %d:\n%s", rc, p.output())
		}
		if strings.Contains(p.output(), testPassphrase) {
			t.Error("the passphrase was echoed")
		}
		if out := listed(); !strings.Contains(out, `"旧PCのA"`) || strings.Count(out, `"name"`) != 2 {
			t.Errorf("not restored as 旧PCのA: %s", out)
		}
	})
}
