package settings

import (
	"embed"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/a11y"
	"github.com/omamori-app/omamori/app/jptext"
	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
)

//go:embed locales
var locales embed.FS

var cat = i18n.MustCatalog("app/settings", locales)

// choice pairs a stored value with its label.
type choice struct {
	value string
	label string
}

func pick(cs []choice, value string) string {
	for _, c := range cs {
		if c.value == value {
			return c.label
		}
	}
	return cs[0].label
}

func valueOf(cs []choice, label string) string {
	for _, c := range cs {
		if c.label == label {
			return c.value
		}
	}
	return cs[0].value
}

func labels(cs []choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.label
	}
	return out
}

// Clock is the time part of the dialog: the user's time servers and
// whether codes are corrected for a wrong PC clock. They live in the
// clock check's own file (shared with the command line), so Save stores
// and applies them; its error is shown to the user.
type Clock struct {
	Prefs timesync.Prefs
	Save  func(timesync.Prefs) error
}

// Show opens the settings dialog in language l; onSave gets the new
// settings when the user presses 保存 (the caller saves them and applies
// them, a new language included). clock nil leaves out the time servers.
func Show(w fyne.Window, l i18n.Lang, cur Settings, hasTray bool, clock *Clock, onSave func(Settings)) dialog.Dialog {
	return ShowWithLock(w, l, cur, hasTray, clock, nil, onSave)
}

// ShowWithLock is Show with the app lock's section (lock.go); lock nil
// leaves it out.
func ShowWithLock(w fyne.Window, l i18n.Lang, cur Settings, hasTray bool, clock *Clock, lock *Lock, onSave func(Settings)) dialog.Dialog {
	return ShowWithUpdate(w, l, cur, hasTray, clock, lock, nil, onSave)
}

// ShowWithUpdate is ShowWithLock with the 更新 section (update.go); upd
// nil leaves it out.
func ShowWithUpdate(w fyne.Window, l i18n.Lang, cur Settings, hasTray bool, clock *Clock, lock *Lock, upd *Update, onSave func(Settings)) dialog.Dialog {
	t := func(key string, kv ...any) string { return cat.M(key, kv...).In(l) }
	langs := []choice{{"", t("lang_auto")}, {"ja", "日本語"}, {"en", "English"}}
	themes := []choice{{omtheme.System, t("theme_system")}, {omtheme.Light, t("theme_light")}, {omtheme.Dark, t("theme_dark")}}
	sizes := []choice{{"", t("text_normal")}, {"large", t("text_large")}}
	var delays []choice
	for _, n := range ClearChoices {
		if n < 0 {
			delays = append(delays, choice{"-1", t("clear_never")})
		} else {
			delays = append(delays, choice{strconv.Itoa(n), t("clear_seconds", "N", n)})
		}
	}
	lang := a11y.NewSelect(l, t("language"), labels(langs), nil)
	lang.SetSelected(pick(langs, cur.Language))
	th := a11y.NewSelect(l, t("theme"), labels(themes), nil)
	th.SetSelected(pick(themes, cur.Theme))
	size := a11y.NewRadioGroup(l, t("text_size"), labels(sizes), nil)
	size.Horizontal = true
	size.Required = true
	large := ""
	if cur.LargeText {
		large = "large"
	}
	size.SetSelected(pick(sizes, large))
	delay := a11y.NewSelect(l, t("clear_delay"), labels(delays), nil)
	delay.SetSelected(pick(delays, strconv.Itoa(cur.ClearAfter())))
	hidden := a11y.NewCheck(l, t("start_hidden"), nil)
	hidden.SetChecked(cur.StartHidden)
	toTray := a11y.NewCheck(l, t("close_to_tray"), nil)
	toTray.SetChecked(cur.HideOnClose())
	if !hasTray {
		hidden.Disable()
		toTray.Disable()
	}
	items := []*widget.FormItem{
		widget.NewFormItem(t("language"), lang),
		widget.NewFormItem(t("text_size"), size),
		widget.NewFormItem(t("theme"), th),
		widget.NewFormItem(t("clear_delay"), delay),
	}
	var servers *a11y.Entry
	var correct *a11y.Check
	if clock != nil {
		servers, correct = clockFields(clock.Prefs, l)
		items = append(items, widget.NewFormItem(t("time_servers"), servers))
	}
	// The tray choices are long sentences: full width under the form.
	form := widget.NewForm(items...)
	body := container.NewVBox(form)
	if servers != nil {
		// What an empty entry means, wrapped under the form: as a placeholder
		// or a form hint (one line) it was cut off at the entry's width.
		hint := jptext.NewLabel(t("time_servers_default"))
		hint.SizeName = theme.SizeNameCaptionText
		hint.Importance = widget.LowImportance
		body.Add(hint)
		// Under the hint that says when codes are corrected.
		body.Add(correct)
	}
	body.Add(hidden)
	body.Add(toTray)
	var lk *lockFields
	if lock != nil {
		lk = newLockFields(lock, cur, l, w)
		body.Add(lk.obj)
	}
	if upd != nil {
		body.Add(updateSection(upd, l))
	}
	holder := container.NewStack(body)
	d := dialog.NewCustomConfirm(t("settings_title"), t("save"), t("cancel"), holder, func(ok bool) {
		if !ok {
			return
		}
		s := cur
		s.Language = valueOf(langs, lang.Selected)
		s.Theme = valueOf(themes, th.Selected)
		s.LargeText = valueOf(sizes, size.Selected) == "large"
		s.ClearSeconds, _ = strconv.Atoi(valueOf(delays, delay.Selected))
		s.StartHidden = hidden.Checked
		v := toTray.Checked
		s.CloseToTray = &v
		if lk != nil {
			lk.save(&s, w)
		}
		if clock != nil {
			p := timesync.Prefs{Servers: splitServers(servers.Text)}
			if !correct.Checked {
				off := false
				p.Correct = &off
			}
			if err := clock.Save(p); err != nil {
				// A jptext label: Fyne's information dialog breaks Japanese inside words.
				e := dialog.NewCustom(t("time_servers"), t("close"), jptext.NewLabel(i18n.Localize(err, l)), w)
				e.Resize(fyne.NewSize(omtheme.DialogWidth(w, 440), 0))
				e.Show()
			}
		}
		onSave(s)
	}, w)
	fitWidth(d, holder, form, w)
	fitHeight(d, holder, w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 560), 0))
	d.Show()
	return d
}

// fitWidth puts the form's labels above their fields when label and
// field side by side are wider than the dialog can be: large text, or
// Japanese in wine's 528-pixel window, pushed the fields past the
// window's edge.
func fitWidth(d dialog.Dialog, holder *fyne.Container, form *widget.Form, w fyne.Window) {
	sized, ok := d.(interface{ MinSize() fyne.Size })
	if !ok {
		return
	}
	room := omtheme.DialogWidth(w, 560) - (sized.MinSize().Width - holder.MinSize().Width)
	if form.MinSize().Width > room {
		form.Orientation = widget.Vertical
		form.Refresh()
	}
}

// fitHeight scrolls the settings (holder's one object) when the dialog
// is taller than its window (a small window, large text, the lock and
// update rows): squeezed, Fyne's dialog put Save and Cancel over the last
// rows, as under wine's 800×600 desktop.
func fitHeight(d dialog.Dialog, holder *fyne.Container, w fyne.Window) {
	sized, ok := d.(interface{ MinSize() fyne.Size })
	win := w.Canvas().Size().Height
	if !ok || win <= 0 || sized.MinSize().Height <= win {
		return
	}
	body := holder.Objects[0]
	room := max(body.MinSize().Height-(sized.MinSize().Height-win), 120)
	sc := container.NewVScroll(body)
	sc.SetMinSize(fyne.NewSize(body.MinSize().Width, room))
	holder.Objects = []fyne.CanvasObject{sc}
	holder.Refresh()
}

// clockFields are the time servers entry, checked as it is typed, and the
// correction check box.
func clockFields(p timesync.Prefs, l i18n.Lang) (*a11y.Entry, *a11y.Check) {
	t := func(key string) string { return cat.M(key).In(l) }
	servers := a11y.NewEntry(l, t("time_servers"))
	servers.SetText(strings.Join(p.Servers, ", "))
	servers.Validator = func(text string) error {
		_, err := timesync.DefaultConfig().WithPrefs(timesync.Prefs{Servers: splitServers(text)})
		if err != nil {
			return errors.New(i18n.Localize(err, l))
		}
		return nil
	}
	correct := a11y.NewCheck(l, t("time_correct"), nil)
	correct.SetChecked(p.CorrectOn())
	return servers, correct
}

// splitServers reads "a, b c" as a list of servers.
func splitServers(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '、' || r == '\n' })
}
