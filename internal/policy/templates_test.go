package policy

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The fleet templates live beside the installers.
var templates = filepath.Join("..", "..", "installer", "policy")

func keyNames() []string {
	var n []string
	for _, k := range Keys {
		n = append(n, k.Name)
	}
	sort.Strings(n)
	return n
}

// node is a parsed XML element, enough to walk a template.
type node struct {
	Name     string
	Attr     map[string]string
	Children []*node
	Text     string
}

func parseXML(t *testing.T, path string) *node {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := xml.NewDecoder(f)
	dec.Strict = true
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", path, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{Name: tok.Name.Local, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if root == nil {
		t.Fatalf("%s: no root element", path)
	}
	return root
}

func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.Children {
		c.walk(f)
	}
}

func (n *node) all(name string) []*node {
	var out []*node
	n.walk(func(c *node) {
		if c.Name == name {
			out = append(out, c)
		}
	})
	return out
}

// admxKind says which Kind each ADMX element stores.
var admxKind = map[string][]Kind{
	"enum":      {String},
	"text":      {String, JSON},
	"decimal":   {Integer},
	"multiText": {List, JSON},
	"policy":    {Bool}, // a policy's own valueName with enabledValue/disabledValue
}

func TestADMXNamesExactlyTheKeys(t *testing.T) {
	admx := parseXML(t, filepath.Join(templates, "omamori.admx"))
	if admx.Name != "policyDefinitions" {
		t.Fatalf("root element %s, want policyDefinitions", admx.Name)
	}
	var got []string
	for _, p := range admx.all("policy") {
		if p.Attr["key"] != RegistryKey || p.Attr["class"] != "Machine" {
			t.Errorf("policy %s: key %q class %q, want %q Machine", p.Attr["name"], p.Attr["key"], p.Attr["class"], RegistryKey)
		}
		p.walk(func(e *node) {
			name, ok := e.Attr["valueName"]
			if !ok {
				return
			}
			got = append(got, name)
			kind, known := kindOf(name)
			if !known {
				return // reported below
			}
			if !slices.Contains(admxKind[e.Name], kind) {
				t.Errorf("%s is a <%s> in the ADMX, which does not store a %v", name, e.Name, kind)
			}
			if e.Name == "policy" && (len(e.all("enabledValue")) != 1 || len(e.all("disabledValue")) != 1) {
				t.Errorf("%s: a boolean policy needs enabledValue and disabledValue", name)
			}
		})
	}
	sort.Strings(got)
	if !slices.Equal(got, keyNames()) {
		t.Errorf("the ADMX's value names\n%v\nare not the keys the loader reads\n%v", got, keyNames())
	}
}

var ref = regexp.MustCompile(`\$\((string|presentation)\.([A-Za-z0-9_]+)\)`)

func TestADMLResolveEveryString(t *testing.T) {
	admx := parseXML(t, filepath.Join(templates, "omamori.admx"))
	strs, pres := map[string]bool{}, map[string]*node{}
	admx.walk(func(n *node) {
		for _, v := range n.Attr {
			for _, m := range ref.FindAllStringSubmatch(v, -1) {
				if m[1] == "string" {
					strs[m[2]] = true
				} else {
					pres[m[2]] = n
				}
			}
		}
	})
	if len(strs) == 0 || len(pres) == 0 {
		t.Fatal("the ADMX refers to no strings or presentations")
	}
	var ids [][]string
	for _, lang := range []string{"en-US", "ja-JP"} {
		adml := parseXML(t, filepath.Join(templates, lang, "omamori.adml"))
		if adml.Name != "policyDefinitionResources" {
			t.Fatalf("%s: root element %s", lang, adml.Name)
		}
		have := map[string]bool{}
		var langIDs []string
		for _, s := range adml.all("string") {
			id := s.Attr["id"]
			if have[id] {
				t.Errorf("%s: string %s twice", lang, id)
			}
			have[id] = true
			langIDs = append(langIDs, id)
			if strings.TrimSpace(s.Text) == "" {
				t.Errorf("%s: string %s is empty", lang, id)
			}
			if !strs[id] {
				t.Errorf("%s: string %s is not used by the ADMX", lang, id)
			}
		}
		for id := range strs {
			if !have[id] {
				t.Errorf("%s: the ADMX's $(string.%s) does not resolve", lang, id)
			}
		}
		presentations := map[string]*node{}
		for _, p := range adml.all("presentation") {
			presentations[p.Attr["id"]] = p
		}
		for id, policy := range pres {
			p, ok := presentations[id]
			if !ok {
				t.Errorf("%s: the ADMX's $(presentation.%s) does not resolve", lang, id)
				continue
			}
			// Each of the policy's elements has its control, and no control names another.
			var elems, refs []string
			for _, e := range policy.Children {
				if e.Name == "elements" {
					for _, c := range e.Children {
						elems = append(elems, c.Attr["id"])
					}
				}
			}
			for _, c := range p.Children {
				refs = append(refs, c.Attr["refId"])
			}
			sort.Strings(elems)
			sort.Strings(refs)
			if !slices.Equal(elems, refs) {
				t.Errorf("%s: presentation %s controls %v, the policy's elements are %v", lang, id, refs, elems)
			}
		}
		if len(presentations) != len(pres) {
			t.Errorf("%s: %d presentations, the ADMX uses %d", lang, len(presentations), len(pres))
		}
		sort.Strings(langIDs)
		ids = append(ids, langIDs)
	}
	if !slices.Equal(ids[0], ids[1]) {
		t.Error("en-US and ja-JP define different strings")
	}
}

// plistValue turns a plist element into Go values: dict → map, array →
// []any, string, integer → int64, true/false → bool.
func plistValue(n *node) (any, error) {
	switch n.Name {
	case "dict":
		m := map[string]any{}
		for i := 0; i+1 < len(n.Children); i += 2 {
			k, v := n.Children[i], n.Children[i+1]
			if k.Name != "key" {
				return nil, fmt.Errorf("dict: <%s> where a key belongs", k.Name)
			}
			if _, dup := m[k.Text]; dup {
				return nil, fmt.Errorf("dict: key %s twice", k.Text)
			}
			x, err := plistValue(v)
			if err != nil {
				return nil, err
			}
			m[k.Text] = x
		}
		if len(n.Children)%2 != 0 {
			return nil, errors.New("dict: a key without a value")
		}
		return m, nil
	case "array":
		var a []any
		for _, c := range n.Children {
			x, err := plistValue(c)
			if err != nil {
				return nil, err
			}
			a = append(a, x)
		}
		return a, nil
	case "string":
		return n.Text, nil
	case "integer":
		return strconv.ParseInt(strings.TrimSpace(n.Text), 10, 64)
	case "true", "false":
		return n.Name == "true", nil
	}
	return nil, fmt.Errorf("plist type <%s> not expected here", n.Name)
}

func readPlist(t *testing.T, path string) map[string]any {
	t.Helper()
	root := parseXML(t, path)
	if root.Name != "plist" || len(root.Children) != 1 {
		t.Fatalf("%s: not a plist with one top value", path)
	}
	v, err := plistValue(root.Children[0])
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: the top value is not a dict", path)
	}
	return m
}

func TestMobileconfigNamesExactlyTheKeys(t *testing.T) {
	p := readPlist(t, filepath.Join(templates, "omamori.mobileconfig"))
	content, _ := p["PayloadContent"].([]any)
	if len(content) != 1 {
		t.Fatalf("PayloadContent holds %d payloads, want 1", len(content))
	}
	payload := content[0].(map[string]any)
	if payload["PayloadType"] != BundleID {
		t.Errorf("PayloadType %v, want %s: macOS files the settings under it", payload["PayloadType"], BundleID)
	}
	raw := map[string]any{}
	for k, v := range payload {
		if !strings.HasPrefix(k, "Payload") {
			if a, ok := v.([]any); ok {
				v = a // FromRaw takes []any as plutil's JSON gives it
			}
			raw[k] = v
		}
	}
	var got []string
	for k := range raw {
		got = append(got, k)
	}
	sort.Strings(got)
	if !slices.Equal(got, keyNames()) {
		t.Errorf("the profile's keys\n%v\nare not the keys the loader reads\n%v", got, keyNames())
	}
	// Each example value has its key's type: it reads back without an error.
	v := FromRaw("test.mobileconfig", raw)
	for _, k := range Keys {
		if _, ok, err := v.get(k.Name); !ok || err != nil {
			t.Errorf("%s: the example value %v does not read as its kind: %v", k.Name, raw[k.Name], err)
		}
	}
}

func TestManifestNamesExactlyTheKeys(t *testing.T) {
	m := readPlist(t, filepath.Join(templates, BundleID+".plist"))
	if m["pfm_domain"] != BundleID {
		t.Errorf("pfm_domain %v, want %s", m["pfm_domain"], BundleID)
	}
	types := map[Kind]string{String: "string", JSON: "string", Integer: "integer", Bool: "boolean", List: "array"}
	var got []string
	for _, s := range m["pfm_subkeys"].([]any) {
		d := s.(map[string]any)
		name, _ := d["pfm_name"].(string)
		got = append(got, name)
		if kind, ok := kindOf(name); ok && d["pfm_type"] != types[kind] {
			t.Errorf("%s: pfm_type %v, want %s", name, d["pfm_type"], types[kind])
		}
	}
	sort.Strings(got)
	if !slices.Equal(got, keyNames()) {
		t.Errorf("the manifest's keys\n%v\nare not the keys the loader reads\n%v", got, keyNames())
	}
}
