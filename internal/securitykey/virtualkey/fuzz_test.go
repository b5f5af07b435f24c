package virtualkey

import (
	"context"
	"testing"
	"time"
)

// FuzzCTAP2 feeds arbitrary requests to a key with a PIN and a credential:
// it must answer every one with a status and never panic or hang.
func FuzzCTAP2(f *testing.F) {
	for _, seed := range [][]byte{
		{CmdGetInfo},
		{CmdClientPIN, 0xa2, 0x01, 0x01, 0x02, 0x02},
		{CmdMakeCredential, 0xa1, 0x01, 0x40},
		{CmdGetAssertion, 0xa2, 0x01, 0x61, 0x61, 0x02, 0x40},
		{CmdCredMgmtPreview, 0xa1, 0x01, 0x02},
		{CmdCredMgmt, 0xa2, 0x01, 0x04, 0x02, 0xa1, 0x01, 0x40},
		{CmdGetNextAssertion},
		{CmdReset},
	} {
		f.Add(seed)
	}
	k, err := New(Options{Presence: NewTouchPad(time.Millisecond)})
	if err != nil {
		f.Fatal(err)
	}
	k.SetPresence(AlwaysPresent)
	_ = k.SetPIN(context.Background(), "1234")
	// An hmac-secret credential, so getAssertion's extension input is reached.
	_, _ = k.MakeHMACCredential(context.Background(), "1234", "a.example", "", User{ID: []byte{1}}, make([]byte, 32), true)
	point := map[int]any{1: 2, 3: -25, -1: 1, -2: make([]byte, 32), -3: make([]byte, 32)}
	hs, _ := encMode.Marshal(map[int]any{1: "a.example", 2: make([]byte, 32),
		4: map[string]any{"hmac-secret": map[int]any{1: point, 2: make([]byte, 32), 3: make([]byte, 16), 4: 1}}})
	f.Add(append([]byte{CmdGetAssertion}, hs...))
	k.ExpireResetWindow() // keep the state for every input
	f.Fuzz(func(t *testing.T, req []byte) {
		resp := k.CTAP2(context.Background(), req)
		if len(resp) == 0 {
			t.Fatal("empty response")
		}
	})
}

// FuzzHID feeds arbitrary reports to a CTAPHID connection.
func FuzzHID(f *testing.F) {
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x86, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(make([]byte, 65))
	k, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	c := k.NewHIDConn(func([]byte) error { return nil })
	f.Fuzz(func(t *testing.T, report []byte) {
		if len(report) < 64 {
			report = append(report, make([]byte, 64-len(report))...)
		}
		c.Receive(report)
	})
}
