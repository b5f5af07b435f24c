package update_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

// Under wine (scripts/windows-authenticode.sh makes the files with
// osslsigncode): a file signed by the publisher passes; a changed byte, no
// signature and another publisher's certificate are each refused with
// their own message.
func TestAuthenticode(t *testing.T) {
	dir := os.Getenv("OMAMORI_AUTHENTICODE_DIR")
	if dir == "" {
		t.Skip("needs the signed files of scripts/windows-authenticode.sh")
	}
	const publisher = "Omamori"
	if err := update.VerifyAuthenticode(filepath.Join(dir, "ours.exe"), publisher); err != nil {
		t.Fatalf("our signed file refused: %v", err)
	}
	for file, key := range map[string]string{
		"tampered.exe": "authenticode_bad",
		"unsigned.exe": "authenticode_bad",
		"other.exe":    "authenticode_publisher",
		"missing.exe":  "authenticode_bad",
	} {
		err := update.VerifyAuthenticode(filepath.Join(dir, file), publisher)
		if !errors.Is(err, update.ErrAuthenticode) || i18n.MessageKey(err) != key {
			t.Errorf("%s: %v (%s), want %s", file, err, i18n.MessageKey(err), key)
			continue
		}
		t.Logf("%s: %s", file, i18n.Localize(err, i18n.JA))
	}
}
