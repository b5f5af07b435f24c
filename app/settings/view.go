package settings

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/omamori-app/omamori/app/jptext"
	omtheme "github.com/omamori-app/omamori/app/theme"
	"github.com/omamori-app/omamori/app/translations"
	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/timesync"
)

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

// Show opens the settings dialog; onSave gets the new settings when the
// user presses 保存 (the caller saves them and applies them). clock nil
// leaves out the time servers.
func Show(w fyne.Window, cur Settings, hasTray bool, clock *Clock, onSave func(Settings)) dialog.Dialog {
	langs := []choice{{"", translations.T("lang_auto")}, {"ja", "日本語"}, {"en", "English"}}
	themes := []choice{{omtheme.System, translations.T("theme_system")}, {omtheme.Light, translations.T("theme_light")}, {omtheme.Dark, translations.T("theme_dark")}}
	sizes := []choice{{"", translations.T("text_normal")}, {"large", translations.T("text_large")}}
	var delays []choice
	for _, n := range ClearChoices {
		if n < 0 {
			delays = append(delays, choice{"-1", translations.T("clear_never")})
		} else {
			delays = append(delays, choice{strconv.Itoa(n), translations.T("clear_seconds", "N", n)})
		}
	}
	lang := widget.NewSelect(labels(langs), nil)
	lang.SetSelected(pick(langs, cur.Language))
	th := widget.NewSelect(labels(themes), nil)
	th.SetSelected(pick(themes, cur.Theme))
	size := widget.NewRadioGroup(labels(sizes), nil)
	size.Horizontal = true
	size.Required = true
	large := ""
	if cur.LargeText {
		large = "large"
	}
	size.SetSelected(pick(sizes, large))
	delay := widget.NewSelect(labels(delays), nil)
	delay.SetSelected(pick(delays, strconv.Itoa(cur.ClearAfter())))
	hidden := widget.NewCheck(translations.T("start_hidden"), nil)
	hidden.SetChecked(cur.StartHidden)
	toTray := widget.NewCheck(translations.T("close_to_tray"), nil)
	toTray.SetChecked(cur.HideOnClose())
	if !hasTray {
		hidden.Disable()
		toTray.Disable()
	}
	items := []*widget.FormItem{
		widget.NewFormItem(translations.T("language"), lang),
		widget.NewFormItem(translations.T("text_size"), size),
		widget.NewFormItem(translations.T("theme"), th),
		widget.NewFormItem(translations.T("clear_delay"), delay),
	}
	var servers *widget.Entry
	var correct *widget.Check
	if clock != nil {
		servers, correct = clockFields(clock.Prefs)
		items = append(items, widget.NewFormItem(translations.T("time_servers"), servers))
	}
	// The tray choices are long sentences: full width under the form.
	body := container.NewVBox(widget.NewForm(items...))
	if servers != nil {
		// What an empty entry means, wrapped under the form: as a placeholder
		// or a form hint (one line) it was cut off at the entry's width.
		hint := jptext.NewLabel(translations.T("time_servers_default"))
		hint.SizeName = theme.SizeNameCaptionText
		hint.Importance = widget.LowImportance
		body.Add(hint)
	}
	body.Add(hidden)
	body.Add(toTray)
	if correct != nil {
		body.Add(correct)
	}
	d := dialog.NewCustomConfirm(translations.T("settings_title"), translations.T("save"), translations.T("cancel"), body, func(ok bool) {
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
		if clock != nil {
			p := timesync.Prefs{Servers: splitServers(servers.Text)}
			if !correct.Checked {
				off := false
				p.Correct = &off
			}
			if err := clock.Save(p); err != nil {
				dialog.ShowInformation(translations.T("time_servers"), i18n.Localize(err, translations.Lang()), w)
			}
		}
		onSave(s)
	}, w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 560), 0))
	d.Show()
	return d
}

// clockFields are the time servers entry, checked as it is typed, and the
// correction check box.
func clockFields(p timesync.Prefs) (*widget.Entry, *widget.Check) {
	servers := widget.NewEntry()
	servers.SetText(strings.Join(p.Servers, ", "))
	servers.Validator = func(text string) error {
		_, err := timesync.DefaultConfig().WithPrefs(timesync.Prefs{Servers: splitServers(text)})
		if err != nil {
			return errors.New(i18n.Localize(err, translations.Lang()))
		}
		return nil
	}
	correct := widget.NewCheck(translations.T("time_correct"), nil)
	correct.SetChecked(p.CorrectOn())
	return servers, correct
}

// splitServers reads "a, b c" as a list of servers.
func splitServers(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '、' || r == '\n' })
}
