//go:build linux

package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/clockview"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/config"
	"github.com/omamori-app/omamori/internal/support"
	"github.com/omamori-app/omamori/internal/timesync"
	"github.com/omamori-app/omamori/internal/timesync/timesynctest"
)

// Saving other time servers in the settings restarts the clock check with
// them: two loopback SNTP servers and an HTTPS source (test CA) 72 s
// ahead then correct the codes and the banner says so. No public server
// is ever asked.
func TestSavingTimeServersRestartsTheCheck(t *testing.T) {
	a := test.NewTempApp(t)
	dir := t.TempDir()
	fast1 := timesynctest.StartSNTP(t, "127.0.0.1", 72*time.Second)
	fast2 := timesynctest.StartSNTP(t, "127.0.0.2", 72*time.Second)
	ca := timesynctest.NewCA(t)
	https := timesynctest.StartHTTPSDate(t, ca, "127.0.0.3", 72*time.Second)
	newChecker := func() (*timesync.Checker, error) {
		cfg := timesync.DefaultConfig()
		cfg.NTPServers, cfg.HTTPSServers = nil, nil // loopback only
		p, err := timesync.LoadPrefs(filepath.Join(dir, config.TimePrefs))
		if err != nil {
			return nil, err
		}
		if cfg, err = cfg.WithPrefs(p); err != nil {
			return nil, err
		}
		return timesync.New(cfg, timesync.WithHTTPClient(ca.Client()))
	}
	store, err := accounts.Open(dir, accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	clk := clockview.NewClock(newChecker, filepath.Join(dir, config.TimePrefs))
	sh := New(Deps{App: a, Store: store, ConfigDir: dir, LangForced: "ja", OnQuit: func() {}, Clock: clk})
	defer sh.Window().Close()
	defer clk.Stop()

	if d := time.Until(clk.Now()); d.Abs() > time.Second {
		t.Fatalf("corrected before any server was configured: %v", d)
	}
	if err := clk.SavePrefs(timesync.Prefs{Servers: []string{fast1.Addr, fast2.Addr, https.URL}}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Until(clk.Now()) < 70*time.Second {
		if time.Now().After(deadline) {
			t.Fatalf("codes not corrected after saving the servers: offset %v", time.Until(clk.Now()))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := clk.Prefs().Servers; len(got) != 3 {
		t.Errorf("servers not kept: %v", got)
	}
	if l := sh.clockBanner.CorrectionLabel(); !l.Visible() || !strings.Contains(l.Text, "+72") {
		t.Errorf("correction label %q (visible %v)", l.Text, l.Visible())
	}
	if sh.Facts().Clock != support.ClockWrong {
		t.Errorf("support code clock status %v, want wrong", sh.Facts().Clock)
	}

	// Turning correction off goes back to the PC clock.
	off := false
	if err := clk.SavePrefs(timesync.Prefs{Servers: []string{fast1.Addr, fast2.Addr, https.URL}, Correct: &off}); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(clk.Now()); d.Abs() > time.Second {
		t.Errorf("still corrected by %v after turning correction off", d)
	}
}
