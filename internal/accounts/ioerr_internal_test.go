package accounts

import (
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

// A settings folder Omamori may not write (mode 000, another user's, a
// read-only disk) is told as such, not as "Restart the PC". Tests run as
// root here, where mode 000 does not stop a read: so the errors the
// system gives are made up.
func TestStorageErrorsSayWhatIsWrong(t *testing.T) {
	s := &Store{dir: "/home/u/.config/Omamori"}
	for errno, want := range map[syscall.Errno]string{syscall.EACCES: "not allowed", syscall.EPERM: "not allowed", syscall.EROFS: "read-only"} {
		err := s.ioErr(&fs.PathError{Op: "open", Path: s.dir + "/accounts.json", Err: errno})
		for _, l := range []i18n.Lang{i18n.EN, i18n.JA} {
			msg := i18n.Localize(err, l)
			if strings.Contains(msg, "Restart") || strings.Contains(msg, "再起動") {
				t.Errorf("%v (%s): %s", errno, l, msg)
			}
		}
		if msg := i18n.Localize(err, i18n.EN); !strings.Contains(msg, want) {
			t.Errorf("%v: %s", errno, msg)
		}
	}
}
