package clipboard

import "testing"

// These run the real Win32 clipboard: under wine in scripts/windows-smoke.sh
// (a cross-built test binary) and on the Windows runner.

func TestSetMarksTextForNoHistory(t *testing.T) {
	if err := Set("123456"); err != nil {
		t.Fatal(err)
	}
	c, _ := System()
	if got := c.Content(); got != "123456" {
		t.Fatalf("Content() = %q, want 123456", got)
	}
	f, err := Formats()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f[FormatExclude]; !ok {
		t.Errorf("no %s format; have %v", FormatExclude, keys(f))
	}
	for _, name := range []string{FormatHistory, FormatCloud} {
		v, ok := DWORD(f[name])
		if !ok || v != 0 {
			t.Errorf("%s = %v (present %v), want DWORD 0", name, f[name], ok)
		}
	}
}

func TestEmptyStringClears(t *testing.T) {
	c, _ := System()
	c.SetContent("654321")
	c.SetContent("")
	if got := c.Content(); got != "" {
		t.Fatalf("after clearing Content() = %q", got)
	}
	f, err := Formats()
	if err != nil {
		t.Fatal(err)
	}
	if len(f) != 0 {
		t.Fatalf("formats left after clearing: %v", keys(f))
	}
}

func TestUnicodeRoundTrip(t *testing.T) {
	c, _ := System()
	c.SetContent("三菱 太郎 123")
	if got := c.Content(); got != "三菱 太郎 123" {
		t.Fatalf("Content() = %q", got)
	}
}

func keys(m map[string][]byte) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	return k
}
