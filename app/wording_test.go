package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The brokers address their customers as 「お客さま」 (seed 002), never
// 「あなた」: every Japanese catalog, the window's and the core's, says so
// the same way.
func TestJapaneseAddressesTheCustomer(t *testing.T) {
	var files []string
	for _, pattern := range []string{"locales/ja.json", "*/locales/ja.json", "../internal/*/locales/ja.json", "../internal/*/*/locales/ja.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found only %d catalogs: %v", len(files), files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "あなた") {
			t.Errorf("%s says 「あなた」; say 「お客さま」", f)
		}
	}
}
