package accounts

import (
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
