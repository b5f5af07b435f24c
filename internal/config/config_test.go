package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/i18n"
)

func TestDir(t *testing.T) {
	t.Setenv("OMAMORI_CONFIG_DIR", "rel/dir")
	got, err := config.Dir()
	wd, _ := os.Getwd()
	if err != nil || got != filepath.Join(wd, "rel", "dir") {
		t.Fatalf("Dir with a relative override = %q, %v", got, err)
	}
	t.Setenv("OMAMORI_CONFIG_DIR", "")
	t.Setenv("XDG_CONFIG_HOME", "/x/config")
	t.Setenv("HOME", "/x/home")
	got, err = config.Dir()
	want, _ := os.UserConfigDir()
	if err != nil || got != filepath.Join(want, "Omamori") {
		t.Fatalf("Dir = %q, %v; want %s/Omamori", got, err, want)
	}
}

// A folder that is missing is fine (made on the first write); a file
// where the folder should be is blamed on the folder, in both languages.
func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	if err := config.CheckDir(filepath.Join(dir, "not-yet")); err != nil {
		t.Fatalf("missing folder: %v", err)
	}
	if err := config.CheckDir(dir); err != nil {
		t.Fatalf("readable folder: %v", err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := config.CheckDir(file)
	if !errors.Is(err, config.ErrDir) {
		t.Fatalf("file as folder: %v, want ErrDir", err)
	}
	for _, l := range []i18n.Lang{i18n.EN, i18n.JA} {
		if msg := i18n.Localize(err, l); !strings.Contains(msg, file) {
			t.Errorf("%s: %q does not name the folder", l, msg)
		}
	}
}

// The policy folder is one only an administrator can write, on each OS;
// the environment moves it (tests, portable set-ups).
func TestPolicyDir(t *testing.T) {
	for _, tt := range []struct{ goos, pd, want string }{
		{"windows", `D:\ProgramData`, `D:\ProgramData\Omamori`},
		{"windows", "", `C:\ProgramData\Omamori`},
		{"darwin", "", "/Library/Application Support/Omamori"},
		{"linux", "", "/etc/omamori"},
		{"freebsd", "", "/etc/omamori"},
	} {
		if got := config.PolicyDirFor(tt.goos, tt.pd); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.goos, tt.pd, got, tt.want)
		}
	}
	t.Setenv(config.PolicyEnv, "")
	if got := config.PolicyDir(); got != config.PolicyDirFor(runtime.GOOS, os.Getenv("ProgramData")) {
		t.Errorf("PolicyDir = %q", got)
	}
	t.Setenv(config.PolicyEnv, "rel/policy")
	wd, _ := os.Getwd()
	if got := config.PolicyDir(); got != filepath.Join(wd, "rel", "policy") {
		t.Errorf("PolicyDir with override = %q", got)
	}
}
