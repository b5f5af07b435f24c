// Package addaccount is the アカウントの追加 dialog, in the words of the Smart
// OTP tool customers know: 表示名, ワンタイムパスワード設定用番号, 登録. It
// checks the code as it is typed with the core's messages, offers a setup
// code found on the clipboard, reads otpauth:// links and QR images, and
// shows the first code as soon as the account is registered. What was
// typed, pasted or read from a QR image goes through internal/addinput,
// as on the command line.
package addaccount

import (
	"bytes"
	"embed"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/codes"
	"github.com/omamori-app/omamori/app/filedialog"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/accounts"
	"github.com/omamori-app/omamori/internal/addinput"
	"github.com/omamori-app/omamori/internal/filepicker"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importplan"
	"github.com/omamori-app/omamori/internal/newaccount"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
	"github.com/omamori-app/omamori/internal/screenqr"
	"github.com/omamori-app/omamori/internal/setupcode"
	"github.com/omamori-app/omamori/internal/totp"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/addaccount", locales)

// Store is what the dialog needs from the account store.
type Store interface {
	Add(name string, e newaccount.Details) (accounts.Account, error)
	Generator(id string) (*totp.Generator, error)
}

// ClipboardReader is the part of a clipboard the dialog uses: it only reads
// (copies go through OnCopy).
type ClipboardReader interface{ Content() string }

// Options wires the dialog.
type Options struct {
	Window  fyne.Window
	Store   Store
	Profile profile.Profile // for bare setup codes; zero = Smart OTP
	// Profiles, when it holds more than one profile for setup codes of
	// Profile's length (a policy added another broker), makes the dialog
	// ask which broker the code is from. Nil: Profile alone.
	Profiles  *profile.Set
	Clipboard ClipboardReader // read once for the offer; may be nil
	Now       func() time.Time
	OnAdded   func(id string)      // reload the list
	OnCopy    func(id string) bool // copy through the list's clipboard guard; false: not copied
	// Lang is the language of the dialog's texts.
	Lang i18n.Lang
	// Files shows the file dialog for a QR image: the OS's own where there
	// is one (app/filedialog). nil: app/filedialog for Window.
	Files Files
	// ReadScreen reads the authenticator QR codes on the screen
	// (screenqr.Read with the OS's capturer, wired in cmd/omamori); it
	// runs off Fyne's goroutine. nil: no 「画面のQRコードを読み取る」 button.
	ReadScreen func() ([]screenqr.Code, error)
	// OnTransfer takes Google Authenticator transfer codes, once every QR
	// code of the export has been read (from the screen or images, over
	// several reads), as the file of their links: the window opens the
	// import preview with it (app/importview). The dialog closes first.
	// nil: transfer codes are refused as before.
	OnTransfer func(links []byte)
}

// Files is the port to the file dialog. done runs on Fyne's goroutine with
// the chosen path, "" (and a nil error) when the customer cancelled.
type Files interface {
	Open(o filepicker.Options, done func(path string, err error))
}

func (o Options) files() Files {
	if o.Files == nil {
		return filedialog.New(o.Window)
	}
	return o.Files
}

// Dialog is one open enrol dialog.
type Dialog struct {
	opt      Options
	d        *dialog.CustomDialog
	body     *fyne.Container
	Name     *Entry
	Code     *Entry
	Status   *jptext.Label
	Register *widget.Button
	Offer    *widget.Button // nil when the clipboard had no setup code
	Screen   *widget.Button // 画面のQRコードを読み取る; nil without Options.ReadScreen
	Result   *canvas.Text   // the first code, after 登録
	// CopyResult copies the first code; in the button row with 閉じる.
	CopyResult *a11y.Button
	// CopyFailed, under the code, says a copy did not work; hidden until then.
	CopyFailed *widget.Label
	// Broker asks which broker a setup code is from; nil when only one
	// profile takes setup codes of this length.
	Broker  *widget.Select
	choices []profile.Profile
	parsed  *newaccount.Details
	last    parsedCode // the last text parsed, so a keystroke in the name parses nothing
	// transfer holds the transfer codes read so far: the phone shows one at
	// a time, and the customer reads again after showing the next.
	transfer importplan.Transfer
	closed   bool
}

// parseInput is addinput.Parse; tests count its calls.
var parseInput = addinput.Parse

// parsedCode is one setup code or link and what addinput.Parse made of it.
type parsedCode struct {
	text    string
	profile string // the profile it was parsed with: a broker chosen later parses again
	e       newaccount.Details
	err     error
}

// t renders one of this package's texts in the dialog's language.
func (g *Dialog) t(key string, kv ...any) string { return cat.M(key, kv...).In(g.opt.Lang) }

// errText renders a core error (what is wrong and what to do) in the dialog's language.
func (g *Dialog) errText(err error) string { return i18n.Localize(err, g.opt.Lang) }

// Show opens the dialog, offering a setup code found on the clipboard.
func Show(opt Options) *Dialog {
	opt = opt.withDefaults()
	clip, _ := clipboardCode(opt.Clipboard, opt.Profile)
	return show(opt, clip, false)
}

// ShowFilled opens the dialog with the clipboard's setup code already in
// the field (first run, right after install: the customer has just
// pressed the broker's コピー button). With no valid code on the
// clipboard it opens nothing and returns nil.
func ShowFilled(opt Options) *Dialog {
	opt = opt.withDefaults()
	clip, ok := clipboardCode(opt.Clipboard, opt.Profile)
	if !ok {
		return nil
	}
	return show(opt, clip, true)
}

func (o Options) withDefaults() Options {
	if o.Profile.Name == "" {
		o.Profile = profile.SmartOTP
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// show opens the dialog; clip is the clipboard's code (text "" for none),
// offered behind a button or, with fill, put in the field.
func show(opt Options, clip parsedCode, fill bool) *Dialog {
	g := &Dialog{opt: opt}
	g.Name = newEntry(g.close, g.opt.Lang, g.t("display_name"))
	g.Name.SetPlaceHolder(g.t("display_name_placeholder"))
	g.Code = newEntry(g.close, g.opt.Lang, g.t("setup_code"))
	g.Code.SetPlaceHolder(g.t("setup_code_placeholder"))
	g.Status = jptext.NewLabel("")
	g.Code.problem = g.Status.Content
	g.Register = widget.NewButtonWithIcon(g.t("register"), theme.ConfirmIcon(), g.register)
	g.Register.Importance = widget.HighImportance
	g.Register.Disable()
	g.Name.OnChanged = func(string) { g.validate() }
	g.Code.OnChanged = func(s string) {
		if s == "" && g.Code.Password { // the masked link was cleared
			g.Code.Password = false
			g.Code.Refresh()
		}
		g.validate()
	}
	// Enter in the name registers when the whole form is right (first run:
	// the code is already filled in, the customer types a name and Enter);
	// otherwise it moves on to the code.
	g.Name.OnSubmitted = func(string) {
		if !g.Register.Disabled() {
			g.register()
			return
		}
		opt.Window.Canvas().Focus(g.Code)
	}
	g.Code.OnSubmitted = func(string) { g.register() }

	paste := widget.NewButtonWithIcon(g.t("paste"), theme.ContentPasteIcon(), func() {
		if opt.Clipboard != nil {
			g.setCode(strings.TrimSpace(opt.Clipboard.Content()))
		}
	})
	qr := widget.NewButtonWithIcon(g.t("import_qr"), theme.FileImageIcon(), g.pickQR)
	hint := jptext.NewLabel(g.t("import_hint"))

	form := container.NewVBox(
		widget.NewLabelWithStyle(g.t("display_name"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		g.Name,
		widget.NewLabelWithStyle(g.t("setup_code"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, nil, paste, g.Code),
		g.Status,
	)
	if choice := g.brokerChoice(); choice != nil {
		form.Objects = append([]fyne.CanvasObject{choice}, form.Objects...)
	}
	if offer := g.clipboardOffer(clip); offer != nil {
		form.Objects = append([]fyne.CanvasObject{offer}, form.Objects...)
	}
	if g.Offer != nil && fill {
		g.Offer.OnTapped()
	}
	row := container.NewHBox(qr)
	if opt.ReadScreen != nil {
		g.Screen = widget.NewButtonWithIcon(g.t("read_screen"), theme.ComputerIcon(), g.readScreen)
		row.Add(g.Screen)
	}
	form.Add(row)
	form.Add(hint)
	g.body = container.NewStack(form)
	cancel := widget.NewButton(g.t("cancel"), g.close)
	g.d = dialog.NewCustomWithoutButtons(g.t("add_title"), g.body, opt.Window)
	g.d.SetButtons([]fyne.CanvasObject{cancel, g.Register})
	g.d.SetOnClosed(func() { g.closed = true })
	g.d.Resize(fyne.NewSize(omtheme.DialogWidth(g.opt.Window, 560), 0))
	g.d.Show()
	opt.Window.Canvas().Focus(g.Name)
	return g
}

// brokerChoice is the drop-down of brokers whose customers get a setup
// code like Profile's, when there is more than one: the broker decides
// which login host is shown beside the code. Nothing is chosen for the
// customer; 登録 waits for a choice.
func (g *Dialog) brokerChoice() fyne.CanvasObject {
	if g.opt.Profiles != nil {
		g.choices = g.opt.Profiles.SetupCodeChoices(g.opt.Profile.Length)
	}
	if len(g.choices) < 2 {
		g.choices = nil
		return nil // nothing to ask
	}
	var labels []string
	for _, p := range g.choices {
		labels = append(labels, g.brokerLabel(p))
	}
	g.Broker = widget.NewSelect(labels, func(label string) {
		if i := g.Broker.SelectedIndex(); i >= 0 {
			g.opt.Profile = g.choices[i]
			g.validate()
		}
	})
	g.Broker.PlaceHolder = g.t("broker_placeholder")
	return container.NewVBox(
		widget.NewLabelWithStyle(g.t("broker"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		g.Broker)
}

// brokerLabel names p's broker in the dialog's language, else the profile.
func (g *Dialog) brokerLabel(p profile.Profile) string {
	if b, ok := g.opt.Profiles.Broker(p.Name); ok {
		if n := b.Name.In(g.opt.Lang); n != "" {
			return n
		}
	}
	if p.Label != "" {
		return p.Label
	}
	return p.Name
}

// needsBroker: a bare setup code while the broker is still to be chosen
// (an otpauth:// link carries its own parameters).
func (g *Dialog) needsBroker(code string) bool {
	return g.Broker != nil && g.Broker.SelectedIndex() < 0 && !strings.Contains(code, "://")
}

// clipboardOffer is a one-click "use the code on the clipboard" when the
// clipboard holds a valid setup code (what the broker's コピー button put there).
func (g *Dialog) clipboardOffer(clip parsedCode) fyne.CanvasObject {
	text := clip.text
	if text == "" {
		return nil
	}
	label := jptext.NewLabel(g.t("clip_offer", "Masked", mask(text)))
	g.Offer = widget.NewButtonWithIcon(g.t("clip_use"), theme.ContentPasteIcon(), func() {
		g.last = clip
		g.setCode(text)
		g.opt.Window.Canvas().Focus(g.Name)
		label.SetText(g.t("clip_used", "Masked", mask(text)))
		g.Offer.Hide()
	})
	g.Offer.Importance = widget.HighImportance
	return container.NewVBox(label, container.NewHBox(g.Offer), widget.NewSeparator())
}

// clipboardCode reads the clipboard once and returns its text, parsed,
// when it is a valid setup code or otpauth link for p.
func clipboardCode(clip ClipboardReader, p profile.Profile) (parsedCode, bool) {
	if clip == nil {
		return parsedCode{}, false
	}
	text := strings.TrimSpace(clip.Content())
	if text == "" || len(text) > 4096 {
		return parsedCode{}, false
	}
	e, err := parseInput(text, p)
	if err != nil {
		return parsedCode{}, false
	}
	return parsedCode{text: text, profile: p.Name, e: e}, true
}

// mask shows enough of a code to recognise it, not to copy it.
func mask(text string) string {
	if strings.Contains(text, "://") {
		return "otpauth://…"
	}
	c := setupcode.Clean(text)
	if len(c) <= 8 {
		return c
	}
	return c[:4] + "…" + c[len(c)-4:]
}

// validate runs on every keystroke: the core's message under the field,
// and 登録 enabled only when both fields are right.
func (g *Dialog) validate() {
	g.parsed = nil
	code := strings.TrimSpace(g.Code.Text)
	switch {
	case code == "":
		g.Status.SetText("")
	default:
		e, err := g.parse(code)
		if err != nil {
			g.Status.Importance = widget.DangerImportance
			g.Status.SetText(g.errText(err))
		} else {
			g.parsed = &e
			if strings.TrimSpace(g.Name.Text) == "" && e.Issuer != "" {
				g.Name.SetText(e.Issuer) // re-enters validate once
				return
			}
			g.Status.Importance = widget.SuccessImportance
			g.Status.SetText(g.codeOK(code))
		}
	}
	if g.parsed != nil && g.needsBroker(code) {
		g.Status.Importance = widget.WarningImportance
		g.Status.SetText(g.t("broker_missing"))
	}
	g.relayout()
	if g.parsed != nil && strings.TrimSpace(g.Name.Text) != "" && !g.needsBroker(code) {
		g.Register.Enable()
	} else {
		g.Register.Disable()
	}
}

// parse parses code unless it is the text parsed last (validate runs on
// every keystroke in either field; a code from the clipboard or a QR
// image comes already parsed).
func (g *Dialog) parse(code string) (newaccount.Details, error) {
	if g.last.text != code || g.last.profile != g.opt.Profile.Name || code == "" {
		e, err := parseInput(code, g.opt.Profile)
		g.last = parsedCode{text: code, profile: g.opt.Profile.Name, e: e, err: err}
	}
	return g.last.e, g.last.err
}

func (g *Dialog) register() {
	if g.parsed == nil || g.needsBroker(strings.TrimSpace(g.Code.Text)) {
		return
	}
	if strings.TrimSpace(g.Name.Text) == "" {
		g.Status.Importance = widget.DangerImportance
		g.Status.SetText(g.t("name_missing"))
		return
	}
	a, err := g.opt.Store.Add(g.Name.Text, *g.parsed)
	if err != nil {
		g.Status.Importance = widget.DangerImportance
		g.Status.SetText(g.errText(err))
		g.relayout()
		return
	}
	if g.opt.OnAdded != nil {
		g.opt.OnAdded(a.ID)
	}
	g.showResult(a)
}

// showResult replaces the form with the first code, right away.
func (g *Dialog) showResult(a accounts.Account) {
	body := jptext.NewLabel(g.t("enrolled_body", "Name", a.Name))
	title := widget.NewLabelWithStyle("✓ "+g.t("enrolled_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Importance = widget.SuccessImportance
	objs := []fyne.CanvasObject{title, body}
	if gen, err := g.opt.Store.Generator(a.ID); err == nil {
		c := gen.At(g.opt.Now())
		g.Result = canvas.NewText(codes.Group(c.Code), theme.Color(theme.ColorNameForeground))
		g.Result.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
		g.Result.TextSize = theme.Size(omtheme.SizeNameCode)
		// Said here, not only on the window behind the dialog.
		failed := widget.NewLabel(g.t("copy_failed"))
		failed.Wrapping = fyne.TextWrapWord
		failed.Importance = widget.DangerImportance
		failed.Hide()
		g.CopyFailed = failed
		copyBtn := a11y.NewButton(g.t("copy"), theme.ContentCopyIcon(), g.t("a11y_copy_button", "Name", a.Name), func() {
			if g.opt.OnCopy == nil {
				return
			}
			if g.opt.OnCopy(a.ID) {
				failed.Hide()
			} else {
				failed.Show()
			}
			g.relayout()
		})
		copyBtn.Importance = widget.HighImportance
		g.CopyResult = copyBtn
		code := c.Code
		shown := a11y.Describe(g.Result, fyne.AccessibleRoleText, func() string {
			return g.t("a11y_code", "Digits", a11y.Digits(code))
		})
		// The code large and alone on its line; Copy and Close below it
		// as the dialog's button row.
		objs = append(objs, widget.NewSeparator(), container.NewCenter(shown), failed, widget.NewSeparator())
	} else {
		objs = append(objs, widget.NewLabel(g.errText(err)))
	}
	g.body.Objects = []fyne.CanvasObject{container.NewVBox(objs...)}
	g.body.Refresh()
	g.relayout()
	done := widget.NewButton(g.t("close"), g.close)
	buttons := []fyne.CanvasObject{done}
	if g.CopyResult != nil {
		buttons = append(buttons, g.CopyResult)
	} else {
		done.Importance = widget.HighImportance
	}
	g.d.SetButtons(buttons)
	g.opt.Window.Canvas().Focus(done)
}

func (g *Dialog) close() { g.d.Hide() }

// relayout grows the dialog when a message under a field got longer.
func (g *Dialog) relayout() {
	if g.d != nil {
		g.d.Resize(fyne.NewSize(omtheme.DialogWidth(g.opt.Window, 560), 0))
	}
}

// Close closes the dialog (Esc).
func (g *Dialog) Close() { g.close() }

// Open reports whether the dialog is still on screen: a second picture
// dropped on the window goes to it, with the transfer codes read so far.
func (g *Dialog) Open() bool { return !g.closed }

// pickQR asks for a QR image and reads it; cancelling does nothing.
func (g *Dialog) pickQR() {
	o := filepicker.Options{
		Title:  g.t("qr_file_title"),
		Filter: filepicker.Filter{Label: g.t("qr_file_filter"), Exts: []string{"png", "jpg", "jpeg"}},
	}
	g.opt.files().Open(o, func(path string, err error) {
		if err == nil && path != "" {
			var f *os.File
			if f, err = os.Open(path); err == nil {
				defer f.Close()
				g.LoadQR(f)
			} else {
				err = i18n.NewError(cat.M("qr_open_failed"), i18n.Message{}, err)
			}
		}
		if err != nil {
			g.Status.Importance = widget.DangerImportance
			g.Status.SetText(g.errText(err))
		}
	})
}

// LoadQR reads a QR image into the code field (also used for a file
// dropped on the window). It reads and checks the image as `omamori add
// --qr` does, so a QR holding no authenticator link or setup code gets
// the command's message, not a setup-code complaint about its text. A
// picture of Google Authenticator transfer codes goes to the import.
func (g *Dialog) LoadQR(r io.Reader) {
	data, err := io.ReadAll(io.LimitReader(r, otpauth.MaxImageBytes))
	if err == nil && g.opt.OnTransfer != nil {
		if codes, err := screenqr.Image(bytes.NewReader(data)); err == nil && g.takeTransfers(codes) {
			return
		}
	}
	e, text, err := addinput.FromQR(bytes.NewReader(data), g.opt.Profile)
	if err != nil {
		g.showError(err)
		return
	}
	g.last = parsedCode{text: text, profile: g.opt.Profile.Name, e: e} // what Parse makes of text: validate need not parse it again
	g.setCode(text)
}

// takeTransfers adds the transfer codes among codes to those read before
// and reports whether there were any. With every code of the export read,
// the dialog closes and the import preview takes over; otherwise the
// status line says which codes are still to show.
func (g *Dialog) takeTransfers(codes []screenqr.Code) bool {
	_, links := screenqr.Split(codes)
	if len(links) == 0 || g.opt.OnTransfer == nil {
		return false
	}
	if err := g.transfer.Add(links...); err != nil {
		g.showError(err)
		return true
	}
	if g.transfer.Complete() {
		data := g.transfer.Data()
		g.transfer.Clear()
		g.close()
		g.opt.OnTransfer(data)
		return true
	}
	g.Status.Importance = widget.WarningImportance
	g.Status.SetText(g.transfer.Status().In(g.opt.Lang))
	g.relayout()
	return true
}

// showError says what is wrong under the code field.
func (g *Dialog) showError(err error) {
	g.Status.Importance = widget.DangerImportance
	g.Status.SetText(g.errText(err))
	g.relayout()
}

// setCode fills the code field. An otpauth link holds the secret in
// plain text: it is masked like a password (screen readers say only its
// length), the issuer goes to the name and the status line says the link
// was read. Emptying the field unmasks it, for a setup code typed next.
func (g *Dialog) setCode(text string) {
	g.Code.Password = strings.Contains(text, "://")
	g.Code.SetText(text)
	g.Code.Refresh()
}

// readScreen reads the one authenticator QR code on the screen into the
// code field, as LoadQR does an image. The capture and the search take a
// moment on a large screen, so they run off Fyne's goroutine.
func (g *Dialog) readScreen() {
	g.Screen.Disable()
	go func() {
		found, err := g.opt.ReadScreen()
		fyne.Do(func() {
			g.Screen.Enable()
			if err == nil && g.takeTransfers(found) {
				return
			}
			text := ""
			if err == nil {
				text, err = screenqr.One(found)
			}
			if err != nil {
				g.showError(err)
				return
			}
			g.Code.SetText(text)
		})
	}()
}

// Entry is a text field that closes the dialog on Esc.
type Entry struct {
	widget.Entry
	onEsc   func()
	label   string        // the field's name, for screen readers
	lang    i18n.Lang     // the language it is read in
	problem func() string // what is wrong with it, read after its content
}

func newEntry(onEsc func(), l i18n.Lang, label string) *Entry {
	e := &Entry{onEsc: onEsc, lang: l, label: label}
	e.ExtendBaseWidget(e)
	return e
}

// AccessibilityRole is text.
func (e *Entry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// AccessibilityLabel reads the name, the content and what is wrong.
func (e *Entry) AccessibilityLabel() string {
	p := ""
	if e.problem != nil {
		p = e.problem()
	}
	return a11y.Join(e.lang, a11y.FieldLabel(e.lang, &e.Entry, e.label), p)
}

// TypedKey closes the dialog on Esc and otherwise types.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	e.Entry.TypedKey(k)
}

// codeOK says what was checked: a link was read, or a setup code has all
// its characters (only the form is checked, not that the broker issued it).
func (g *Dialog) codeOK(code string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(code)), "otpauth:") {
		return g.t("code_ok_link")
	}
	// The characters setupcode.Parse counted: separators such as ー or a
	// zero-width space pasted with the code are not characters of it.
	return g.t("code_ok", "N", utf8.RuneCountInString(setupcode.Clean(code)))
}
