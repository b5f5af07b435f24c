package update_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

// Automatic installs only on Windows, only a verified download, and
// only when nobody is using Omamori: the window in the tray, no copied
// code waiting to be cleared, no dialog open; or at quit.
func TestDecide(t *testing.T) {
	const (
		tell    = update.Tell
		wait    = update.Wait
		tray    = update.InstallInTray
		atQuit  = update.InstallAtQuit
		auto    = update.ModeAutomatic
		notify  = update.ModeNotify
		windows = "windows"
	)
	for _, c := range []struct {
		name string
		m    update.Moment
		want update.Action
	}{
		{"notify, idle", update.Moment{Mode: notify, GOOS: windows, Ready: true}, tell},
		{"notify, quitting", update.Moment{Mode: notify, GOOS: windows, Ready: true, Quitting: true}, tell},
		{"off", update.Moment{Mode: update.ModeOff, GOOS: windows, Ready: true}, tell},
		{"automatic on Linux", update.Moment{Mode: auto, GOOS: "linux", Ready: true}, tell},
		{"automatic on Linux at quit", update.Moment{Mode: auto, GOOS: "linux", Ready: true, Quitting: true}, tell},
		{"automatic on macOS", update.Moment{Mode: auto, GOOS: "darwin", Ready: true}, tell},
		{"still downloading", update.Moment{Mode: auto, GOOS: windows}, wait},
		{"still downloading at quit", update.Moment{Mode: auto, GOOS: windows, Quitting: true}, wait},
		{"in the tray", update.Moment{Mode: auto, GOOS: windows, Ready: true}, tray},
		{"window shown", update.Moment{Mode: auto, GOOS: windows, Ready: true, Shown: true}, wait},
		{"in the tray, code on the clipboard", update.Moment{Mode: auto, GOOS: windows, Ready: true, CopyPending: true}, wait},
		{"in the tray, dialog open", update.Moment{Mode: auto, GOOS: windows, Ready: true, DialogOpen: true}, wait},
		{"shown, dialog open, copy", update.Moment{Mode: auto, GOOS: windows, Ready: true, Shown: true, DialogOpen: true, CopyPending: true}, wait},
		{"quitting, shown, dialog, copy", update.Moment{Mode: auto, GOOS: windows, Ready: true, Shown: true, DialogOpen: true, CopyPending: true, Quitting: true}, atQuit},
		{"quitting from the tray", update.Moment{Mode: auto, GOOS: windows, Ready: true, Quitting: true}, atQuit},
	} {
		if got := update.Decide(c.m); got != c.want {
			t.Errorf("%s: Decide(%+v) = %v, want %v", c.name, c.m, got, c.want)
		}
	}
}

// In the tray the new version starts in the tray; at quit nothing starts.
func TestActionArgs(t *testing.T) {
	for a, want := range map[update.Action][]string{
		update.InstallInTray: {"/S", "/RUN", "/TRAY"},
		update.InstallAtQuit: {"/S", "/WAIT"},
		update.Tell:          {"/S", "/RUN"}, // 「更新する」
	} {
		if got := a.Args(); !slices.Equal(got, want) {
			t.Errorf("%v.Args() = %q, want %q", a, got, want)
		}
	}
}

// doctor says what automatic does on each system, in both languages.
func TestModeLabel(t *testing.T) {
	for _, c := range []struct {
		goos   string
		en, ja string
	}{
		{"windows", "installed when Omamori is only in the tray", "トレイにあるとき"},
		{"linux", "apt", "apt"},
		{"darwin", update.DownloadPage, update.DownloadPage},
	} {
		m := update.ModeLabel(update.ModeAutomatic, c.goos)
		if got := m.In(i18n.EN); !strings.Contains(got, c.en) {
			t.Errorf("%s en: %q", c.goos, got)
		}
		if got := m.In(i18n.JA); !strings.Contains(got, c.ja) {
			t.Errorf("%s ja: %q", c.goos, got)
		}
	}
	if got := update.ModeLabel(update.ModeNotify, "windows").In(i18n.EN); got != "notify" {
		t.Errorf("notify: %q", got)
	}
}

// Prepare downloads and verifies without starting anything; InstallReady
// checks the file again and starts it with the action's arguments.
func TestPrepareThenInstallReady(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	f := &fakeWindows{}
	svc, r, _ := service(t, s, k, f.installer())
	dl, err := svc.Prepare(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if f.started != nil {
		t.Fatalf("Prepare started %q", f.started)
	}
	if err := svc.InstallReady(dl, update.InstallInTray); err != nil {
		t.Fatal(err)
	}
	if len(f.started) != 4 || f.started[0] != dl.Path || !slices.Equal(f.started[1:], []string{"/S", "/RUN", "/TRAY"}) {
		t.Errorf("started %q", f.started)
	}
}

// A prepared file changed while it waited for an idle moment is refused,
// deleted and not started.
func TestInstallReadyRefusesChangedFile(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	f := &fakeWindows{}
	svc, r, _ := service(t, s, k, f.installer())
	dl, err := svc.Prepare(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dl.Path)
	b[0] ^= 1
	if err := os.WriteFile(dl.Path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := svc.InstallReady(dl, update.InstallAtQuit); err == nil || f.started != nil {
		t.Fatalf("err %v, started %q", err, f.started)
	}
	if _, err := os.Stat(dl.Dir); !os.IsNotExist(err) {
		t.Errorf("the changed download is still there: %v", err)
	}
}

// Linux and macOS download nothing for an automatic update.
func TestPrepareNotOnLinux(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	svc, r, parent := service(t, s, k, update.Installer{GOOS: "linux"})
	if _, err := svc.Prepare(context.Background(), r); err == nil {
		t.Fatal("prepared on Linux")
	}
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		t.Errorf("downloaded on Linux: %v", left)
	}
}
