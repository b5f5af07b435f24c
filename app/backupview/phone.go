package backupview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/otpauth"
)

// PhoneShowFor is how long the QR code stays on screen.
const PhoneShowFor = 60 * time.Second

// showFor is PhoneShowFor; tests shorten it.
var showFor = PhoneShowFor

// Exporter gives an account with its secret; *accounts.Store implements it.
type Exporter interface {
	Export(id string) (newaccount.Details, error)
}

// Phone is 「スマートフォンに移す」 for one account.
type Phone struct {
	w       fyne.Window
	lang    i18n.Lang
	name    string // the account's name, for the QR code's spoken label
	warning dialog.Dialog
	qr      *dialog.CustomDialog
	left    *widget.Label
	stop    chan struct{}
}

// ShowPhone shows the warning, in language l, first; only its button
// shows the QR code.
func ShowPhone(w fyne.Window, l i18n.Lang, s Exporter, a accounts.Entry) *Phone {
	p := &Phone{w: w, lang: l, name: a.Name}
	body := jptext.NewLabel(p.t("phone_warning", "Name", a.Name))
	d := dialog.NewCustomConfirm(p.t("phone_title"), p.t("phone_show"), p.t("cancel"), body, func(ok bool) {
		if ok {
			p.ShowQR(s, a.ID)
		}
	}, w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 520), 0))
	d.Show()
	p.warning = d
	return p
}

// t renders one of this package's texts in the dialog's language.
func (p *Phone) t(key string, kv ...any) string { return text(p.lang, key, kv...) }

// ShowQR shows the QR code, made in memory, for PhoneShowFor; it is
// never written anywhere. Closing early drops it at once.
func (p *Phone) ShowQR(s Exporter, id string) {
	k, err := s.Export(id)
	if err != nil {
		showErr(p.w, p.lang, err)
		return
	}
	png, err := otpauth.EncodeQR(otpauth.URI(k), 320)
	for i := range k.Secret {
		k.Secret[i] = 0
	}
	if err != nil {
		showErr(p.w, p.lang, err)
		return
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource("qr.png", png))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(260, 260))
	p.left = widget.NewLabelWithStyle(p.t("phone_left", "N", int(showFor.Seconds())), fyne.TextAlignCenter, fyne.TextStyle{})
	p.qr = dialog.NewCustom(p.t("phone_title"), p.t("close"), container.NewVBox(qrImage(img, p.t("phone_qr", "Name", p.name)), p.left), p.w)
	p.stop = make(chan struct{})
	p.qr.SetOnClosed(func() {
		close(p.stop)
		img.Resource = nil
	})
	p.qr.Show()
	go p.countdown()
}

// countdown updates the seconds left and hides the code at zero.
func (p *Phone) countdown() {
	end := time.Now().Add(showFor)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-tick.C:
			left := int(end.Sub(now).Round(time.Second).Seconds())
			fyne.Do(func() {
				if left <= 0 {
					p.qr.Hide()
					return
				}
				p.left.SetText(p.t("phone_left", "N", left))
			})
			if left <= 0 {
				return
			}
		}
	}
}

// Shown reports whether the QR code is on screen (tests).
func (p *Phone) Shown() bool { return p.qr != nil && p.left.Visible() && !p.closed() }

func (p *Phone) closed() bool {
	select {
	case <-p.stop:
		return true
	default:
		return false
	}
}

// Confirm presses the warning's button (tests, screenshots).
func (p *Phone) Confirm(s Exporter, id string) {
	p.warning.Hide()
	p.ShowQR(s, id)
}

// Close hides the QR code now.
func (p *Phone) Close() {
	if p.qr != nil {
		p.qr.Hide()
	}
}

// qrImage reads the QR code as what it is and whose, never its content
// (the secret it carries).
func qrImage(img *canvas.Image, label string) fyne.CanvasObject {
	return a11y.Describe(img, fyne.AccessibleRoleText, func() string { return label })
}
