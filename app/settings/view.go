package settings

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	omtheme "github.com/omamori-app/omamori/app/theme"
	"github.com/omamori-app/omamori/app/translations"
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

// Show opens the settings dialog; onSave gets the new settings when the
// user presses 保存 (the caller saves them and applies them).
func Show(w fyne.Window, cur Settings, hasTray bool, onSave func(Settings)) dialog.Dialog {
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
	// The tray choices are long sentences: full width under the form.
	body := container.NewVBox(widget.NewForm(items...), hidden, toTray)
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
		onSave(s)
	}, w)
	d.Resize(fyne.NewSize(omtheme.DialogWidth(w, 560), 0))
	d.Show()
	return d
}
