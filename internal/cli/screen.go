package cli

import (
	"fmt"
	"strings"

	"github.com/omamori-app/omamori/internal/addinput"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/screenqr"
)

// screen is the capturer for `add --screen`: Env.Screen, or the OS's.
func (e *Env) screen() screenqr.Capturer {
	if e.Screen != nil {
		return e.Screen
	}
	return screenqr.System()
}

// readScreen enrols the authenticator QR code shown on the screen. With
// several, pick (from 1) says which; without it they are listed — by
// issuer and account, never the secret — and the customer runs again
// with --pick N. A Google Authenticator transfer code is named as such.
func (e *Env) readScreen(p profile.Profile, pick int) (newaccount.Details, error) {
	found, err := screenqr.Read(e.screen())
	if err != nil {
		return newaccount.Details{}, err
	}
	uris, transfers := screenqr.Split(found)
	if len(uris) == 0 {
		return newaccount.Details{}, screenqr.TransferOnly()
	}
	if len(transfers) > 0 {
		e.println(e.Stderr, cat.M("screen_transfer_skipped", "Count", len(transfers)))
	}
	switch {
	case pick > len(uris):
		return newaccount.Details{}, i18n.NewError(cat.M("screen_no_such_pick", "N", pick, "Count", len(uris)), cat.M("hint_screen_pick"), nil)
	case pick == 0 && len(uris) > 1:
		e.println(e.Stderr, cat.M("screen_several", "Count", len(uris)))
		for i, u := range uris {
			fmt.Fprintf(e.Stderr, "  %d. %s\n", i+1, e.label(u))
		}
		return newaccount.Details{}, i18n.NewError(cat.M("screen_choose"), cat.M("hint_screen_pick"), nil)
	case pick == 0:
		pick = 1
	}
	return addinput.Parse(uris[pick-1], p)
}

// label names a code in the list without its secret: issuer and account,
// or that the link cannot be read.
func (e *Env) label(uri string) string {
	en, err := otpauth.Parse(uri)
	if err != nil {
		return e.t(cat.M("screen_unreadable"))
	}
	clear(en.Secret)
	parts := []string{}
	for _, s := range []string{en.Issuer, en.Account} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return e.t(cat.M("screen_unnamed"))
	}
	return strings.Join(parts, " : ")
}

// screenFlagsBad checks add's --screen, --qr and --pick together.
func screenFlagsBad(screen bool, qr string, pick int) (i18n.Message, bool) {
	switch {
	case screen && qr != "":
		return cat.M("screen_and_qr"), true
	case !screen && pick != 0:
		return cat.M("pick_without_screen"), true
	case pick < 0:
		return cat.M("screen_no_such_pick", "N", pick, "Count", 0), true
	}
	return i18n.Message{}, false
}
