package importplan

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/importfile"
	"github.com/omamori-app/omamori/internal/otpauth"
	"github.com/omamori-app/omamori/internal/profile"
)

// batchLinks are the two transfer codes of one export (index 1 first)
// and a code of another export.
func batchLinks(t *testing.T) (links []string, other string) {
	t.Helper()
	dir := filepath.Join("..", "importfile", "testdata", "own")
	b, err := os.ReadFile(filepath.Join(dir, "migration_batch.txt"))
	if err != nil {
		t.Fatal(err)
	}
	o, err := os.ReadFile(filepath.Join(dir, "migration_other_batch.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b)), strings.TrimSpace(string(o))
}

// The phone shows one code at a time: each read adds what it saw, a code
// read twice counts once, the status names what is still missing, and a
// code of another export is refused without losing what was read.
func TestTransferCollectsAcrossReads(t *testing.T) {
	links, other := batchLinks(t)
	var tr Transfer
	if tr.Complete() || tr.Total() != 0 {
		t.Fatal("empty transfer complete")
	}
	if err := tr.Add(links[0]); err != nil {
		t.Fatal(err)
	}
	if err := tr.Add(links[0]); err != nil || tr.Read() != 1 || tr.Total() != 2 || tr.Complete() {
		t.Fatalf("after one code: %v, %d of %d", err, tr.Read(), tr.Total())
	}
	if got := tr.Status().In(i18n.EN); !strings.Contains(got, "read: 1 of 2") || !strings.Contains(got, "number 1") {
		t.Errorf("status %q", got)
	}
	if got := tr.Status().In(i18n.JA); !strings.Contains(got, "1番目") {
		t.Errorf("status %q", got)
	}
	if err := tr.Add(other); !errors.Is(err, importfile.ErrBatch) || tr.Read() != 1 {
		t.Fatalf("other export: %v, %d read", err, tr.Read())
	}
	if err := tr.Add(links[1], links[0]); err != nil || !tr.Complete() {
		t.Fatalf("both: %v, complete %v", err, tr.Complete())
	}
	if n := len(strings.Fields(string(tr.Data()))); n != 2 {
		t.Fatalf("data holds %d links", n)
	}
	s, _ := store(t)
	p, err := Prepare(s, tr.Data(), importfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if add, _ := p.Count(); add != 2 || p.Format != importfile.Migration {
		t.Fatalf("preview adds %d, format %q", add, p.Format)
	}
	tr.Clear()
	if tr.Total() != 0 || len(tr.Data()) != 0 {
		t.Fatal("Clear kept codes")
	}
}

// A screenshot of the transfer screen goes through the same import: its
// QR codes are read as the file of their links.
func TestPrepareScreenshot(t *testing.T) {
	links, _ := batchLinks(t)
	pic := image.NewRGBA(image.Rect(0, 0, 1000, 500))
	draw.Draw(pic, pic.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	for i, l := range links {
		b, err := otpauth.EncodeQR(l, 300)
		if err != nil {
			t.Fatal(err)
		}
		q, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		draw.Draw(pic, q.Bounds().Add(image.Pt(40+i*500, 100)), q, q.Bounds().Min, draw.Src)
	}
	var shot bytes.Buffer
	if err := png.Encode(&shot, pic); err != nil {
		t.Fatal(err)
	}
	s, _ := store(t)
	p, err := Prepare(s, shot.Bytes(), importfile.Options{Period: 60})
	if err != nil {
		t.Fatal(err)
	}
	added, err := Apply(context.Background(), s, p)
	if err != nil || len(added) != 2 {
		t.Fatalf("added %d: %v", len(added), err)
	}
	for _, a := range added {
		if e, _ := s.Export(a.ID); e.Profile.Period != 60 {
			t.Errorf("%s: period %d", a.Name, e.Profile.Period)
		}
	}
}

// Transfer codes carry no step: an entry whose issuer is a broker's (by
// the profile's issuer, label or name) gets the broker's; the others 30 s.
func TestByIssuerGivesTheBrokersStep(t *testing.T) {
	broker := profile.Profile{Name: "mizuho", Label: "Mizuho", Issuer: "みずほ証券", Encoding: profile.Base32,
		Length: 32, Digits: 6, Period: 60, Algorithm: profile.SHA1}
	noTOTP := profile.Profile{Name: "Example", Label: "Example"}
	data, err := os.ReadFile(filepath.Join("..", "importfile", "testdata", "own", "migration_single.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := store(t)
	p, err := Prepare(s, data, importfile.Options{Profile: ByIssuer([]profile.Profile{noTOTP, broker})})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, st := range p.Plan.Steps {
		got[st.Item.Issuer] = st.Item.Profile.Period
	}
	if got["みずほ証券"] != 60 || got["Example"] != 30 {
		t.Fatalf("periods %v", got)
	}
	for _, issuer := range []string{" mizuho ", "MIZUHO", "みずほ証券"} {
		if _, ok := ByIssuer([]profile.Profile{broker})(issuer); !ok {
			t.Errorf("%q does not match", issuer)
		}
	}
	if _, ok := ByIssuer([]profile.Profile{broker})(""); ok {
		t.Error("an empty issuer matches")
	}
}
