// Package i18n renders user-facing messages in Japanese or English.
//
// Each package that talks to users keeps its own catalog: two flat JSON
// files, locales/en.json and locales/ja.json, in the format fyne's lang
// package also reads ({"key": "text with {{.Var}}"}), embedded in the
// binary. A catalog refuses to load when a key is missing from either
// language or a template does not parse; catalogs are read when first
// used, so TestEveryCatalogLoads reads every one of them, and a forgotten
// translation fails it.
//
// Messages are carried as key + data until they are shown, so the same
// error can be rendered in the CLI's language, the window's language, or
// English for a log.
package i18n

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"text/template"
)

// Lang is a user interface language.
type Lang string

// The languages Omamori speaks.
const (
	EN Lang = "en"
	JA Lang = "ja"
)

// Langs lists the supported languages.
var Langs = []Lang{JA, EN}

// Catalog holds one package's messages in every language.
type Catalog struct {
	name string
	fsys fs.FS

	// A package's catalog is read when it is first used, not before main:
	// reading all forty-odd catalogs at package init took ~10 ms of every
	// start, most of them for screens the start never shows.
	once sync.Once
	err  error
	raw  map[Lang]map[string]string

	// texts are the parsed templates of the messages that have a {{ }},
	// each parsed when first shown; the others are shown as they are.
	texts sync.Map // textKey → *template.Template
}

type textKey struct {
	l   Lang
	key string
}

// NewCatalog reads locales/<lang>.json for every language from fsys.
// It fails when a file is missing or unreadable, when a template does not
// parse, or when the languages do not have the same keys.
func NewCatalog(name string, fsys fs.FS) (*Catalog, error) {
	c := &Catalog{name: name, fsys: fsys}
	if err := c.Check(); err != nil {
		return nil, err
	}
	return c, nil
}

// MustCatalog is NewCatalog for package-level variables, read when first
// used; it panics then on a broken catalog, which TestEveryCatalogLoads
// reveals first.
func MustCatalog(name string, fsys fs.FS) *Catalog {
	return &Catalog{name: name, fsys: fsys}
}

// Check reads the catalog and parses every template: the error a broken
// catalog would panic with when first used.
func (c *Catalog) Check() error {
	if err := c.read(); err != nil {
		return err
	}
	for _, l := range Langs {
		for k, v := range c.raw[l] {
			if _, err := c.template(l, k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// read loads both languages once.
func (c *Catalog) read() error {
	c.once.Do(func() { c.raw, c.err = readCatalog(c.name, c.fsys) })
	return c.err
}

// loaded is the catalog's texts; a broken catalog panics (MustCatalog).
func (c *Catalog) loaded() map[Lang]map[string]string {
	if err := c.read(); err != nil {
		panic(err)
	}
	return c.raw
}

func readCatalog(name string, fsys fs.FS) (map[Lang]map[string]string, error) {
	raw := map[Lang]map[string]string{}
	for _, l := range Langs {
		b, err := fs.ReadFile(fsys, path.Join("locales", string(l)+".json"))
		if err != nil {
			return nil, fmt.Errorf("i18n %s: %w", name, err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n %s/%s.json: %w", name, l, err)
		}
		raw[l] = m
	}
	if missing := missingKeys(raw); len(missing) > 0 {
		return nil, fmt.Errorf("i18n %s: keys not in every language: %s", name, strings.Join(missing, ", "))
	}
	return raw, nil
}

// template is the parsed template of key's text v in l, or nil for a
// plain text (the template would print it unchanged).
func (c *Catalog) template(l Lang, key, v string) (*template.Template, error) {
	if !strings.Contains(v, "{{") {
		return nil, nil
	}
	if t, ok := c.texts.Load(textKey{l, key}); ok {
		return t.(*template.Template), nil
	}
	t, err := template.New(key).Option("missingkey=error").Parse(v)
	if err != nil {
		return nil, fmt.Errorf("i18n %s/%s.json key %q: %w", c.name, l, key, err)
	}
	c.texts.Store(textKey{l, key}, t)
	return t, nil
}

// Missing lists "lang:key" for every key that one language has and another lacks.
func (c *Catalog) Missing() []string { return missingKeys(c.loaded()) }

func missingKeys(raw map[Lang]map[string]string) []string {
	var out []string
	for _, l := range Langs {
		for k := range raw[l] {
			for _, o := range Langs {
				if _, ok := raw[o][k]; !ok {
					out = append(out, string(o)+":"+k)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Keys lists the catalog's keys, sorted.
func (c *Catalog) Keys() []string {
	en := c.loaded()[EN]
	keys := make([]string, 0, len(en))
	for k := range en {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Raw returns the untranslated template of key in l, for handing the
// catalog to another translation system (fyne's lang).
func (c *Catalog) Raw(l Lang) map[string]string { return c.loaded()[l] }

// M makes a message from key and alternating name, value pairs:
// c.M("wrong_length", "Found", 31, "Want", 32).
func (c *Catalog) M(key string, kv ...any) Message {
	data := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		data[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return Message{cat: c, Key: key, Data: data}
}

// Message is text for a user, rendered when it is shown.
type Message struct {
	cat  *Catalog
	Key  string
	Data map[string]any
}

// IsZero reports whether m is the empty message.
func (m Message) IsZero() bool { return m.cat == nil }

// In renders m in l. An unknown key renders as the key itself, so a
// mistake shows up on screen instead of as an empty label.
func (m Message) In(l Lang) string {
	if m.cat == nil {
		return ""
	}
	texts := m.cat.loaded()
	raw, ok := texts[l][m.Key]
	if !ok {
		l = EN
		if raw, ok = texts[l][m.Key]; !ok {
			return m.Key
		}
	}
	t, err := m.cat.template(l, m.Key, raw)
	if err != nil {
		return m.Key
	}
	if t == nil {
		return raw
	}
	var b bytes.Buffer
	if err := t.Execute(&b, m.Data); err != nil {
		return m.Key
	}
	return b.String()
}

// String renders m in English, for logs and fmt.
func (m Message) String() string { return m.In(EN) }

// Error is an error a user can act on: what is wrong, and what to do.
type Error struct {
	Msg  Message // what is wrong
	Hint Message // what to do; may be zero
	Err  error   // the underlying cause, for errors.Is/As and logs
}

// NewError builds an Error; hint may be a zero Message.
func NewError(msg, hint Message, cause error) *Error {
	return &Error{Msg: msg, Hint: hint, Err: cause}
}

func (e *Error) Error() string {
	s := e.Msg.In(EN)
	if !e.Hint.IsZero() {
		s += " " + e.Hint.In(EN)
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// MessageKey is the catalog key of the message of the first *Error in
// err's chain, "" when there is none: what a test or a --json "code"
// checks instead of the wording.
func MessageKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg.Key
	}
	return ""
}

// Localize renders err for a user in l: message and hint for an *Error
// anywhere in the chain, err.Error() for anything else.
func Localize(err error, l Lang) string {
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	s := e.Msg.In(l)
	if !e.Hint.IsZero() {
		sep := " "
		if l == JA {
			sep = ""
		}
		s += sep + e.Hint.In(l)
	}
	return s
}
