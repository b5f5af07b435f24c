package accounts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ConfigDir is where Omamori keeps its account list: $OMAMORI_CONFIG_DIR
// if set (made absolute), else the OS's user config directory + "Omamori"
// (~/.config/Omamori, ~/Library/Application Support/Omamori,
// %AppData%\Omamori).
func ConfigDir() (string, error) {
	if d := os.Getenv("OMAMORI_CONFIG_DIR"); d != "" {
		return filepath.Abs(d)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", userErr(ErrStorage, cat.M("no_config_dir"), cat.M("hint_no_config_dir"))
	}
	return filepath.Join(base, "Omamori"), nil
}

// CheckDir reports a settings folder that exists but cannot be read (its
// permissions, or a file where the folder should be), so that the folder
// is blamed rather than the first file read from it. A missing folder is
// fine: it is made on the first write.
func CheckDir(dir string) error {
	_, err := os.ReadDir(dir)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return userErr(fmt.Errorf("%w: %w", ErrStorage, err), cat.M("dir_unreadable", "Dir", dir), cat.M("hint_dir_unreadable", "Dir", dir))
}
