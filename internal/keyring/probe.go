package keyring

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	dbus "github.com/godbus/dbus/v5"
	gokeyring "github.com/zalando/go-keyring"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ProbeTimeout bounds the whole probe: a keyring that has not answered a
// write, a read and a delete by then is reported as not answering.
const ProbeTimeout = 15 * time.Second

// ProbeService is where the probe writes, apart from every account.
const ProbeService = "omamori-probe"

// Status is what a probe found.
type Status string

// Probe outcomes, distinct because each needs a different fix.
const (
	OK       Status = "ok"
	Missing  Status = "missing"   // no keyring service at all (no D-Bus session, no Secret Service)
	Locked   Status = "locked"    // it is there but locked, and was not unlocked
	Refused  Status = "refused"   // it answered, but would not store or give back
	TimedOut Status = "timed_out" // it did not answer in time
)

// Causes for errors.Is, besides ErrTimeout.
var (
	ErrMissing = errors.New("keyring: no keyring service")
	ErrLocked  = errors.New("keyring: locked")
	ErrRefused = errors.New("keyring: refused")
)

// Probe checks the keyring for real: it writes a random item under
// ProbeService, reads it back and deletes it, all within ProbeTimeout
// (or ctx). The error is an *i18n.Error saying which of Missing, Locked,
// Refused or TimedOut it was, and what to do.
func Probe(ctx context.Context) (Status, error) {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- probe() }()
	select {
	case err := <-done:
		st := Classify(err)
		return st, statusErr(st, err)
	case <-ctx.Done():
		return TimedOut, statusErr(TimedOut, ErrTimeout)
	}
}

func probe() error {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	user, value := "probe-"+hex.EncodeToString(b[:8]), hex.EncodeToString(b[8:])
	if err := gokeyring.Set(ProbeService, user, value); err != nil {
		return err
	}
	defer gokeyring.Delete(ProbeService, user)
	got, err := gokeyring.Get(ProbeService, user)
	if err != nil {
		return err
	}
	if got != value {
		return fmt.Errorf("%w: the probe item read back differs", ErrRefused)
	}
	return gokeyring.Delete(ProbeService, user)
}

// Classify sorts a keyring error into a Status.
func Classify(err error) Status {
	var de dbus.Error
	switch {
	case err == nil:
		return OK
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return TimedOut
	case errors.Is(err, ErrMissing):
		return Missing
	case errors.Is(err, ErrLocked):
		return Locked
	case errors.As(err, &de):
		switch de.Name {
		case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner", "org.freedesktop.DBus.Error.Spawn.ServiceNotFound":
			return Missing
		case "org.freedesktop.Secret.Error.IsLocked":
			return Locked
		case "org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout", "org.freedesktop.DBus.Error.TimedOut":
			return TimedOut
		}
		return Refused
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "failed to unlock"), // go-keyring: the unlock prompt was dismissed
		strings.Contains(msg, "User interaction is not allowed"), // macOS: locked keychain
		strings.Contains(msg, "exit status 36"), strings.Contains(msg, "exit status 51"):
		return Locked
	case strings.Contains(msg, "DBUS_SESSION_BUS_ADDRESS"), strings.Contains(msg, "dbus-launch"),
		strings.Contains(msg, "connect: no such file"), strings.Contains(msg, "connect: connection refused"),
		strings.Contains(msg, "X11"), strings.Contains(msg, "autolaunch"):
		return Missing
	}
	return Refused
}

func statusErr(st Status, cause error) error {
	if st == OK {
		return nil
	}
	sentinel := map[Status]error{Missing: ErrMissing, Locked: ErrLocked, Refused: ErrRefused, TimedOut: ErrTimeout}[st]
	if !errors.Is(cause, sentinel) {
		cause = fmt.Errorf("%w: %w", sentinel, cause)
	}
	return i18n.NewError(cat.M("probe_"+string(st)), probeHint(st), cause)
}

func probeHint(st Status) i18n.Message {
	if st == TimedOut {
		return cat.M("hint_timed_out")
	}
	return hint()
}
