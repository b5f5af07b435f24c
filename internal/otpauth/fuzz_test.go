package otpauth

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/profile"
)

// FuzzParseURI: Parse never panics, errors are *i18n.Error, and whatever
// it accepts is valid and survives URI() → Parse unchanged.
func FuzzParseURI(f *testing.F) {
	for _, s := range []string{
		"otpauth://totp/Example:alice@example.com?secret=" + secret + "&issuer=Example",
		"otpauth://totp/ACME%20Co:%20john?secret=" + secret + "&algorithm=SHA256&digits=8&period=60",
		"otpauth://totp/%E4%B8%89%E8%8F%B1:%E5%A4%AA%E9%83%8E?secret=gezdgnbvgy3tqojq======",
		"otpauth://totp/:a:b?secret=" + secret, "otpauth://totp/?secret=" + secret + "&issuer=i%3Aj",
		"otpauth://hotp/x?secret=" + secret + "&counter=1", "otpauth-migration://offline?data=AA",
		"otpauth:totp/x?secret=" + secret, "otpauth://totp/x?secret=" + secret + "&period=-1",
		"otpauth://totp/%zz", "otpauth://totp/x?secret=%", "https://example.com", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, uri string) {
		k, err := Parse(uri)
		if err != nil {
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("%T %v is not an *i18n.Error", err, err)
			}
			return
		}
		if err := k.Profile.Validate(); err != nil {
			t.Fatalf("accepted an invalid profile: %v", err)
		}
		if len(k.Secret) < profile.MinKeyBytes || len(k.Secret) > profile.MaxKeyBytes {
			t.Fatalf("secret of %d bytes", len(k.Secret))
		}
		back, err := Parse(URI(k))
		if err != nil || !equal(back, k) {
			t.Fatalf("round trip of %+v via %q: %+v, %v", k, URI(k), back, err)
		}
	})
}

// FuzzDecodeQR: no image, however broken, makes DecodeQR panic or
// return anything but an *i18n.Error.
func FuzzDecodeQR(f *testing.F) {
	good, err := EncodeQR("otpauth://totp/x?secret="+secret, 64)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	img, _ := png.Decode(bytes.NewReader(good))
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(j.Bytes())
	small := image.NewGray(image.Rect(0, 0, 3, 3))
	small.Set(1, 1, color.White)
	var s bytes.Buffer
	if err := png.Encode(&s, small); err != nil {
		f.Fatal(err)
	}
	f.Add(s.Bytes())
	f.Add(good[:len(good)/2])
	f.Add(hugePNGHeader(100000, 1))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := DecodeQR(bytes.NewReader(data))
		if err != nil {
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("%T %v is not an *i18n.Error", err, err)
			}
		}
	})
}
