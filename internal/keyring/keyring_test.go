package keyring_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/keyring"
	"github.com/omamori-app/omamori/internal/keyring/keyringtest"
	"github.com/omamori-app/omamori/internal/testenv"
)

var _ accounts.SecretStore = (*keyring.Secrets)(nil)

// The same contract against the fake and the real keyring: the fake that
// other packages test with behaves as the real thing does.
func TestContract(t *testing.T) {
	stores := []struct {
		name string
		new  func(t *testing.T) accounts.SecretStore
	}{
		{"fake", func(*testing.T) accounts.SecretStore { return accountstest.NewSecrets() }},
		{"real", func(t *testing.T) accounts.SecretStore { return keyringtest.Real(t) }},
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) { accountstest.TestSecretStore(t, s.new(t)) })
	}
}

func TestItemsFiledUnderService(t *testing.T) {
	s := keyringtest.Real(t)
	id := accountstest.RandomID(t)
	if err := s.Set(id, "JBSWY3DPEHPK3PXP"); err != nil {
		t.Fatal(err)
	}
	if got := keyringtest.IDs(t, s.Service); !slices.Equal(got, []string{id}) {
		t.Fatalf("items under %s: %v, want [%s]", s.Service, got, id)
	}
	other := keyring.New(s.Service + "-other")
	if _, found, err := other.Get(id); err != nil || found {
		t.Fatalf("another service sees the item: found=%v err=%v", found, err)
	}
	keyringtest.Clear(t, s.Service, id)
	if _, found, err := s.Get(id); err != nil || found {
		t.Fatalf("Get after secret-tool clear: found=%v err=%v", found, err)
	}
}

func TestDefaultService(t *testing.T) {
	if got := keyring.New("").Service; got != "omamori" {
		t.Fatalf("New(\"\").Service = %q", got)
	}
}

// childEnv marks a re-executed test binary; it runs TestChild only.
const childEnv = "OMAMORI_KEYRING_CHILD"

// TestUnavailable runs TestChild in a process whose keyring cannot be
// used in each way Linux users meet: no session bus; a bus whose
// Secret Service has no keyring and cannot prompt; a locked keyring.
func TestUnavailable(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := []string{exe, "-test.run=^TestChild$", "-test.v"}
	cases := []struct {
		name  string
		needs []string
		argv  []string
		env   []string
	}{
		{"no bus", nil, child, []string{"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(t.TempDir(), "nobus")}},
		{"no keyring, no prompter", []string{"dbus-run-session"},
			append([]string{"dbus-run-session", "--"}, child...), nil},
		{"locked", []string{"dbus-run-session", "gnome-keyring-daemon", "dbus-send"},
			append([]string{"dbus-run-session", "--", "sh", "-c", `mkdir -p "$XDG_DATA_HOME/keyrings" &&
echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null &&
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null &&
exec "$@"`, "sh"}, child...), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, tool := range c.needs {
				if _, err := exec.LookPath(tool); err != nil {
					testenv.Missing(t, tool+" not found")
				}
			}
			cmd := exec.Command(c.argv[0], c.argv[1:]...)
			// Its own HOME and XDG folders: no keyring yet, and a keyring
			// daemon started there stays away from the other tests' one.
			// No display: a prompt fails at once instead of waiting.
			home := t.TempDir()
			cmd.Env = append(os.Environ(), childEnv+"=1", "DISPLAY=", "WAYLAND_DISPLAY=", "HOME="+home,
				"XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
				"XDG_CACHE_HOME="+filepath.Join(home, "cache"), "XDG_RUNTIME_DIR=")
			cmd.Env = append(cmd.Env, c.env...)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestChild") {
				t.Fatalf("child: %v\n%s", err, out)
			}
			t.Logf("child:\n%s", out)
		})
	}
}

// TestChild checks every operation fails with an error that tells the
// user what to do. It runs only inside TestUnavailable.
func TestChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("runs inside TestUnavailable")
	}
	s := keyring.New("omamori-test-unavailable")
	s.Timeout = 30 * time.Second
	hung := os.Getenv(childEnv) == "timeout"
	if hung {
		s.Timeout = 500 * time.Millisecond
	}
	id := accountstest.RandomID(t)
	_, found, getErr := s.Get(id)
	if found {
		t.Error("Get found an item")
	}
	_, getManyErr := s.GetMany([]string{id, accountstest.RandomID(t)})
	for op, err := range map[string]error{
		"Get":     getErr,
		"GetMany": getManyErr,
		"Set":     s.Set(id, "JBSWY3DPEHPK3PXP"),
		"Delete":  s.Delete(id),
	} {
		var ue *i18n.Error
		if !errors.As(err, &ue) || !errors.Is(err, keyring.ErrUnavailable) {
			t.Errorf("%s: %v, want an *i18n.Error wrapping ErrUnavailable", op, err)
			continue
		}
		t.Logf("%s: %s", op, err)
		if hung && !errors.Is(err, keyring.ErrTimeout) {
			t.Errorf("%s: %v, want ErrTimeout", op, err)
		}
		// A hung keyring is said to have timed out; any other failure
		// gets the log-in-again hint.
		wantJA, wantEN := "もう一度ログインして", "log in again"
		if hung {
			wantJA, wantEN = "時間内に応答がありません", "did not answer in time"
		}
		if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, wantJA) {
			t.Errorf("%s: Japanese text lacks %q: %s", op, wantJA, ja)
		}
		if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, wantEN) {
			t.Errorf("%s: English text lacks %q: %s", op, wantEN, en)
		}
		if strings.Contains(err.Error(), "JBSWY3DPEHPK3PXP") {
			t.Errorf("%s: the error shows the secret", op)
		}
	}
}

// TestTimeout gives the child a session bus that accepts connections
// and never answers, as a hung keyring daemon would: the call must come
// back with an error after Timeout instead of blocking forever.
func TestTimeout(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestChild$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=timeout", "DBUS_SESSION_BUS_ADDRESS="+testenv.HungBus(t))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestChild") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// Every Japanese message reads as Japanese (not an English copy left in).
func TestJapaneseCatalog(t *testing.T) {
	read := func(name string) map[string]string {
		b, err := os.ReadFile(filepath.Join("locales", name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	en, ja := read("en.json"), read("ja.json")
	for k, v := range ja {
		if !strings.ContainsFunc(v, func(r rune) bool { return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) }) || v == en[k] {
			t.Errorf("ja %s is not Japanese: %q", k, v)
		}
	}
}
