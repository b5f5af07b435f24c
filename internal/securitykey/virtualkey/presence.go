package virtualkey

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Presence decides whether the user touched the key for one operation.
// Confirm blocks until the user touches (nil), refuses (ErrDenied), or
// lets the time run out (ErrTimeout); it returns ctx.Err() when the
// request is cancelled (CTAPHID_CANCEL or unplug).
type Presence interface {
	Confirm(ctx context.Context, op string) error
}

// Errors a Presence returns; the key maps them to CTAP2 status codes.
var (
	ErrDenied  = errors.New("virtual key: user denied presence")    // CTAP2_ERR_OPERATION_DENIED
	ErrTimeout = errors.New("virtual key: no touch before timeout") // CTAP2_ERR_USER_ACTION_TIMEOUT
)

// Presence operations passed to Confirm.
const (
	OpMakeCredential = "makeCredential"
	OpGetAssertion   = "getAssertion"
	OpReset          = "reset"
	OpSelection      = "selection"
)

type presenceFunc func(ctx context.Context, op string) error

func (f presenceFunc) Confirm(ctx context.Context, op string) error { return f(ctx, op) }

// AlwaysPresent approves every request at once (the default).
var AlwaysPresent Presence = presenceFunc(func(ctx context.Context, _ string) error { return ctx.Err() })

// NeverPresent refuses every request at once.
var NeverPresent Presence = presenceFunc(func(context.Context, string) error { return ErrDenied })

// TouchPad is a Presence that waits for Touch, like a real key waiting for
// a finger. A touch given while no request waits is kept for the next one
// (one at most), so a test may touch before or after the key asks.
type TouchPad struct {
	timeout  time.Duration
	touches  chan struct{}
	requests chan string

	mu      sync.Mutex
	waiting int
}

// NewTouchPad returns a TouchPad whose requests time out after timeout
// (30 s if timeout <= 0, as on common keys).
func NewTouchPad(timeout time.Duration) *TouchPad {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &TouchPad{
		timeout:  timeout,
		touches:  make(chan struct{}, 1),
		requests: make(chan string, 16),
	}
}

// Touch approves the waiting request, or the next one if none waits.
func (p *TouchPad) Touch() {
	select {
	case p.touches <- struct{}{}:
	default: // a touch is already pending
	}
}

// Requests delivers the operation name each time a request starts
// waiting for a touch (dropped if nobody reads and 16 are queued).
func (p *TouchPad) Requests() <-chan string { return p.requests }

// Waiting reports whether a request is waiting for a touch now.
func (p *TouchPad) Waiting() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.waiting > 0
}

// Confirm implements Presence.
func (p *TouchPad) Confirm(ctx context.Context, op string) error {
	p.mu.Lock()
	p.waiting++
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.waiting--
		p.mu.Unlock()
	}()
	select {
	case p.requests <- op:
	default:
	}
	t := time.NewTimer(p.timeout)
	defer t.Stop()
	select {
	case <-p.touches:
		return nil
	case <-t.C:
		return ErrTimeout
	case <-ctx.Done():
		return ctx.Err()
	}
}
