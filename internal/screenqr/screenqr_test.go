package screenqr

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/otpauth"
)

const (
	uriA      = "otpauth://totp/Broker:taro?secret=JBSWY3DPEHPK3PXP&issuer=Broker"
	uriB      = "otpauth://totp/Bank:hanako?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&period=30"
	migration = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGUGZXhhbXBsZS5jb20aB0V4YW1wbGUgASgBMAIQARgBIAA%3D"
)

// qrImage is text as a QR picture, as the provider's page shows it.
func qrImage(t *testing.T, text string, size int) image.Image {
	t.Helper()
	b, err := otpauth.EncodeQR(text, size)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// screen is a grey desktop with the pictures drawn at the given points.
func screen(t *testing.T, at map[image.Point]image.Image) *image.RGBA {
	t.Helper()
	s := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	draw.Draw(s, s.Bounds(), image.NewUniform(color.Gray{Y: 0x60}), image.Point{}, draw.Src)
	for p, img := range at {
		draw.Draw(s, img.Bounds().Add(p), img, img.Bounds().Min, draw.Src)
	}
	return s
}

type fakeCapturer struct {
	imgs []image.Image
	err  error
}

func (f fakeCapturer) Capture() ([]image.Image, error) { return f.imgs, f.err }

func TestReadKeepsAuthenticatorCodesOnceEach(t *testing.T) {
	one := screen(t, map[image.Point]image.Image{
		{40, 40}:   qrImage(t, uriA, 200),
		{400, 300}: qrImage(t, "https://example.com/shop", 200),
		{800, 100}: qrImage(t, migration, 240),
	})
	two := screen(t, map[image.Point]image.Image{
		{100, 100}: qrImage(t, uriB, 200),
		{700, 400}: qrImage(t, uriA, 200), // the same code on a second screen
	})
	got, err := Read(fakeCapturer{imgs: []image.Image{one, two}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Code]bool{{Text: uriA}: true, {Text: uriB}: true, {Text: migration, Migration: true}: true}
	if len(got) != len(want) {
		t.Fatalf("got %d codes %v, want %d", len(got), got, len(want))
	}
	for _, c := range got {
		if !want[c] {
			t.Errorf("unexpected %+v", c)
		}
	}
	// The pictures of the screens are overwritten once searched.
	for _, s := range []*image.RGBA{one, two} {
		for _, b := range s.Pix {
			if b != 0 {
				t.Fatal("the capture was not wiped")
			}
		}
	}
}

func TestReadDarkModeCode(t *testing.T) {
	q := qrImage(t, uriA, 200)
	inv := image.NewRGBA(q.Bounds())
	for y := q.Bounds().Min.Y; y < q.Bounds().Max.Y; y++ {
		for x := q.Bounds().Min.X; x < q.Bounds().Max.X; x++ {
			r, _, _, _ := q.At(x, y).RGBA()
			v := uint8(255 - r>>8)
			inv.Set(x, y, color.Gray{Y: v})
		}
	}
	got, err := Read(fakeCapturer{imgs: []image.Image{screen(t, map[image.Point]image.Image{{300, 200}: inv})}})
	if err != nil || len(got) != 1 || got[0].Text != uriA {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestReadNoneSaysWhereToLook(t *testing.T) {
	s := screen(t, map[image.Point]image.Image{{40, 40}: qrImage(t, "https://example.com/", 200)})
	_, err := Read(fakeCapturer{imgs: []image.Image{s}})
	var ie *i18n.Error
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *i18n.Error", err)
	}
	for _, l := range []i18n.Lang{i18n.EN, i18n.JA} {
		msg := i18n.Localize(err, l)
		if msg == "" || !bytes.ContainsAny([]byte(msg), "+＋") {
			t.Errorf("%s: %q does not say to zoom in", l, msg)
		}
	}
}

func TestReadPassesTheCaptureError(t *testing.T) {
	want := captureError(errf("boom"))
	if _, err := Read(fakeCapturer{err: want}); err != want {
		t.Fatalf("err = %v", err)
	}
}

func TestFindSurvivesOddPictures(t *testing.T) {
	for _, img := range []image.Image{
		image.NewRGBA(image.Rect(0, 0, 1, 1)),
		image.NewRGBA(image.Rect(0, 0, 0, 0)),
		image.NewGray(image.Rect(0, 0, 3000, 2)),
	} {
		if got := Find(img); len(got) != 0 {
			t.Errorf("Find(%v) = %v", img.Bounds(), got)
		}
	}
}

func TestOneIsTheOnlyLink(t *testing.T) {
	if got, err := One([]Code{{Text: migration, Migration: true}, {Text: uriA}}); err != nil || got != uriA {
		t.Fatalf("One = %q, %v", got, err)
	}
	for _, codes := range [][]Code{
		{{Text: migration, Migration: true}},
		{{Text: uriA}, {Text: uriB}},
	} {
		if got, err := One(codes); err == nil || got != "" {
			t.Errorf("One(%v) = %q, %v", codes, got, err)
		}
	}
}

// The picture scripts/windows-smoke.sh shows under wine holds uriA.
func TestSmokeTestPicture(t *testing.T) {
	f, err := os.Open("testdata/broker-taro.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := Find(img); len(got) != 1 || got[0] != uriA {
		t.Fatalf("Find = %q, want %q", got, uriA)
	}
}

// A small code far in a 4K screen's corner is found (the time is logged:
// the window runs the search off Fyne's goroutine for this reason).
func TestFindOnA4KScreen(t *testing.T) {
	s := image.NewRGBA(image.Rect(0, 0, 3840, 2160))
	draw.Draw(s, s.Bounds(), image.NewUniform(color.Gray{Y: 0x60}), image.Point{}, draw.Src)
	q := qrImage(t, uriB, 200)
	draw.Draw(s, q.Bounds().Add(image.Pt(3000, 1500)), q, image.Point{}, draw.Src)
	start := time.Now()
	got := Find(s)
	t.Logf("4K screen searched in %v", time.Since(start))
	if len(got) != 1 || got[0] != uriB {
		t.Fatalf("Find = %q", got)
	}
}

// A screenshot of several QR codes gives each authenticator code in it,
// as reading the screen does; a picture without one, or no picture at
// all, says so.
func TestImageFindsEveryCode(t *testing.T) {
	var b bytes.Buffer
	pic := screen(t, map[image.Point]image.Image{
		{40, 40}:   qrImage(t, migration, 240),
		{600, 300}: qrImage(t, uriA, 200),
		{300, 500}: qrImage(t, "https://example.com/", 200),
	})
	if err := png.Encode(&b, pic); err != nil {
		t.Fatal(err)
	}
	if !IsImage(b.Bytes()) || IsImage([]byte(migration)) {
		t.Fatal("IsImage is wrong")
	}
	codes, err := Image(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	uris, transfers := Split(codes)
	if len(uris) != 1 || uris[0] != uriA || len(transfers) != 1 || transfers[0] != migration {
		t.Fatalf("uris %q, transfers %q", uris, transfers)
	}

	b.Reset()
	if err := png.Encode(&b, screen(t, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := Image(&b); err == nil || !strings.Contains(i18n.Localize(err, i18n.JA), "画像に認証用のQRコードが見つかりません") {
		t.Fatalf("empty picture: %v", err)
	}
	if _, err := Image(strings.NewReader("not a picture")); err == nil {
		t.Fatal("text read as a picture")
	}
}
