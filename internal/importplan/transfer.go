package importplan

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/screenqr"
)

// Transfer collects the QR codes of one Google Authenticator export as
// they are read from the screen or from images, across reads: the phone
// shows one QR code at a time, so the customer reads the first, shows
// the next and reads again, and nothing read before is lost. Once every
// code is there, Data is what Prepare (or the window's preview) takes.
type Transfer struct {
	b     importfile.Batches
	links []string
}

// Add takes transfer links read at once. A code read before is ignored;
// one from another export is refused (*i18n.Error), keeping the rest.
func (t *Transfer) Add(links ...string) error {
	for _, l := range links {
		before := len(t.b.Missing())
		if err := t.b.Add(l); err != nil {
			return err
		}
		if len(t.links) == 0 || len(t.b.Missing()) < before {
			t.links = append(t.links, l)
		}
	}
	return nil
}

// Read is how many of the export's QR codes have been read, of Total.
func (t *Transfer) Read() int { return t.Total() - len(t.b.Missing()) }

// Total is how many QR codes the export has (0 before the first).
func (t *Transfer) Total() int { return t.b.Size() }

// Complete reports whether every QR code of the export has been read.
func (t *Transfer) Complete() bool { return len(t.links) > 0 && len(t.b.Missing()) == 0 }

// Status says how far the reading is and which codes are still to show,
// for the line under the button or the command's prompt.
func (t *Transfer) Status() i18n.Message {
	m := t.b.Missing()
	nums := make([]string, len(m))
	for i, n := range m {
		nums[i] = strconv.Itoa(n)
	}
	return cat.M("transfer_status", "Read", t.Read(), "Total", t.Total(), "Missing", strings.Join(nums, ", "))
}

// Data is the links, one a line: an import file of the transfer codes.
func (t *Transfer) Data() []byte { return []byte(strings.Join(t.links, "\n")) }

// Clear forgets what was read (the links hold the secrets).
func (t *Transfer) Clear() { *t = Transfer{} }

// imageLinks turns a picture of QR codes (a screenshot of Google
// Authenticator's transfer screen or of a page's QR code) into the import
// file its codes make: the transfer links when there are any, else the
// otpauth:// links.
func imageLinks(data []byte) ([]byte, error) {
	codes, err := screenqr.Image(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	uris, transfers := screenqr.Split(codes)
	if len(transfers) > 0 {
		uris = transfers
	}
	return []byte(strings.Join(uris, "\n")), nil
}
