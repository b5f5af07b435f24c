package securitykey

import (
	"errors"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
)

// Transport is how the key is connected.
type Transport string

// Transports libfido2 can tell apart.
const (
	TransportUnknown Transport = ""
	TransportUSB     Transport = "usb"
	TransportNFC     Transport = "nfc"
	TransportVirtual Transport = "virtual" // practice mode
	TransportHello   Transport = "windows_hello"
)

// TransportFromPath guesses the transport from a libfido2 device path:
// NFC readers appear as "nfc:..." or "pcsc://...", HID keys by their
// OS path (hidraw, IOService, \\?\hid#...).
func TransportFromPath(path string) Transport {
	p := strings.ToLower(path)
	switch {
	case strings.HasPrefix(p, "windows://hello"):
		return TransportHello
	case strings.HasPrefix(p, "nfc:"), strings.HasPrefix(p, "pcsc:"):
		return TransportNFC
	case strings.HasPrefix(p, "/dev/hidraw"), strings.HasPrefix(p, "/dev/uhid"),
		strings.HasPrefix(p, "iokit:"), strings.HasPrefix(p, "ioservice:"),
		strings.HasPrefix(p, `\\?\hid`):
		return TransportUSB
	}
	return TransportUnknown
}

// PINState says whether the key has a PIN.
type PINState int

// PIN states, from getInfo's clientPin option.
const (
	PINUnknown     PINState = iota // details not read (yet)
	PINUnsupported                 // the key cannot have a PIN
	PINNotSet                      // the key can have a PIN but has none: set one
	PINSet
)

// Slots is passkey room on a key: known only after the PIN was given
// (credential management needs it).
type Slots struct {
	Known bool
	Used  int
	Free  int
}

// KeyInfo is what the screen shows about one key.
type KeyInfo struct {
	Path      string
	Product   string // as the key calls itself over USB
	Maker     string // from the AAGUID table, else the USB manufacturer
	Model     string // from the AAGUID table; "" when unknown
	AAGUID    string
	Versions  []string // "FIDO_2_1", "FIDO_2_0", "U2F_V2"
	FIDO2     bool
	Transport Transport
	Reader    string // NFC: the reader the key lies on ("ACS ACR122U PICC Interface 00 00")
	Practice  bool   // the virtual key of practice mode

	PIN        PINState
	PINRetries int // -1 when unknown
	CredMgmt   bool
	Slots      Slots
	Loaded     bool  // details were read from the key
	Err        error // why details could not be read (*i18n.Error)
}

// Name is what to call the key: the model (from its AAGUID), else "NFC
// security key" for a key on a reader (which names only the reader),
// else the USB product string, else "unknown key".
func (k KeyInfo) Name(l i18n.Lang) string {
	switch {
	case k.Practice:
		return cat.M("practice_key").In(l)
	case k.Model != "":
		return k.Model
	case k.Transport == TransportNFC:
		return cat.M("nfc_key").In(l)
	case k.Product != "":
		return k.Product
	}
	return cat.M("unknown_key").In(l)
}

// VersionNames is Versions in words people know: "FIDO2.1", "U2F".
func (k KeyInfo) VersionNames() []string {
	var out []string
	for _, v := range k.Versions {
		switch v {
		case "FIDO_2_0":
			out = append(out, "FIDO2.0")
		case "FIDO_2_1_PRE":
			out = append(out, "FIDO2.1 (preview)")
		case "FIDO_2_1":
			out = append(out, "FIDO2.1")
		case "U2F_V2":
			out = append(out, "U2F")
		default:
			out = append(out, v)
		}
	}
	return out
}

// Status is one line on what to do with this key now.
func (k KeyInfo) Status() i18n.Message {
	switch {
	case k.Err != nil:
		return cat.M("status_error")
	case !k.Loaded:
		return cat.M("status_reading")
	case !k.FIDO2:
		return cat.M("status_u2f_only")
	case k.PIN == PINNotSet:
		return cat.M("status_no_pin")
	case k.PIN == PINSet && k.PINRetries == 0:
		return cat.M("status_blocked")
	case k.PIN == PINSet && k.PINRetries > 0 && k.PINRetries <= 3:
		return cat.M("status_few_retries", "Left", k.PINRetries)
	}
	return cat.M("status_ok")
}

// TransportLabel is the connection in words ("USB", "仮想（練習用）").
func (k KeyInfo) TransportLabel() i18n.Message {
	if k.Transport == TransportUnknown {
		return cat.M("transport_unknown")
	}
	return cat.M("transport_" + string(k.Transport))
}

// ConnectionLabel is the connection with the reader for a key on an NFC
// reader ("NFC（リーダー: ACS ACR122U …）"), else TransportLabel.
func (k KeyInfo) ConnectionLabel() i18n.Message {
	if k.Transport == TransportNFC && k.Reader != "" {
		return cat.M("transport_nfc_reader", "Reader", k.Reader)
	}
	return k.TransportLabel()
}

// PINLabel is the PIN state in words ("設定済み", "未設定").
func (k KeyInfo) PINLabel() i18n.Message {
	switch k.PIN {
	case PINSet:
		return cat.M("pin_state_set")
	case PINNotSet:
		return cat.M("pin_state_not_set")
	case PINUnsupported:
		return cat.M("pin_state_unsupported")
	}
	return cat.M("pin_state_unknown")
}

// SlotsLabel is "3 of 25 used", that the PIN is needed to know, or that
// the key cannot list its passkeys at all.
func (k KeyInfo) SlotsLabel() i18n.Message {
	if k.Loaded && k.Err == nil && !k.CredMgmt {
		return cat.M("slots_cannot_list")
	}
	if !k.Slots.Known {
		return cat.M("slots_unknown")
	}
	return PasskeyList{Used: k.Slots.Used, Free: k.Slots.Free}.Summary()
}

// NeedsAttention reports whether Status is a warning (no PIN, PIN
// locked or nearly, details unreadable, U2F only), for the screen to
// highlight it.
func (k KeyInfo) NeedsAttention() bool {
	switch k.Status().Key {
	case "status_ok", "status_reading":
		return false
	}
	return true
}

func baseInfo(loc Location) KeyInfo {
	k := KeyInfo{
		Path: loc.Path, Product: loc.Product, Maker: loc.Manufacturer,
		Transport: loc.Transport, PINRetries: -1,
	}
	if k.Transport == TransportUnknown {
		k.Transport = TransportFromPath(loc.Path)
	}
	if k.Transport == TransportNFC {
		// libfido2 reports a PC/SC reader's name as the product and
		// "PC/SC" (or the NFC driver) as the maker: they are the
		// reader's, not the key's.
		k.Reader, k.Product, k.Maker = loc.Product, "", ""
	}
	k.Practice = k.Transport == TransportVirtual
	return k
}

// readInfo asks the key for its details (getInfo and, with a PIN, the
// retry count). It never needs a touch or a PIN. The caller holds s.op.
func (s *Service) readInfo(loc Location) KeyInfo {
	k := baseInfo(loc)
	d, err := s.drv.Open(loc.Path)
	if err == nil {
		err = fillInfo(&k, d)
	}
	if err != nil {
		if errors.Is(err, ErrUnsupported) { // U2F only: not an error to show
			k.Loaded = true
			s.store(k)
			return k
		}
		k.Err = s.translate(OpInfo, loc.Path, err, nil)
		return k
	}
	k.Slots = s.knownSlots(loc.Path)
	s.store(k)
	return k
}

func fillInfo(k *KeyInfo, d Device) error {
	info, err := d.Info()
	if err != nil {
		return err
	}
	k.Loaded, k.FIDO2 = true, true
	k.Versions = info.Versions
	k.AAGUID = FormatAAGUID(info.AAGUID)
	if m, ok := LookupModel(k.AAGUID); ok {
		k.Maker, k.Model = m.Maker, m.Name
	}
	k.CredMgmt = hasCredMgmt(info)
	switch set, ok := info.Options["clientPin"]; {
	case !ok:
		k.PIN = PINUnsupported
	case !set:
		k.PIN = PINNotSet
	default:
		k.PIN = PINSet
		n, err := d.PINRetries()
		if err != nil {
			return err
		}
		k.PINRetries = n
	}
	return nil
}

func hasCredMgmt(info RawInfo) bool {
	return info.Options["credMgmt"] || info.Options["credentialMgmtPreview"]
}
