package update_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/update"
)

// fakeWindows is an Installer as on Windows, with the signature check and
// the start recorded instead of made (the real ones run under wine:
// scripts/windows-authenticode.sh, scripts/windows-update.sh).
type fakeWindows struct {
	signed  error // what the Authenticode check says
	started []string
	sawFile []byte // the file as it was when started
}

func (f *fakeWindows) installer() update.Installer {
	return update.Installer{
		GOOS: "windows", Publisher: "Omamori Test",
		Authenticode: func(path, pub string) error {
			if pub != "Omamori Test" {
				return errors.New("wrong publisher asked for: " + pub)
			}
			return f.signed
		},
		Start: func(path string, args []string) error {
			f.started = append([]string{path}, args...)
			f.sawFile, _ = os.ReadFile(path)
			return nil
		},
	}
}

func service(t *testing.T, s *feedServer, k testKey, in update.Installer) (*update.Service, *update.Result, string) {
	t.Helper()
	_, r := checked(t, s, k)
	parent := filepath.Join(t.TempDir(), "updates")
	svc := &update.Service{Dir: t.TempDir(), PolicyDir: t.TempDir(), Checker: *s.checker(t, k, "1.3.2"),
		Installer: in, DownloadDir: parent}
	return svc, r, parent
}

// The verified installer is started silently, per user, with /RUN; it is
// the file the feed signed.
func TestInstallStartsVerifiedInstaller(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	f := &fakeWindows{}
	svc, r, parent := service(t, s, k, f.installer())
	if err := svc.Install(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if len(f.started) != 3 || f.started[1] != "/S" || f.started[2] != "/RUN" ||
		!strings.HasPrefix(f.started[0], parent) || filepath.Base(f.started[0]) != "Omamori-Setup.exe" {
		t.Fatalf("started %q", f.started)
	}
	if string(f.sawFile) != string(installer) {
		t.Errorf("started file = %q", f.sawFile)
	}
	// The next start of Omamori removes what the installer left.
	update.CleanDownloads(parent)
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		t.Errorf("left after CleanDownloads: %v", left)
	}
}

// A file changed after the download (one byte) is refused just before
// it would run, deleted, and never started.
func TestInstallRefusesFileChangedAfterDownload(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	f := &fakeWindows{}
	c, r := checked(t, s, k)
	dl, err := c.Download(context.Background(), r, filepath.Join(t.TempDir(), "updates"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dl.Path)
	b[len(b)/2] ^= 1
	if err := os.WriteFile(dl.Path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	err = f.installer().Install(dl)
	if !errors.Is(err, update.ErrHash) {
		t.Fatalf("err = %v, want ErrHash", err)
	}
	if f.started != nil {
		t.Error("a changed installer was started")
	}
	if _, err := os.Stat(dl.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("refused file kept: %v", err)
	}
}

// An installer whose Authenticode signature is not ours is deleted and
// not started; the message says so and that this version keeps working.
func TestInstallRefusesWrongSignature(t *testing.T) {
	s, k := newFeedServer(t), newKey(t)
	s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
	f := &fakeWindows{signed: errors.Join(update.ErrAuthenticode, errors.New("another publisher"))}
	svc, r, parent := service(t, s, k, f.installer())
	err := svc.Install(context.Background(), r)
	if !errors.Is(err, update.ErrAuthenticode) {
		t.Fatalf("err = %v, want ErrAuthenticode", err)
	}
	if f.started != nil {
		t.Error("a wrongly signed installer was started")
	}
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		t.Errorf("refused download kept: %v", left)
	}
}

// Linux and macOS: nothing is downloaded or run; the message says what to
// do instead (the package manager; the download page).
func TestInstallElsewhereTellsWhatToDo(t *testing.T) {
	for goos, want := range map[string]string{"linux": "apt", "darwin": update.DownloadPage} {
		s, k := newFeedServer(t), newKey(t)
		s.publish(t, k, s.sampleFeed("1.4.0", installer), installer)
		f := &fakeWindows{}
		in := f.installer()
		in.GOOS = goos
		svc, r, parent := service(t, s, k, in)
		err := svc.Install(context.Background(), r)
		if !errors.Is(err, update.ErrNotInstallable) {
			t.Fatalf("%s: err = %v", goos, err)
		}
		for _, l := range []i18n.Lang{i18n.EN, i18n.JA} {
			if msg := i18n.Localize(err, l); !strings.Contains(msg, want) {
				t.Errorf("%s %s: %q lacks %q", goos, l, msg, want)
			}
		}
		if _, err := os.Stat(parent); !errors.Is(err, os.ErrNotExist) || f.started != nil {
			t.Errorf("%s: downloaded or started (%v, %q)", goos, err, f.started)
		}
	}
}

// The real start: the installer runs as its own process with the
// arguments (a shell script standing in for Setup.exe).
func TestStartDetachedRunsInstaller(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell script stands in for Setup.exe")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "ran")
	script := filepath.Join(dir, "setup.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$@\" > "+out+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := update.StartDetached(script, update.InstallerArgs); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if b, err := os.ReadFile(out); err == nil && strings.TrimSpace(string(b)) == "/S /RUN" {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("the installer did not run with /S /RUN")
}
