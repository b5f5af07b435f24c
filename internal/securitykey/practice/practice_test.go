package practice

import (
	"context"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// The rehearsal a help desk walks through: the key shows up, gets a PIN,
// a wrong PIN is explained, the self-test waits for the touch button.
func TestRehearsal(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := securitykey.New(d)
	ctx := context.Background()
	ks, err := s.List()
	if err != nil || len(ks) != 1 || !ks[0].Practice || ks[0].PIN != securitykey.PINNotSet {
		t.Fatalf("list %+v %v", ks, err)
	}
	if ks[0].Name(i18n.JA) != "練習用キー（仮想）" {
		t.Fatal(ks[0].Name(i18n.JA))
	}
	if err := s.SetPIN(ctx, Path, "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePIN(ctx, Path, "0000", "5678", "5678"); i18n.MessageKey(err) != "pin_wrong" {
		t.Fatalf("wrong PIN: %v", err)
	}
	s.OnTouch(func(securitykey.Touch) func() {
		go func() {
			for !d.WaitingForTouch() {
				time.Sleep(time.Millisecond)
			}
			d.Touch() // the "touch" button on the practice screen
		}()
		return nil
	})
	res, err := s.Test(ctx, Path, "1234")
	if err != nil || !res.SignatureValid || !res.UserVerified {
		t.Fatalf("self-test %+v %v", res, err)
	}
	if ks, _ := s.List(); ks[0].PINRetries != 8 {
		t.Fatalf("retries not restored by a good PIN: %d", ks[0].PINRetries)
	}
}

func TestResetWizardWithUnplugAndPlug(t *testing.T) {
	d, err := New(Options{AutoTouch: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s := securitykey.New(d)
	ctx := context.Background()
	if err := s.SetPIN(ctx, Path, "1234", "1234"); err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(20 * time.Millisecond); d.Unplug() }()
	path, err := s.WaitReplug(ctx, Path, func() { _ = d.Plug() })
	if err != nil || path != Path {
		t.Fatalf("WaitReplug %q %v", path, err)
	}
	if err := s.Reset(ctx, path); err != nil {
		t.Fatal(err)
	}
	if ks, _ := s.List(); ks[0].PIN != securitykey.PINNotSet {
		t.Fatalf("after reset %+v", ks[0])
	}
}

func TestResetOutsideWindow(t *testing.T) {
	d, err := New(Options{AutoTouch: time.Millisecond, ResetWindow: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(30 * time.Millisecond)
	if err := securitykey.New(d).Reset(context.Background(), Path); i18n.MessageKey(err) != "reset_not_allowed" {
		t.Fatalf("err %v", err)
	}
}

func TestCancelAndUnplugDuringTouch(t *testing.T) {
	d, err := New(Options{TouchTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := securitykey.New(d)
	ctx, cancel := context.WithCancel(context.Background())
	s.OnTouch(func(securitykey.Touch) func() { go cancel(); return nil })
	if _, err := s.Test(ctx, Path, ""); i18n.MessageKey(err) != "cancelled" {
		t.Fatalf("cancel: %v", err)
	}
	if d.WaitingForTouch() {
		t.Fatal("still waiting after cancel")
	}
	s.OnTouch(func(securitykey.Touch) func() {
		go func() {
			for !d.WaitingForTouch() {
				time.Sleep(time.Millisecond)
			}
			d.Unplug()
		}()
		return nil
	})
	if _, err := s.Test(context.Background(), Path, ""); i18n.MessageKey(err) != "removed" {
		t.Fatalf("unplug: %v", err)
	}
}

func TestNoTouchTimesOut(t *testing.T) {
	d, err := New(Options{TouchTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := securitykey.New(d).Test(context.Background(), Path, ""); i18n.MessageKey(err) != "timeout" {
		t.Fatalf("err %v", err)
	}
}
