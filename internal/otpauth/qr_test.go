package otpauth

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/newaccount"
)

func sampleKey(t *testing.T) newaccount.Details {
	t.Helper()
	k, err := Parse("otpauth://totp/%E4%B8%89%E8%8F%B1%E8%A8%BC%E5%88%B8:%E4%B8%89%E8%8F%B1%20%E5%A4%AA%E9%83%8E?secret=" + secret + "&digits=8&period=60&algorithm=SHA256")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// EncodeQR (go-qrcode) → DecodeQR (gozxing) → Parse: two independent QR
// implementations agree, Japanese text included.
func TestQRRoundTrip(t *testing.T) {
	k := sampleKey(t)
	img, err := EncodeQR(URI(k), 256)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil || cfg.Width < 256 {
		t.Fatalf("EncodeQR gave %dx%d PNG, %v", cfg.Width, cfg.Height, err)
	}
	text, err := DecodeQR(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(text)
	if err != nil || !equal(back, k) {
		t.Fatalf("decoded %q → %+v, %v", text, back, err)
	}
}

// A screenshot: the QR code smaller, off-centre on a page, saved as JPEG;
// and a dark-mode rendering with light and dark swapped.
func TestDecodeQRScreenshots(t *testing.T) {
	k := sampleKey(t)
	raw, err := EncodeQR(URI(k), 300)
	if err != nil {
		t.Fatal(err)
	}
	qr, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	page := image.NewRGBA(image.Rect(0, 0, 1024, 700))
	draw.Draw(page, page.Bounds(), &image.Uniform{color.RGBA{0xf4, 0xf4, 0xf0, 0xff}}, image.Point{}, draw.Src)
	draw.Draw(page, image.Rect(0, 0, 1024, 60), &image.Uniform{color.RGBA{0x00, 0x33, 0x66, 0xff}}, image.Point{}, draw.Src)
	draw.Draw(page, qr.Bounds().Add(image.Pt(410, 200)), qr, image.Point{}, draw.Src)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, page, &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	dark := image.NewRGBA(qr.Bounds())
	for y := range dark.Bounds().Dy() {
		for x := range dark.Bounds().Dx() {
			r, g, b, _ := qr.At(x, y).RGBA()
			dark.Set(x, y, color.RGBA{uint8(255 - r>>8), uint8(255 - g>>8), uint8(255 - b>>8), 255})
		}
	}
	var darkPNG bytes.Buffer
	if err := png.Encode(&darkPNG, dark); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"jpeg screenshot": jpg.Bytes(), "dark mode": darkPNG.Bytes()} {
		text, err := DecodeQR(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if back, err := Parse(text); err != nil || !equal(back, k) {
			t.Errorf("%s: %q → %+v, %v", name, text, back, err)
		}
	}
}

// hugePNGHeader is a valid PNG signature and IHDR claiming w×h pixels,
// with nothing after it: a decompression bomb's first bytes.
func hugePNGHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestDecodeQRRefuses(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 200, 200))
	draw.Draw(blank, blank.Bounds(), image.White, image.Point{}, draw.Src)
	var blankPNG bytes.Buffer
	if err := png.Encode(&blankPNG, blank); err != nil {
		t.Fatal(err)
	}
	good, err := EncodeQR("otpauth://totp/x?secret="+secret, 200)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		data   []byte
		en, ja string
	}{
		{"text file", []byte("otpauth://totp/x?secret=" + secret), "not a PNG or JPEG", "PNGまたはJPEG"},
		{"empty", nil, "not a PNG or JPEG", "PNGまたはJPEG"},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "not a PNG or JPEG", "PNGまたはJPEG"},
		{"truncated PNG", good[:len(good)/2], "not a PNG or JPEG", "PNGまたはJPEG"},
		{"huge dimensions", hugePNGHeader(100000, 100000), "100000 × 100000", "100000×100000"},
		{"no QR code", blankPNG.Bytes(), "No QR code", "QRコードが見つかりませんでした"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := DecodeQR(bytes.NewReader(tt.data))
			if err == nil {
				t.Fatalf("decoded %q", text)
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("%v is not an *i18n.Error", err)
			}
			if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, tt.en) {
				t.Errorf("en %q does not contain %q", en, tt.en)
			}
			if ja := i18n.Localize(err, i18n.JA); !strings.Contains(ja, tt.ja) {
				t.Errorf("ja %q does not contain %q", ja, tt.ja)
			}
		})
	}
}

func TestEncodeQRTooLong(t *testing.T) {
	_, err := EncodeQR(strings.Repeat("x", 4000), 256)
	if en := i18n.Localize(err, i18n.EN); !strings.Contains(en, "too long for a QR code") {
		t.Errorf("got %q", en)
	}
}
