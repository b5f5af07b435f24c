package keyview

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
)

// What the Set PIN form says while the user types, and on submit.
func TestNewPINProblem(t *testing.T) {
	long := strings.Repeat("a", 64)
	ja22 := strings.Repeat("あ", 22) // 66 bytes
	for _, c := range []struct {
		pin, confirm string
		final        bool
		want         string // message key, "" = none, "incomplete"
	}{
		{"", "", false, "incomplete"},
		{"", "", true, "pin_empty"},
		{"12", "", false, "pin_too_short"},
		{"1234", "", false, "incomplete"},
		{"1234", "12", false, "incomplete"}, // still typing the confirmation
		{"1234", "1243", false, "pin_mismatch"},
		{"1234", "12", true, "pin_mismatch"},
		{"1234", "1234", false, ""},
		{"がぎぐげ", "か\u3099ぎぐげ", false, ""}, // NFC makes them equal
		{long, "", false, "pin_too_long"},
		{ja22, ja22, false, "pin_too_long"},
		{strings.Repeat("あ", 21), strings.Repeat("あ", 21), false, ""},
		{"12\t34", "12\t34", false, "pin_bad_chars"},
	} {
		err := newPINProblem(c.pin, c.confirm, c.final)
		var got string
		var ue *i18n.Error
		switch {
		case err == nil:
		case err == errIncomplete:
			got = "incomplete"
		case errors.As(err, &ue):
			got = ue.Msg.Key
		default:
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%q/%q final=%v: %q, want %q", c.pin, c.confirm, c.final, got, c.want)
		}
	}
}

// One operation at a time: a second one is refused with a message.
func TestOneOperationAtATime(t *testing.T) {
	pd := practiceKey(t)
	h := newPracticeHarness(t, i18n.JA, pd, Options{})
	h.until("key", func() bool { return h.shows(h.tr("nopin_title")) })
	h.tap(h.tr("check"))
	h.tap(h.tr("check_start"))
	h.until("touch prompt", func() bool { return h.shows(h.tr("touch_title")) })
	ran := false
	if h.scr.begin(func(context.Context, Service) func() { ran = true; return nil }) {
		t.Fatal("a second operation started")
	}
	h.q.pump()
	h.mustShow(h.tr("busy"))
	if ran {
		t.Fatal("the second operation ran")
	}
	h.tap(h.tr("ok"))
	for n := 1; n <= 2; n++ {
		touch := skMsg("touch_n", "N", n, "Of", 2)
		h.until("touch prompt", func() bool { return h.shows(touch) })
		h.tap(h.tr("practice_touch"))
	}
	h.until("check result", func() bool { return h.shows(skMsg("selftest_ok")) })
}
