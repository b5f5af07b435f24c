//go:build linux

package main_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/securitykey/fidotest"
)

// runKey runs the binary like cliRun.run, with the rig's virtual key
// visible to its libfido2 (LD_PRELOAD shim).
func (r *cliRun) runKey(rig *fidotest.Rig, stdin string, args ...string) (string, string, int) {
	r.t.Helper()
	cmd := rig.Command(binary, args...)
	cmd.Env = append(cmd.Env, "OMAMORI_CONFIG_DIR="+r.config, "OMAMORI_KEYRING_SERVICE="+r.service,
		"LANG="+r.lang, "LC_ALL=", "LC_MESSAGES=")
	cmd.Stdin = strings.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	if ee, ok := err.(interface{ ExitCode() int }); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// The real binary, the real libfido2 and the Secret Service: a backup
// protected by a security key restores on another "PC" with the same key,
// and its codes equal oathtool's.
func TestBackupWithSecurityKeyOnTheSecretService(t *testing.T) {
	old := newCLI(t)
	rig := fidotest.Start(t, fidotest.Options{})
	if err := rig.Key().SetPIN(context.Background(), "tsuru-kame-pin"); err != nil {
		t.Fatal(err)
	}
	acc := account{"三菱 花子", randomSecret(), "sha1", 6, 60}
	if _, e, rc := old.run(acc.secret, "add", "--name", acc.name); rc != 0 {
		t.Fatal(e)
	}
	file := filepath.Join(t.TempDir(), "key.omamori-backup.age")
	out, e, rc := old.runKey(rig, "tsuru-kame-pin\n", "backup", "--out", file, "--security-key")
	if rc != 0 || !strings.Contains(e, "(2 of 2)") {
		t.Fatalf("backup: %d %s %s", rc, out, e)
	}
	data, _ := os.ReadFile(file)
	if !bytes.Contains(data, []byte("\n-> omamori-fido2-hmac ")) {
		t.Fatalf("no key stanza in the header")
	}

	fresh := newCLI(t)
	fresh.lang = "ja_JP.UTF-8"
	out, e, rc = fresh.runKey(rig, "tsuru-kame-pin\n", "restore", file, "--yes")
	if rc != 0 || !strings.Contains(e, "セキュリティキーで保護されています") {
		t.Fatalf("restore: %d %s %s", rc, out, e)
	}
	fresh.lang = "C.UTF-8"
	checkCodes(t, fresh, []account{acc})
	for _, dir := range []string{old.config, fresh.config} {
		assertNoSecretInFiles(t, dir, acc.secret)
		assertNotInFiles(t, dir, "tsuru-kame-pin")
	}
}
