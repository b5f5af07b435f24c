package settings

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/omamori-app/omamori/internal/config"
)

func TestLoadMissingGivesDefaults(t *testing.T) {
	s, err := Load(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if s.ClearAfter() != DefaultClearSeconds || s.HideOnClose() != (runtime.GOOS != "linux") || s.Language != "" {
		t.Errorf("defaults wrong: %+v", s)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub")
	off := false
	want := Settings{Language: "ja", ClearSeconds: -1, LargeText: true, Theme: "dark", StartHidden: true, CloseToTray: &off}
	if err := Save(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != "ja" || got.ClearAfter() != -1 || !got.LargeText || got.Theme != "dark" || !got.StartHidden || got.HideOnClose() {
		t.Errorf("round trip: %+v", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

func TestBrokenFileStillStarts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, config.Settings), []byte("{not json"), 0o600)
	s, err := Load(dir)
	if err == nil {
		t.Error("broken file gave no error")
	}
	if s.ClearAfter() != DefaultClearSeconds {
		t.Errorf("broken file did not give defaults: %+v", s)
	}
}
