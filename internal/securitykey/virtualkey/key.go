// Package virtualkey is a software FIDO2 (CTAP2) authenticator: the key
// behind Omamori's practice mode and the test rig that runs the real
// libfido2 against it (see ../fidotest).
//
// It speaks CTAP2.0 with the 2.1 credential-management preview:
// getInfo (FIDO_2_0, FIDO_2_1_PRE; rk, up, clientPin, credMgmt,
// credentialMgmtPreview; never pinUvAuthToken, which would switch
// libfido2 1.12 to a protocol this key does not speak), clientPIN
// protocol 1, makeCredential/getAssertion/getNextAssertion with ES256,
// "packed" self attestation (or "none") and discoverable credentials, the
// hmac-secret extension (hmac.go; Quirks.NoHMACSecret turns it off),
// credential management (0x41 and 0x0A), selection, and reset within the
// power-up window. A PIN is refused after 3 wrong tries in a row until the
// key is replugged (PIN_AUTH_BLOCKED) and for good after 8
// (PIN_BLOCKED); a right PIN restores the 8.
//
// Options.Quirks make it behave like keys that differ from this: no
// credential management, a cancel that is ignored, retries counted down
// to 0 without the three-in-a-row block, FIDO_2_0 only with x5c
// attestation, every credential kept resident (see Quirks; ParseQuirks
// reads them from a list such as "nocredmgmt,ignorecancel").
//
// Transports: (*Key).CTAP2 takes one request (command byte + CBOR) and
// returns status + CBOR; (*Key).NewHIDConn frames CTAPHID reports for a
// HID transport (fidotest serves it to libfido2 through a socket).
//
// In-process platform API (practice mode, tests), each going through
// CTAP2 so retries and touches behave as over USB; errors are a Status
// (e.g. StatusPINInvalid) or ErrUnplugged:
//
//	k, _ := virtualkey.New(virtualkey.Options{Presence: virtualkey.NewTouchPad(30*time.Second)})
//	k.Info(ctx)                         // versions, AAGUID, PIN set, retries
//	k.SetPIN(ctx, pin); k.ChangePIN(ctx, old, new); k.PINToken(ctx, pin)
//	k.MakeCredential(ctx, pin, rpID, rpName, user, cdh, resident) // *Attestation
//	k.GetAssertion(ctx, pin, rpID, cdh, allow...); k.GetNextAssertion(ctx)
//	(*Assertion).Verify(pub, cdh)
//	k.MakeHMACCredential(...); k.GetAssertionHMAC(ctx, pin, rpID, cdh, salts, allow...) // hmac-secret
//	k.CredentialsMetadata(ctx, pin); k.Credentials(ctx, pin); k.DeleteCredential(ctx, pin, id)
//	k.Reset(ctx)                        // within ResetWindow after Plug, needs a touch
//	k.Unplug(); k.Plug()                // power cycle; a wait for touch ends
//	k.Touch(); k.WaitingForTouch(); k.SetPresence(p); k.ExpireResetWindow()
//	k.State(); MarshalState; UnmarshalState; Options.State // keep a key (secrets inside)
//
// A Key is "plugged in" after New. Unplug and Plug simulate a power cycle:
// PIN, credentials and retry counter stay, the per-boot state (PIN token,
// key agreement key, the three-wrong-PINs block, the reset window) starts
// afresh.
package virtualkey

import (
	"context"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fxamacker/cbor/v2"
)

// CTAP2 command bytes.
const (
	CmdMakeCredential   byte = 0x01
	CmdGetAssertion     byte = 0x02
	CmdGetInfo          byte = 0x04
	CmdClientPIN        byte = 0x06
	CmdReset            byte = 0x07
	CmdGetNextAssertion byte = 0x08
	CmdCredMgmt         byte = 0x0A
	CmdSelection        byte = 0x0B
	CmdCredMgmtPreview  byte = 0x41
)

// Defaults for Options.
const (
	DefaultMaxResident = 25
	DefaultResetWindow = 10 * time.Second
	maxPINRetries      = 8
	maxPINAttempts     = 3 // per power-up, then PIN_AUTH_BLOCKED
)

// DefaultAAGUID identifies the virtual key ("OMAMORI-VIRTKEY1" in ASCII).
var DefaultAAGUID = [16]byte{'O', 'M', 'A', 'M', 'O', 'R', 'I', '-', 'V', 'I', 'R', 'T', 'K', 'E', 'Y', '1'}

// Options configure a Key. The zero value is a fresh key with no PIN that
// approves every touch.
type Options struct {
	AAGUID      [16]byte      // DefaultAAGUID if zero
	MaxResident int           // discoverable credential slots; DefaultMaxResident if 0
	ResetWindow time.Duration // reset allowed this long after power-up; DefaultResetWindow if 0
	Presence    Presence      // AlwaysPresent if nil
	// NoneAttestation makes makeCredential return fmt "none" instead of
	// "packed" self attestation.
	NoneAttestation bool
	// Quirks make the key behave like some real keys (see Quirks).
	Quirks Quirks
	// Transports getInfo names; ["usb"] if nil (["nfc"] for a card).
	Transports []string
	// State restores a key saved with (*Key).State; nil is a new key.
	State *State
	// Now is the clock (time.Now if nil), Rand the randomness (crypto/rand).
	Now  func() time.Time
	Rand io.Reader
}

// Key is one virtual authenticator. It is safe for concurrent use; CTAP2
// commands run one at a time, as on a real key.
type Key struct {
	opts Options

	mu       sync.Mutex // serialises commands and guards the fields below
	state    State
	plugged  bool
	boot     boot
	presence atomic.Pointer[presenceBox] // not under mu: Touch comes while a command waits

	powerMu    sync.Mutex      // guards bootCtx and bootCancel, so Unplug need not wait for mu
	bootCtx    context.Context // cancelled on Unplug: aborts waits for touch
	bootCancel context.CancelFunc
	waitingUP  atomic.Bool
	power      atomic.Bool // what Plugged reports; drops before Unplug waits for mu
	nextCID    atomic.Uint32

	attKey  *ecdsa.PrivateKey // FIDO20Only's attestation key, under mu
	attCert []byte            // its certificate (DER)

	failPINAuth atomic.Bool // FailNextPINExchange
}

// boot is the state a power cycle resets.
type boot struct {
	start        time.Time
	pinToken     []byte
	agreement    *ecdh.PrivateKey
	wrongPINs    int          // consecutive wrong PINs since power-up
	nextAssert   *assertQueue // for getNextAssertion
	enumRPs      []string     // credential management enumerations
	enumCreds    []*StoredCredential
	enumRPsIdx   int
	enumCredsIdx int
}

// ErrUnplugged is returned by the helpers while the key is unplugged.
var ErrUnplugged = errors.New("virtual key: unplugged")

var (
	encMode cbor.EncMode
	decMode cbor.DecMode
)

func init() {
	var err error
	if encMode, err = cbor.CTAP2EncOptions().EncMode(); err != nil {
		panic(err)
	}
	if decMode, err = (cbor.DecOptions{DupMapKey: cbor.DupMapKeyEnforcedAPF}).DecMode(); err != nil {
		panic(err)
	}
}

// New returns a plugged-in key.
func New(opts Options) (*Key, error) {
	if opts.AAGUID == [16]byte{} {
		opts.AAGUID = DefaultAAGUID
	}
	if opts.MaxResident <= 0 {
		opts.MaxResident = DefaultMaxResident
	}
	if opts.ResetWindow <= 0 {
		opts.ResetWindow = DefaultResetWindow
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Rand == nil {
		opts.Rand = rand.Reader
	}
	k := &Key{opts: opts}
	k.SetPresence(opts.Presence)
	if opts.State != nil {
		k.state = opts.State.clone()
	} else if err := k.wipe(); err != nil {
		return nil, err
	}
	var seed [4]byte
	if _, err := io.ReadFull(opts.Rand, seed[:]); err != nil {
		return nil, err
	}
	k.nextCID.Store(uint32(seed[0])<<24 | uint32(seed[1])<<16 | uint32(seed[2])<<8 | uint32(seed[3]))
	if err := k.Plug(); err != nil {
		return nil, err
	}
	return k, nil
}

// wipe gives the key a fresh master secret and no PIN or credentials.
func (k *Key) wipe() error {
	master := make([]byte, 32)
	if _, err := io.ReadFull(k.opts.Rand, master); err != nil {
		return err
	}
	k.state = State{Master: master, PINRetries: maxPINRetries}
	return nil
}

// Plug powers the key up (no-op if it is plugged in): new PIN token and
// key agreement key, retry block lifted, reset window opens.
func (k *Key) Plug() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.plugged {
		return nil
	}
	b := boot{start: k.opts.Now(), pinToken: make([]byte, 32)}
	if _, err := io.ReadFull(k.opts.Rand, b.pinToken); err != nil {
		return err
	}
	var err error
	if b.agreement, err = ecdh.P256().GenerateKey(k.opts.Rand); err != nil {
		return err
	}
	k.boot = b
	k.powerMu.Lock()
	k.bootCtx, k.bootCancel = context.WithCancel(context.Background())
	k.powerMu.Unlock()
	k.plugged = true
	k.power.Store(true)
	return nil
}

// Unplug powers the key down: a command waiting for a touch is abandoned.
func (k *Key) Unplug() {
	k.power.Store(false)
	k.powerMu.Lock()
	cancel := k.bootCancel
	k.powerMu.Unlock()
	if cancel != nil {
		cancel() // before taking mu for good: a command may hold it
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.plugged = false
	k.boot = boot{}
}

// Plugged reports whether the key is plugged in.
func (k *Key) Plugged() bool { return k.power.Load() }

// ExpireResetWindow makes the key behave as if its reset window after
// power-up had passed (so tests need not wait 10 seconds).
func (k *Key) ExpireResetWindow() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.boot.start = k.opts.Now().Add(-k.opts.ResetWindow - time.Second)
}

// SetPresence replaces the presence policy (nil: AlwaysPresent).
func (k *Key) SetPresence(p Presence) {
	if p == nil {
		p = AlwaysPresent
	}
	k.presence.Store(&presenceBox{p})
}

type presenceBox struct{ Presence }

// Touch touches the key if its Presence is a TouchPad (else no-op).
func (k *Key) Touch() {
	if tp, ok := k.presence.Load().Presence.(*TouchPad); ok {
		tp.Touch()
	}
}

// WaitingForTouch reports whether a command waits for the user now.
func (k *Key) WaitingForTouch() bool { return k.waitingUP.Load() }

// CTAP2 runs one CTAP2 request (command byte followed by CBOR) and
// returns the response (status byte, then CBOR). ctx cancels a wait for
// touch (CTAP2_ERR_KEEPALIVE_CANCEL).
func (k *Key) CTAP2(ctx context.Context, req []byte) []byte {
	if len(req) == 0 {
		return []byte{byte(StatusInvalidLength)}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.plugged {
		return []byte{byte(StatusOther)}
	}
	if k.opts.Quirks.IgnoreCancel {
		ctx = context.WithoutCancel(ctx) // only unplugging ends a wait
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.powerMu.Lock()
	bootCtx := k.bootCtx
	k.powerMu.Unlock()
	stop := context.AfterFunc(bootCtx, cancel)
	defer stop()

	cmd, body := req[0], req[1:]
	if cmd != CmdGetNextAssertion {
		k.boot.nextAssert = nil
	}
	var resp any
	var st Status
	switch cmd {
	case CmdGetInfo:
		resp, st = k.getInfo(), StatusOK
	case CmdClientPIN:
		resp, st = k.clientPIN(body)
	case CmdMakeCredential:
		resp, st = k.makeCredential(ctx, body)
	case CmdGetAssertion:
		resp, st = k.getAssertion(ctx, body)
	case CmdGetNextAssertion:
		resp, st = k.getNextAssertion()
	case CmdCredMgmt, CmdCredMgmtPreview:
		if !k.opts.Quirks.credMgmt() {
			st = StatusInvalidCommand
			break
		}
		resp, st = k.credMgmt(body)
	case CmdReset:
		st = k.reset(ctx)
	case CmdSelection:
		st = k.confirm(ctx, OpSelection)
	default:
		st = StatusInvalidCommand
	}
	if st != StatusOK || resp == nil {
		return []byte{byte(st)}
	}
	out, err := encMode.Marshal(resp)
	if err != nil {
		return []byte{byte(StatusOther)}
	}
	return append([]byte{byte(StatusOK)}, out...)
}

// confirm asks the Presence policy; mu stays held, as a real key is busy
// while it waits.
func (k *Key) confirm(ctx context.Context, op string) Status {
	k.waitingUP.Store(true)
	defer k.waitingUP.Store(false)
	err := k.presence.Load().Confirm(ctx, op)
	switch {
	case err == nil:
		return StatusOK
	case errors.Is(err, ErrTimeout):
		return StatusUserActionTimeout
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return StatusKeepaliveCancel
	default:
		return StatusOperationDenied
	}
}

// decode unmarshals a CBOR request body; StatusInvalidCBOR if it cannot.
func decode(body []byte, v any) Status {
	if len(body) == 0 {
		return StatusMissingParameter
	}
	if err := decMode.Unmarshal(body, v); err != nil {
		var te *cbor.UnmarshalTypeError
		if errors.As(err, &te) {
			return StatusCBORUnexpectedType
		}
		return StatusInvalidCBOR
	}
	return StatusOK
}

func (k *Key) transports() []string {
	if k.opts.Transports == nil {
		return []string{"usb"}
	}
	return k.opts.Transports
}

const (
	maxMsgSize      = 1200
	maxCredsInList  = 8
	maxCredIDLen    = 128
	firmwareVersion = 0x0100
	algES256        = -7
)
