package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/omamori-app/omamori/internal/i18n"
	"github.com/omamori-app/omamori/internal/securitykey"
	"github.com/omamori-app/omamori/internal/securitykey/practice"
)

// onReader reports the practice key as libfido2 reports a key on a
// PC/SC reader: a pcsc:// path, "PC/SC" as maker, the reader's name
// (which says nothing of NFC) as product.
type onReader struct{ *practice.Driver }

func (d onReader) Devices() ([]securitykey.Location, error) {
	locs, err := d.Driver.Devices()
	for i := range locs {
		locs[i].Transport = securitykey.TransportFromPath("pcsc://slot0")
		locs[i].Manufacturer, locs[i].Product = "PC/SC", "Virtual PCD 00 00"
	}
	return locs, err
}

// `key list` and `key info` name a key on an NFC reader as a key, say
// NFC in the connection, and show the reader apart (issue 21: the table
// showed the reader's name where the key's belongs).
func TestKeyListNFC(t *testing.T) {
	pd, err := practice.New(practice.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		var out, errb bytes.Buffer
		e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Lang: i18n.JA, Keys: onReader{pd}}
		if code := Run(context.Background(), e, append([]string{"key"}, args...)); code != ExitOK {
			t.Fatalf("key %v: exit %d %q", args, code, errb.String())
		}
		return out.String()
	}
	list := run("list")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 2 {
		t.Fatalf("key list: %q", list)
	}
	cols := strings.Fields(lines[0])
	if len(cols) != 5 || cols[2] != "接続" {
		t.Errorf("heading %q", lines[0])
	}
	row := lines[1]
	key := strings.Index(row, "NFCのセキュリティキー")
	conn := strings.Index(row, "NFC（リーダー: Virtual PCD 00 00）")
	if key < 0 || conn < key || strings.Count(row, "Virtual PCD") != 1 {
		t.Errorf("row %q", row)
	}
	info := run("info", "--device", practice.Path)
	for _, want := range []string{`(?m)^キー:\s+NFCのセキュリティキー$`, `(?m)^接続:\s+NFC$`, `(?m)^リーダー:\s+Virtual PCD 00 00$`} {
		if !regexp.MustCompile(want).MatchString(info) {
			t.Errorf("key info lacks %s:\n%s", want, info)
		}
	}
	if strings.Contains(info, "PC/SC") {
		t.Errorf("key info names the reader's driver as the maker:\n%s", info)
	}
}
