package config_test

import (
	"errors"
	"os"
	"path/filepath"
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
