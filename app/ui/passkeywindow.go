package ui

import (
	"net/url"

	"fyne.io/fyne/v2"

	"github.com/omamori-app/omamori/app/passkeyview"
	"github.com/omamori-app/omamori/app/session"
	"github.com/omamori-app/omamori/internal/passkeyready"
)

// ShowPasskeyReady opens the passkey-readiness window for the broker of
// profile first, then the others that have passkey facts. first is the
// account's broker (its menu's 「パスキーの準備」): it comes first even
// without a passkey page or RP ID — its customer still learns whether
// Windows Hello and the key can hold a passkey, and the window says what
// it cannot check. It keeps the language it opened in.
func (s *Shell) ShowPasskeyReady(first string) {
	var brokers []passkeyview.Broker
	for _, name := range s.d.Profiles.Names() {
		b, ok := s.d.Profiles.Broker(name)
		if !ok || name != first && b.PasskeyURL == "" && len(b.RPIDs) == 0 {
			continue
		}
		pb := passkeyview.Broker{Profile: name, Broker: b}
		if name == first {
			brokers = append([]passkeyview.Broker{pb}, brokers...)
		} else {
			brokers = append(brokers, pb)
		}
	}
	w := s.d.App.NewWindow(passkeyview.Title(s.Language()))
	v := passkeyview.New(passkeyview.Options{
		Keys: s.d.Keys, OS: passkeyready.System(), Brokers: brokers, Lang: s.Language, Post: s.passkeyPost,
		OpenURL: func(raw string) error {
			u, err := url.Parse(raw)
			if err != nil {
				return err
			}
			return s.d.App.OpenURL(u)
		},
	})
	w.SetContent(v.Content())
	w.Resize(fyne.NewSize(560, 640))
	// An open screen of the session while any such window is open: the
	// tray's restart and an automatic update wait for it (dialogOpen).
	if s.passkeyWins++; s.passkeyWins == 1 {
		s.sess.Open(session.Passkeys)
	}
	w.SetOnClosed(func() {
		if s.passkeyWins--; s.passkeyWins == 0 {
			s.sess.Close(session.Passkeys)
		}
	})
	w.Show()
}
