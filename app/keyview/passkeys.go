package keyview

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/internal/securitykey"
)

// passkeysFlow lists one key's passkeys, to delete them.
type passkeysFlow struct {
	*Screen
	k securitykey.KeyInfo
}

// open asks the PIN, then lists the passkeys on the key. The PIN is kept
// only while the list is open, for deleting.
func (f passkeysFlow) open() {
	f.askPIN(f.tr("passkeys_title"), f.tr("passkeys_intro"), f.tr("passkeys_show"),
		func(ctx context.Context, svc Service, pin string) (func(), error) {
			list, err := svc.Passkeys(ctx, f.k.Path, pin)
			return func() { f.show(pin, list) }, err
		})
}

// passkeyList is the open list dialog.
type passkeyList struct {
	s    *Screen
	k    securitykey.KeyInfo
	pin  string
	m    *modal
	note *jptext.Label
}

// show is the list dialog.
func (f passkeysFlow) show(pin string, list securitykey.PasskeyList) {
	pl := &passkeyList{s: f.Screen, k: f.k, pin: pin, note: wrapped("")}
	closeB := widget.NewButton(f.tr("close"), pl.close)
	pl.m = f.showModal(f.tr("passkeys_title"), pl.page(list), pl.close, closeB)
}

func (pl *passkeyList) close() {
	pl.pin = ""
	pl.s.cancel()
	pl.m.close()
}

// page is the summary ("3 of 25 used") and a row per passkey.
func (pl *passkeyList) page(list securitykey.PasskeyList) fyne.CanvasObject {
	s := pl.s
	objs := []fyne.CanvasObject{heading(list.Summary().In(s.lang()))}
	if len(list.Passkeys) == 0 {
		objs = append(objs, wrapped(s.tr("passkeys_none")))
	}
	for _, p := range list.Passkeys {
		del := widget.NewButtonWithIcon(s.tr("delete"), theme.DeleteIcon(), func() { pl.confirmDelete(p) })
		del.Importance = widget.DangerImportance
		who := wrapped(userOf(p))
		site := wrapped(siteOf(p))
		site.TextStyle.Bold = true
		objs = append(objs, widget.NewSeparator(),
			container.NewBorder(nil, nil, nil, del, container.NewVBox(site, who)))
	}
	rows := container.NewVBox(objs[1:]...)
	var shown fyne.CanvasObject = rows
	if len(list.Passkeys) > 4 { // a full key holds 25 or more: scroll
		sc := container.NewVScroll(rows)
		sc.SetMinSize(fyne.NewSize(0, 300))
		shown = sc
	}
	out := container.NewVBox(objs[0], shown)
	if pl.note.Text != "" {
		out.Add(pl.note)
	}
	return out
}

func siteOf(p securitykey.Passkey) string {
	if p.SiteName != "" && p.SiteName != p.Site {
		return p.SiteName + " (" + p.Site + ")"
	}
	return p.Site
}

func userOf(p securitykey.Passkey) string {
	if p.DisplayName != "" && p.DisplayName != p.UserName {
		if p.UserName == "" {
			return p.DisplayName
		}
		return p.DisplayName + " (" + p.UserName + ")"
	}
	return p.UserName
}

// confirmDelete names the site and the user and what deleting means,
// then deletes and shows the list again.
func (pl *passkeyList) confirmDelete(p securitykey.Passkey) {
	s := pl.s
	var m *modal
	cancel := widget.NewButtonWithIcon(s.tr("cancel"), theme.CancelIcon(), func() { m.close() })
	del := widget.NewButtonWithIcon(s.tr("delete_confirm"), theme.DeleteIcon(), nil)
	del.Importance = widget.DangerImportance
	msgLabel := errorLabel("")
	msgLabel.Hide()
	body := container.NewVBox(
		wrapped(s.tr("delete_question", "Site", siteOf(p), "User", userOf(p))),
		wrapped(s.tr("delete_consequence", "Site", p.Site)),
		msgLabel)
	del.OnTapped = func() {
		del.Disable()
		pin := pl.pin
		if !s.begin(func(ctx context.Context, svc Service) func() {
			err := svc.DeletePasskey(ctx, pl.k.Path, pin, p.CredentialID)
			var list securitykey.PasskeyList
			if err == nil {
				list, err = svc.Passkeys(ctx, pl.k.Path, pin)
			}
			return func() {
				if err != nil {
					del.Enable()
					msgLabel.SetText(s.localize(err))
					msgLabel.Show()
					m.fit()
					return
				}
				m.close()
				pl.note.SetText(s.tr("deleted", "Site", siteOf(p), "User", userOf(p)))
				pl.m.setBody(pl.page(list), widget.NewButton(s.tr("close"), pl.close))
			}
		}) {
			del.Enable()
		}
	}
	m = s.showModal(s.tr("delete_title"), body, nil, cancel, del)
	s.win.Canvas().Focus(cancel)
}
