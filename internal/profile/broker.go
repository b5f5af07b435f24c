package profile

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Broker is what Omamori knows about the broker behind a profile: the
// facts a customer needs beside a code (where it may be typed, who resets
// it). Every field may be empty: an unknown fact is left out, never
// guessed. It is kept apart from Profile because accounts and keyring
// items store their Profile (the secret's parameters), while broker facts
// are looked up by the profile's name, so a fact added later reaches
// accounts enrolled before.
type Broker struct {
	Name Text `json:"name,omitzero"` // the broker's name, e.g. 三菱UFJモルガン・スタンレー証券

	// Origins are the broker's official HTTPS hosts, exact ("www.example.co.jp"):
	// every page below must be on one of them.
	Origins        []string `json:"origins,omitempty"`
	LoginURL       string   `json:"login_url,omitempty"`        // the online-trading login page
	PasskeyURL     string   `json:"passkey_url,omitempty"`      // where passkeys are registered or explained
	OTPRegisterURL string   `json:"otp_register_url,omitempty"` // one-time password registration
	DownloadURL    string   `json:"download_url,omitempty"`     // the broker's own download page
	RPIDs          []string `json:"rp_ids,omitempty"`           // WebAuthn relying-party IDs of its passkeys
	MaxPasskeys    int      `json:"max_passkeys,omitempty"`     // per account; 0 = not known
	OTPDevices     int      `json:"otp_devices,omitempty"`      // devices that may hold the one-time password; 0 = not known
	OTPReset       Contact  `json:"otp_reset,omitzero"`         // who re-sets the one-time password
	PasskeyContact Contact  `json:"passkey_contact,omitzero"`   // who answers passkey questions
}

// Text is a short text in both languages.
type Text struct {
	JA string `json:"ja,omitempty"`
	EN string `json:"en,omitempty"`
}

// In is the text in l, else in the other language ("" if neither).
func (t Text) In(l i18n.Lang) string {
	if l == i18n.EN && t.EN != "" || t.JA == "" {
		return t.EN
	}
	return t.JA
}

// Contact is a call centre: its name, number and opening hours.
type Contact struct {
	Name  Text   `json:"name,omitzero"`
	Phone string `json:"phone,omitempty"` // as dialled, e.g. "0120-17-3234 4#"
	Hours Text   `json:"hours,omitzero"`
}

// IsZero reports whether b knows nothing.
func (b Broker) IsZero() bool {
	return b.Name == (Text{}) && len(b.Origins) == 0 && b.LoginURL == "" && b.PasskeyURL == "" &&
		b.OTPRegisterURL == "" && b.DownloadURL == "" && len(b.RPIDs) == 0 && b.MaxPasskeys == 0 &&
		b.OTPDevices == 0 && b.OTPReset == (Contact{}) && b.PasskeyContact == (Contact{})
}

// LoginHost is the host of the official login page: the one place a code
// of this broker may be typed. "" when the profile names no login page.
func (b Broker) LoginHost() string {
	if b.LoginURL == "" {
		return ""
	}
	u, err := url.Parse(b.LoginURL)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// OneDevice reports whether the broker lets only one device hold the
// one-time password, so it must not be copied to a phone too.
func (b Broker) OneDevice() bool { return b.OTPDevices == 1 }

// linkFields are the fields only a built-in or a policy may set: pages,
// hosts, RP IDs and phone numbers. A file the user was mailed must not be
// able to plant an "official" page or number.
func (b Broker) linkFields() []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(len(b.Origins) > 0, "origins")
	add(b.LoginURL != "", "login_url")
	add(b.PasskeyURL != "", "passkey_url")
	add(b.OTPRegisterURL != "", "otp_register_url")
	add(b.DownloadURL != "", "download_url")
	add(len(b.RPIDs) > 0, "rp_ids")
	add(b.OTPReset.Phone != "", "otp_reset.phone")
	add(b.PasskeyContact.Phone != "", "passkey_contact.phone")
	return out
}

// withoutLinks is b with the fields of linkFields cleared.
func (b Broker) withoutLinks() Broker {
	b.Origins, b.RPIDs = nil, nil
	b.LoginURL, b.PasskeyURL, b.OTPRegisterURL, b.DownloadURL = "", "", "", ""
	b.OTPReset.Phone, b.PasskeyContact.Phone = "", ""
	return b
}

// over lays the fields set in top over b: a policy completes a profile
// field by field.
func (b Broker) over(top Broker) Broker {
	text := func(dst *Text, src Text) {
		if src.JA != "" {
			dst.JA = src.JA
		}
		if src.EN != "" {
			dst.EN = src.EN
		}
	}
	str := func(dst *string, src string) {
		if src != "" {
			*dst = src
		}
	}
	contact := func(dst *Contact, src Contact) {
		text(&dst.Name, src.Name)
		str(&dst.Phone, src.Phone)
		text(&dst.Hours, src.Hours)
	}
	text(&b.Name, top.Name)
	if len(top.Origins) > 0 {
		b.Origins = slices.Clone(top.Origins)
	}
	str(&b.LoginURL, top.LoginURL)
	str(&b.PasskeyURL, top.PasskeyURL)
	str(&b.OTPRegisterURL, top.OTPRegisterURL)
	str(&b.DownloadURL, top.DownloadURL)
	if len(top.RPIDs) > 0 {
		b.RPIDs = slices.Clone(top.RPIDs)
	}
	if top.MaxPasskeys != 0 {
		b.MaxPasskeys = top.MaxPasskeys
	}
	if top.OTPDevices != 0 {
		b.OTPDevices = top.OTPDevices
	}
	contact(&b.OTPReset, top.OTPReset)
	contact(&b.PasskeyContact, top.PasskeyContact)
	return b
}

// Validate reports the first thing wrong with b, for the profile called
// name: hosts that are not plain host names, pages that are not HTTPS on
// one of the origins, RP IDs that none of the origins may use, numbers
// that are not phone numbers.
func (b Broker) Validate(name string) error {
	bad := func(field, value string) error {
		return invalid(cat.M("bad_broker_field", "Name", name, "Field", field, "Value", value))
	}
	for _, h := range b.Origins {
		if !validHost(h) {
			return bad("origins", h)
		}
	}
	for field, u := range map[string]string{"login_url": b.LoginURL, "passkey_url": b.PasskeyURL,
		"otp_register_url": b.OTPRegisterURL, "download_url": b.DownloadURL} {
		if u != "" && !b.officialURL(u) {
			return invalid(cat.M("bad_broker_url", "Name", name, "Field", field, "Value", u))
		}
	}
	for _, id := range b.RPIDs {
		if !validHost(id) || !b.rpAllowed(id) {
			return bad("rp_ids", id)
		}
	}
	if b.MaxPasskeys < 0 {
		return bad("max_passkeys", strconv.Itoa(b.MaxPasskeys))
	}
	if b.OTPDevices < 0 {
		return bad("otp_devices", strconv.Itoa(b.OTPDevices))
	}
	for field, p := range map[string]string{"otp_reset.phone": b.OTPReset.Phone, "passkey_contact.phone": b.PasskeyContact.Phone} {
		if p != "" && !validPhone(p) {
			return bad(field, p)
		}
	}
	return nil
}

// officialURL: https, no user or port, on one of the origins exactly.
func (b Broker) officialURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" || u.Opaque != "" {
		return false
	}
	return slices.Contains(b.Origins, u.Host)
}

// rpAllowed: WebAuthn lets an origin use its own host or a parent domain
// of it as RP ID.
func (b Broker) rpAllowed(id string) bool {
	for _, h := range b.Origins {
		if h == id || strings.HasSuffix(h, "."+id) {
			return true
		}
	}
	return false
}

// validHost is a lower-case DNS name with at least two labels: no scheme,
// port, path or IP literal tricks.
func validHost(h string) bool {
	if len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	last := h[strings.LastIndex(h, ".")+1:]
	return strings.IndexFunc(last, func(r rune) bool { return r < '0' || r > '9' }) >= 0 // not an IPv4 address
}

// validPhone: digits with the usual separators and "#" for the menu choice.
func validPhone(p string) bool {
	if len(p) > 32 || strings.IndexFunc(p, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 {
		return false
	}
	return strings.Trim(p, "0123456789 -+#()") == ""
}
