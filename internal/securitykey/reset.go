package securitykey

import (
	"context"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
)

// ResetWarning says what a reset erases, for the wizard's first page and
// its second confirmation.
func ResetWarning() []i18n.Message {
	return []i18n.Message{cat.M("reset_erases"), cat.M("reset_sites"), cat.M("reset_totp_safe")}
}

// ResetSteps are the wizard's steps after the user confirmed twice:
// unplug, plug back in, touch; for a key on an NFC reader: take it off
// the reader, hold it there again, keep it there. Keys accept a reset
// only for a few seconds after they power up (YubiKeys: 5 s), so the app
// sends it the moment the key reappears (WaitReplug then Reset) and the
// user only has to touch when asked.
func ResetSteps(t Transport) []i18n.Message {
	if t == TransportNFC {
		return []i18n.Message{cat.M("reset_step_unplug_nfc"), cat.M("reset_step_plug_nfc"), cat.M("reset_step_touch_nfc")}
	}
	return []i18n.Message{cat.M("reset_step_unplug"), cat.M("reset_step_plug"), cat.M("reset_step_touch")}
}

// WaitReplug waits for the key at path to be unplugged (then calls
// removed, if not nil, so the wizard can move on) and for a key to be
// plugged in again, and returns the new key's path (it may differ).
// A key already unplugged counts as removed. Cancel ctx to give up.
func (s *Service) WaitReplug(ctx context.Context, path string, removed func()) (string, error) {
	tick := time.NewTicker(s.pollEvery)
	defer tick.Stop()
	var before map[string]bool
	for {
		locs, err := s.devices()
		if err != nil {
			return "", s.translate(OpReset, "", err, nil)
		}
		now := map[string]bool{}
		for _, l := range locs {
			now[l.Path] = true
		}
		if before == nil && !now[path] {
			before = now
			if removed != nil {
				removed()
			}
		} else if before != nil {
			for _, l := range locs {
				if !before[l.Path] {
					s.forget(l.Path)
					s.awaitReady(ctx, l.Path)
					return l.Path, nil
				}
			}
			before = now // a key unplugged meanwhile may come back under its old path
		}
		select {
		case <-ctx.Done():
			return "", s.translate(OpReset, path, cancelled(ctx.Err()), nil)
		case <-tick.C:
		}
	}
}

// Reset erases every passkey and the PIN. The key must have been plugged
// in moments ago (see WaitReplug) and wants a touch.
func (s *Service) Reset(ctx context.Context, path string) error {
	return s.do(ctx, OpReset, path, func(d Device) error {
		return s.withTouch(ctx, d, Touch{Path: path, Step: TouchReset, N: 1, Of: 1}, d.Reset)
	})
}

// readyWithin bounds awaitReady: well inside the shortest reset window
// (YubiKeys: 5 s after power-up).
const readyWithin = 2 * time.Second

// awaitReady waits until a key that just appeared answers getInfo. On
// Linux the device node shows up a moment before udev lets the user open
// it; a reset sent into that moment would fail.
func (s *Service) awaitReady(ctx context.Context, path string) {
	deadline := time.Now().Add(readyWithin)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		s.op.Lock()
		d, err := s.drv.Open(path)
		if err == nil {
			_, err = d.Info()
		}
		s.op.Unlock()
		if err == nil {
			return
		}
		time.Sleep(s.pollEvery)
	}
}
