package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func catalogFS(en, ja string) fstest.MapFS {
	return fstest.MapFS{
		"locales/en.json": {Data: []byte(en)},
		"locales/ja.json": {Data: []byte(ja)},
	}
}

func TestCatalogRenders(t *testing.T) {
	c, err := NewCatalog("t", catalogFS(`{"n": "{{.Found}} of {{.Want}}"}`, `{"n": "{{.Want}}文字中{{.Found}}文字"}`))
	if err != nil {
		t.Fatal(err)
	}
	m := c.M("n", "Found", 31, "Want", 32)
	if got := m.In(EN); got != "31 of 32" {
		t.Errorf("EN: %q", got)
	}
	if got := m.In(JA); got != "32文字中31文字" {
		t.Errorf("JA: %q", got)
	}
	if got := fmt.Sprint(m); got != "31 of 32" {
		t.Errorf("String: %q", got)
	}
}

// A text without {{ }} is not a template (catalogs are read at every
// start): it shows as written, with or without data, in either language.
func TestPlainTextShowsAsWritten(t *testing.T) {
	c, err := NewCatalog("t", catalogFS(`{"p": "100% <b> & {x} }}", "n": "{{.N}} left"}`, `{"p": "残り {x}", "n": "残り{{.N}}"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.M("p").In(EN); got != "100% <b> & {x} }}" {
		t.Errorf("EN plain: %q", got)
	}
	if got := c.M("p", "N", 3).In(JA); got != "残り {x}" {
		t.Errorf("JA plain with data: %q", got)
	}
	if got := c.M("n", "N", 3).In(JA); got != "残り3" {
		t.Errorf("JA template: %q", got)
	}
}

func TestCatalogRefusesMissingKeys(t *testing.T) {
	_, err := NewCatalog("t", catalogFS(`{"a": "A", "b": "B"}`, `{"a": "あ"}`))
	if err == nil || !strings.Contains(err.Error(), "ja:b") {
		t.Fatalf("missing Japanese key not reported: %v", err)
	}
	_, err = NewCatalog("t", catalogFS(`{"a": "A"}`, `{"a": "あ", "c": "し"}`))
	if err == nil || !strings.Contains(err.Error(), "en:c") {
		t.Fatalf("missing English key not reported: %v", err)
	}
}

func TestCatalogRefusesBrokenFiles(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"bad json":     catalogFS(`{"a": }`, `{"a": "あ"}`),
		"bad template": catalogFS(`{"a": "{{.X"}`, `{"a": "あ"}`),
		"missing file": {"locales/en.json": {Data: []byte(`{}`)}},
	} {
		if _, err := NewCatalog("t", fsys); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func TestMissingDataShowsKeyNotEmpty(t *testing.T) {
	c, _ := NewCatalog("t", catalogFS(`{"a": "{{.X}}"}`, `{"a": "{{.X}}"}`))
	if got := c.M("a").In(EN); got != "a" {
		t.Errorf("template without its data rendered %q, want the key", got)
	}
	if got := c.M("nope").In(JA); got != "nope" {
		t.Errorf("unknown key rendered %q", got)
	}
}

func TestLocalize(t *testing.T) {
	c, _ := NewCatalog("t", catalogFS(`{"m": "Wrong.", "h": "Do this."}`, `{"m": "違います。", "h": "こうしてください。"}`))
	cause := errors.New("cause")
	err := fmt.Errorf("wrapped: %w", NewError(c.M("m"), c.M("h"), cause))
	if got := Localize(err, JA); got != "違います。こうしてください。" {
		t.Errorf("JA: %q", got)
	}
	if got := Localize(err, EN); got != "Wrong. Do this." {
		t.Errorf("EN: %q", got)
	}
	if !errors.Is(err, cause) {
		t.Error("cause not reachable with errors.Is")
	}
	if got := Localize(errors.New("plain"), JA); got != "plain" {
		t.Errorf("plain error: %q", got)
	}
	if Localize(nil, EN) != "" {
		t.Error("nil error rendered")
	}
}

func TestParseAndDetect(t *testing.T) {
	for in, want := range map[string]Lang{"ja": JA, "ja_JP.UTF-8": JA, "ja-JP": JA, "JA": JA, "en_US.UTF-8": EN, "en": EN} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "fr", "japanese", "C"} {
		if _, ok := Parse(in); ok {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ja_JP.UTF-8")
	if got := Detect(""); got != JA {
		t.Errorf("LANG=ja_JP: %q", got)
	}
	if got := Detect("en"); got != EN {
		t.Errorf("override: %q", got)
	}
	t.Setenv("LANG", "de_DE.UTF-8")
	if got := Detect(""); got != EN {
		t.Errorf("LANG=de_DE: %q, want English", got)
	}
	t.Setenv("LC_ALL", "ja_JP.UTF-8")
	if got := Detect(""); got != JA {
		t.Errorf("LC_ALL wins over LANG: %q", got)
	}
}

// Every package keeps its files in locales/ (internal/ and app/ alike).
func TestCatalogReadsLocales(t *testing.T) {
	good := fstest.MapFS{"locales/en.json": {Data: []byte(`{"a": "A"}`)}, "locales/ja.json": {Data: []byte(`{"a": "あ"}`)}}
	c, err := NewCatalog("t", good)
	if err != nil || c.M("a").In(JA) != "あ" {
		t.Fatalf("locales/ files: %v", err)
	}
	top := fstest.MapFS{"en.json": {Data: []byte(`{"a": "A"}`)}, "ja.json": {Data: []byte(`{"a": "あ"}`)}}
	if _, err := NewCatalog("t", top); err == nil {
		t.Error("files outside locales/ were read")
	}
	sub := fstest.MapFS{"locales/en.json": {Data: []byte(`{"a": "A"}`)}, "locales/ja.json": {Data: []byte(`{}`)}}
	if _, err := NewCatalog("t", sub); err == nil || !strings.Contains(err.Error(), "ja:a") {
		t.Errorf("missing key in locales/: %v", err)
	}
}

// MustCatalog reads nothing until a message is shown, and a broken
// catalog panics then, as it did at package init before.
func TestMustCatalogReadsOnFirstUse(t *testing.T) {
	fsys := &countingFS{MapFS: catalogFS(`{"a": "A {{.N}}"}`, `{"a": "あ{{.N}}"}`)}
	c := MustCatalog("t", fsys)
	if fsys.opens != 0 {
		t.Fatalf("MustCatalog read %d files before use", fsys.opens)
	}
	m := c.M("a", "N", 1)
	if fsys.opens != 0 {
		t.Fatalf("M read %d files; only showing a message reads", fsys.opens)
	}
	if got := m.In(JA); got != "あ1" {
		t.Errorf("JA: %q", got)
	}
	if got := m.In(EN); got != "A 1" || fsys.opens != 2 {
		t.Errorf("EN: %q after %d reads; want both files read once", got, fsys.opens)
	}

	broken := MustCatalog("t", catalogFS(`{"a": "A"}`, `{"b": "B"}`))
	defer func() {
		if recover() == nil {
			t.Error("a catalog with keys in one language only did not panic when used")
		}
	}()
	_ = broken.M("a").In(EN)
}

// Every catalog of the program loads: MustCatalog reads them only when
// used, so this is where a broken file or template shows up.
func TestEveryCatalogLoads(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "third_party" || d.Name() == ".fyne" || strings.HasPrefix(d.Name(), ".") && p != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(src, []byte("i18n.MustCatalog(")) {
			return err
		}
		n++
		dir := filepath.Dir(p)
		c, err := NewCatalog(dir, os.DirFS(dir))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if len(c.Keys()) == 0 {
			t.Errorf("%s: empty catalog", dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Errorf("found %d catalogs; is the walk still right?", n)
	}
}

type countingFS struct {
	fstest.MapFS
	opens int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.opens++
	return c.MapFS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.opens++
	return c.MapFS.ReadFile(name)
}
