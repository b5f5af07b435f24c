package virtualkey

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"sync"
	"testing"
	"time"
)

var bg = context.Background()

// clock is a settable clock for the reset window.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newKey(t *testing.T, opts Options) (*Key, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}
	if opts.Now == nil {
		opts.Now = c.now
	}
	k, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return k, c
}

func wantStatus(t *testing.T, err error, want Status) {
	t.Helper()
	var got Status
	if !errors.As(err, &got) || got != want {
		t.Fatalf("got %v, want %v", err, want)
	}
}

func cdh(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

func TestInfoReflectsPIN(t *testing.T) {
	k, _ := newKey(t, Options{})
	info, err := k.Info(bg)
	if err != nil {
		t.Fatal(err)
	}
	if info.PINSet || info.PINRetries != 8 || info.AAGUID != DefaultAAGUID {
		t.Fatalf("fresh key: %+v", info)
	}
	if info.Options["pinUvAuthToken"] {
		t.Fatal("pinUvAuthToken must not be advertised (libfido2 1.12 would switch protocols)")
	}
	if err := k.SetPIN(bg, "1234"); err != nil {
		t.Fatal(err)
	}
	if info, _ = k.Info(bg); !info.PINSet {
		t.Fatal("clientPin not reported after SetPIN")
	}
}

func TestPINPolicyAndSetTwice(t *testing.T) {
	k, _ := newKey(t, Options{})
	wantStatus(t, k.SetPIN(bg, "123"), StatusPINPolicyViolation)
	if err := k.SetPIN(bg, "ピン１２"); err != nil { // 4 code points, 12 bytes
		t.Fatal(err)
	}
	wantStatus(t, k.SetPIN(bg, "5678"), StatusNotAllowed)
	if _, err := k.PINToken(bg, "ピン１２"); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, k.ChangePIN(bg, "ピン１２", "12"), StatusPINPolicyViolation)
}

func TestChangePIN(t *testing.T) {
	k, _ := newKey(t, Options{})
	wantStatus(t, k.ChangePIN(bg, "1234", "5678"), StatusPINNotSet)
	if err := k.SetPIN(bg, "1234"); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, k.ChangePIN(bg, "0000", "5678"), StatusPINInvalid)
	if err := k.ChangePIN(bg, "1234", "5678"); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, func() error { _, err := k.PINToken(bg, "1234"); return err }(), StatusPINInvalid)
	if _, err := k.PINToken(bg, "5678"); err != nil {
		t.Fatal(err)
	}
	if info, _ := k.Info(bg); info.PINRetries != 8 {
		t.Fatalf("retries after success = %d, want 8", info.PINRetries)
	}
}

func TestPINRetriesBlockUntilReplugThenForever(t *testing.T) {
	k, _ := newKey(t, Options{})
	if err := k.SetPIN(bg, "1234"); err != nil {
		t.Fatal(err)
	}
	token := func(pin string) error { _, err := k.PINToken(bg, pin); return err }
	wantStatus(t, token("0000"), StatusPINInvalid)
	wantStatus(t, token("0000"), StatusPINInvalid)
	wantStatus(t, token("0000"), StatusPINAuthBlocked)
	wantStatus(t, token("1234"), StatusPINAuthBlocked) // even the right PIN, until replug
	if info, _ := k.Info(bg); info.PINRetries != 5 {
		t.Fatalf("retries = %d, want 5", info.PINRetries)
	}
	k.Unplug()
	if err := token("1234"); !errors.Is(err, ErrUnplugged) {
		t.Fatalf("unplugged: %v", err)
	}
	if err := k.Plug(); err != nil {
		t.Fatal(err)
	}
	// 5 left: 3 more wrong, replug, 2 more wrong → blocked for good.
	for i := 0; i < 2; i++ {
		wantStatus(t, token("0000"), StatusPINInvalid)
	}
	wantStatus(t, token("0000"), StatusPINAuthBlocked)
	k.Unplug()
	_ = k.Plug()
	wantStatus(t, token("0000"), StatusPINInvalid)
	wantStatus(t, token("0000"), StatusPINBlocked)
	wantStatus(t, token("1234"), StatusPINBlocked)
	k.Unplug()
	_ = k.Plug()
	wantStatus(t, token("1234"), StatusPINBlocked)
	if info, _ := k.Info(bg); info.PINRetries != 0 {
		t.Fatalf("retries = %d, want 0", info.PINRetries)
	}
}

func TestCorrectPINResetsRetries(t *testing.T) {
	k, _ := newKey(t, Options{})
	_ = k.SetPIN(bg, "1234")
	_, _ = k.PINToken(bg, "0000")
	_, _ = k.PINToken(bg, "0000")
	if info, _ := k.Info(bg); info.PINRetries != 6 {
		t.Fatalf("retries = %d, want 6", info.PINRetries)
	}
	if _, err := k.PINToken(bg, "1234"); err != nil {
		t.Fatal(err)
	}
	if info, _ := k.Info(bg); info.PINRetries != 8 {
		t.Fatalf("retries = %d, want 8", info.PINRetries)
	}
	// The consecutive count restarted too: two more wrong are not blocked.
	_, _ = k.PINToken(bg, "0000")
	wantStatus(t, func() error { _, err := k.PINToken(bg, "0000"); return err }(), StatusPINInvalid)
}

func TestMakeCredentialAndAssert(t *testing.T) {
	k, _ := newKey(t, Options{})
	u := User{ID: []byte{1, 2, 3}, Name: "taro", DisplayName: "三菱 太郎"}
	att, err := k.MakeCredential(bg, "", "example.jp", "Example", u, cdh("c1"), false)
	if err != nil {
		t.Fatal(err)
	}
	if att.Format != "packed" || !(&Assertion{AuthData: att.AuthData, Signature: att.Signature}).Verify(att.PublicKey, cdh("c1")) {
		t.Fatal("self attestation does not verify")
	}
	a, err := k.GetAssertion(bg, "", "example.jp", cdh("c2"), att.CredID)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Verify(att.PublicKey, cdh("c2")) || !bytes.Equal(a.CredID, att.CredID) {
		t.Fatal("assertion does not verify")
	}
	if a.Verify(att.PublicKey, cdh("other")) {
		t.Fatal("assertion verifies for another challenge")
	}
	if a.AuthData[32]&flagUP == 0 {
		t.Fatal("UP flag not set")
	}
	// Wrong rp: the credential is not this rp's.
	_, err = k.GetAssertion(bg, "", "evil.example", cdh("c3"), att.CredID)
	wantStatus(t, err, StatusNoCredentials)
	// Not discoverable: no allow list finds nothing.
	_, err = k.GetAssertion(bg, "", "example.jp", cdh("c3"))
	wantStatus(t, err, StatusNoCredentials)
}

func TestPINRequiredAndUV(t *testing.T) {
	k, _ := newKey(t, Options{})
	_ = k.SetPIN(bg, "1234")
	u := User{ID: []byte{9}}
	_, err := k.MakeCredential(bg, "", "example.jp", "", u, cdh("c"), true)
	wantStatus(t, err, StatusPINRequired)
	att, err := k.MakeCredential(bg, "1234", "example.jp", "", u, cdh("c"), true)
	if err != nil {
		t.Fatal(err)
	}
	if att.AuthData[32]&flagUV == 0 {
		t.Fatal("UV flag not set with PIN")
	}
	_, err = k.MakeCredential(bg, "9999", "example.jp", "", u, cdh("c"), true)
	wantStatus(t, err, StatusPINInvalid)
}

func TestResidentCredentialsManagement(t *testing.T) {
	k, _ := newKey(t, Options{MaxResident: 3})
	_ = k.SetPIN(bg, "1234")
	var ids [][]byte
	for i, rp := range []string{"a.example", "b.example", "a.example"} {
		att, err := k.MakeCredential(bg, "1234", rp, "RP "+rp, User{ID: []byte{byte(i)}, Name: "u"}, cdh("c"), true)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, att.CredID)
	}
	_, err := k.MakeCredential(bg, "1234", "c.example", "", User{ID: []byte{7}}, cdh("c"), true)
	wantStatus(t, err, StatusKeyStoreFull)
	// Same rp and user replaces instead of filling a slot.
	if _, err := k.MakeCredential(bg, "1234", "b.example", "", User{ID: []byte{1}, Name: "new"}, cdh("c"), true); err != nil {
		t.Fatalf("replacing a credential: %v", err)
	}
	md, err := k.CredentialsMetadata(bg, "1234")
	if err != nil || md != (Metadata{3, 0}) {
		t.Fatalf("metadata %+v %v", md, err)
	}
	creds, err := k.Credentials(bg, "1234")
	if err != nil || len(creds) != 3 {
		t.Fatalf("credentials %+v %v", creds, err)
	}
	byRP := map[string]int{}
	for _, c := range creds {
		byRP[c.RPID]++
	}
	if byRP["a.example"] != 2 || byRP["b.example"] != 1 {
		t.Fatalf("by rp: %v", byRP)
	}

	// Discoverable assertion: two for a.example, newest first.
	a, err := k.GetAssertion(bg, "", "a.example", cdh("x"))
	if err != nil || a.Count != 2 || !bytes.Equal(a.CredID, ids[2]) {
		t.Fatalf("first assertion %+v %v", a, err)
	}
	b, err := k.GetNextAssertion(bg)
	if err != nil || !bytes.Equal(b.CredID, ids[0]) {
		t.Fatalf("next assertion %+v %v", b, err)
	}
	_, err = k.GetNextAssertion(bg)
	wantStatus(t, err, StatusNotAllowed)

	if err := k.DeleteCredential(bg, "1234", ids[0]); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, k.DeleteCredential(bg, "1234", ids[0]), StatusNoCredentials)
	_, err = k.GetAssertion(bg, "", "a.example", cdh("x"), ids[0])
	wantStatus(t, err, StatusNoCredentials) // deleted: its id no longer works
	if md, _ := k.CredentialsMetadata(bg, "1234"); md != (Metadata{2, 1}) {
		t.Fatalf("metadata after delete %+v", md)
	}
	// credential management needs a valid token
	wantStatus(t, k.credMgmtCall(bg, make([]byte, 32), cmGetCredsMetadata, nil, nil), StatusPINAuthInvalid)
}

func TestExcludeList(t *testing.T) {
	k, _ := newKey(t, Options{})
	att, err := k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false)
	if err != nil {
		t.Fatal(err)
	}
	req := map[int]any{
		1: cdh("c"), 2: map[string]any{"id": "example.jp"}, 3: map[string]any{"id": []byte{2}},
		4: []credParam{{Alg: -7, Type: "public-key"}},
		5: []credDesc{{Type: "public-key", ID: att.CredID}},
	}
	wantStatus(t, k.call(bg, CmdMakeCredential, req, nil), StatusCredentialExcluded)
	req[4] = []credParam{{Alg: -257, Type: "public-key"}}
	delete(req, 5)
	wantStatus(t, k.call(bg, CmdMakeCredential, req, nil), StatusUnsupportedAlg)
}

func TestResetWindow(t *testing.T) {
	k, c := newKey(t, Options{})
	_ = k.SetPIN(bg, "1234")
	_, _ = k.MakeCredential(bg, "1234", "example.jp", "", User{ID: []byte{1}}, cdh("c"), true)
	c.add(11 * time.Second)
	wantStatus(t, k.Reset(bg), StatusNotAllowed)
	k.Unplug()
	_ = k.Plug()
	c.add(9 * time.Second)
	if err := k.Reset(bg); err != nil {
		t.Fatal(err)
	}
	info, _ := k.Info(bg)
	if info.PINSet || len(k.State().Resident) != 0 {
		t.Fatalf("reset left PIN or credentials: %+v", info)
	}
}

func TestPresence(t *testing.T) {
	k, _ := newKey(t, Options{Presence: NeverPresent})
	_, err := k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false)
	wantStatus(t, err, StatusOperationDenied)

	pad := NewTouchPad(50 * time.Millisecond)
	k.SetPresence(pad)
	_, err = k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false)
	wantStatus(t, err, StatusUserActionTimeout)

	pad = NewTouchPad(10 * time.Second)
	k.SetPresence(pad)
	go func() { <-pad.Requests(); k.Touch() }()
	if _, err := k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false); err != nil {
		t.Fatalf("touched: %v", err)
	}

	ctx, cancel := context.WithCancel(bg)
	go func() { <-pad.Requests(); cancel() }()
	_, err = k.MakeCredential(ctx, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false)
	wantStatus(t, err, StatusKeepaliveCancel)

	go func() { <-pad.Requests(); k.Unplug() }()
	_, err = k.MakeCredential(bg, "", "example.jp", "", User{ID: []byte{1}}, cdh("c"), false)
	if !errors.Is(err, ErrUnplugged) {
		t.Fatalf("unplugged mid-touch: %v", err)
	}
}

func TestStateSurvivesRoundTrip(t *testing.T) {
	k, _ := newKey(t, Options{})
	_ = k.SetPIN(bg, "1234")
	att, err := k.MakeCredential(bg, "1234", "example.jp", "", User{ID: []byte{1}}, cdh("c"), true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := MarshalState(k.State())
	if err != nil {
		t.Fatal(err)
	}
	st, err := UnmarshalState(b)
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := newKey(t, Options{State: &st})
	a, err := k2.GetAssertion(bg, "1234", "example.jp", cdh("d"))
	if err != nil || !a.Verify(att.PublicKey, cdh("d")) {
		t.Fatalf("restored key: %v", err)
	}
	if _, err := UnmarshalState([]byte(`{"master":"AAAA"}`)); err == nil {
		t.Fatal("accepted a state without a valid master secret")
	}
}

func TestMalformedRequests(t *testing.T) {
	k, _ := newKey(t, Options{})
	for _, req := range [][]byte{
		{},
		{0x99},
		{CmdMakeCredential},
		{CmdMakeCredential, 0xff},
		{CmdGetAssertion, 0xa1, 0x01},
		{CmdClientPIN, 0xa1, 0x01, 0x01},
		{CmdCredMgmt, 0x80},
	} {
		resp := k.CTAP2(bg, req)
		if len(resp) == 0 || resp[0] == byte(StatusOK) {
			t.Errorf("request % x: response % x", req, resp)
		}
	}
}
