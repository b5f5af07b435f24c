package backupview

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/accounts/accountstest"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/profile"
)

// The QR code goes away by itself when its time is up.
func TestPhoneQRHidesItself(t *testing.T) {
	defer func(d time.Duration) { showFor = d }(showFor)
	showFor = 2 * time.Second
	a := test.NewTempApp(t)
	w := a.NewWindow("t")
	w.Show()
	defer w.Close()
	s, err := accounts.Open(t.TempDir(), accountstest.NewSecrets())
	if err != nil {
		t.Fatal(err)
	}
	acct, err := s.Add("A", newaccount.Details{Secret: accountstest.RandomKey(t, 20), Profile: profile.SmartOTP})
	if err != nil {
		t.Fatal(err)
	}
	p := &Phone{w: w}
	p.ShowQR(s, acct.ID)
	if !p.Shown() {
		t.Fatal("not shown")
	}
	deadline := time.Now().Add(10 * time.Second)
	for p.Shown() {
		if time.Now().After(deadline) {
			t.Fatal("the QR code stayed on screen")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
