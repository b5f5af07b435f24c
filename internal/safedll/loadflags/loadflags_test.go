package loadflags

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The load configuration as internal/safedll defines it, and a program
// without one (what GNU ld 2.40 links by default).
const marked = `#include <windows.h>
struct lc { char marker[16]; IMAGE_LOAD_CONFIG_DIRECTORY64 lc; };
__attribute__((used, aligned(16))) const struct lc omamori_load_config = {
	"OMAMORI-LOADCFG", { .Size = sizeof(IMAGE_LOAD_CONFIG_DIRECTORY64) } };
int main(void) { return omamori_load_config.lc.Size == 0; }
`
const plain = `int main(void) { return 0; }
`

// link builds a 64-bit Windows program from C source with mingw-w64.
func link(t *testing.T, src string, flags ...string) []byte {
	t.Helper()
	cc, err := exec.LookPath("x86_64-w64-mingw32-gcc")
	if err != nil {
		t.Skip("x86_64-w64-mingw32-gcc not installed (Debian gcc-mingw-w64-x86-64; scripts/test.sh installs it)")
	}
	dir := t.TempDir()
	c := filepath.Join(dir, "p.c")
	if err := os.WriteFile(c, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "p.exe")
	out, err := exec.Command(cc, append([]string{"-O2", "-s", "-o", exe, c}, flags...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cc, err, out)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSetPointsTheDirectoryAtTheMarkedStructure(t *testing.T) {
	b := link(t, marked, "-Wl,--no-insert-timestamp")
	if _, err := Flags(b); !errors.Is(err, ErrNoLoadConfig) {
		t.Fatalf("ld left a load configuration (%v): then Set has nothing to add", err)
	}
	if err := Set(b, SearchSystem32); err != nil {
		t.Fatal(err)
	}
	got, err := Flags(b)
	if err != nil || got != SearchSystem32 {
		t.Fatalf("Flags after Set = %#x, %v; want %#x", got, err, SearchSystem32)
	}
	// Read back with debug/pe: the entry names the structure behind the marker.
	f, err := pe.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	d := f.OptionalHeader.(*pe.OptionalHeader64).DataDirectory[dirLoadConfig]
	if d.Size != 0x70 {
		t.Errorf("directory size %#x, want 0x70 (IMAGE_LOAD_CONFIG_DIRECTORY64)", d.Size)
	}
	im, _ := parse(b)
	off, err := im.offset(d.VirtualAddress, d.Size)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b[off-len(Marker):off], Marker) {
		t.Errorf("the directory does not point just behind the marker")
	}
	if v := binary.LittleEndian.Uint16(b[off+0x4E:]); v != 0x800 {
		t.Errorf("DependentLoadFlags at offset 0x4E = %#x", v)
	}
}

func TestSetKeepsAValidChecksum(t *testing.T) {
	b := link(t, marked, "-Wl,--no-insert-timestamp")
	im, err := parse(b)
	if err != nil {
		t.Fatal(err)
	}
	at := im.optStart + checksumOffset
	binary.LittleEndian.PutUint32(b[at:], Checksum(b)) // as a linker that writes one would
	if err := Set(b, SearchSystem32); err != nil {
		t.Fatal(err)
	}
	if got, want := binary.LittleEndian.Uint32(b[at:]), Checksum(b); got != want {
		t.Errorf("CheckSum %#x after Set, the file sums to %#x", got, want)
	}
}

func TestNoLoadConfigIsReported(t *testing.T) {
	b := link(t, plain)
	if _, err := Flags(b); !errors.Is(err, ErrNoLoadConfig) {
		t.Fatalf("Flags = %v, want ErrNoLoadConfig", err)
	}
	err := Set(b, SearchSystem32)
	if err == nil || !strings.Contains(err.Error(), "internal/safedll") {
		t.Fatalf("Set without the structure = %v, want an error naming internal/safedll", err)
	}
}

func TestMarkerTwiceIsRefused(t *testing.T) {
	b := link(t, marked+`const char second[] = "OMAMORI-LOADCFG"; int use(void) { return second[0]; }
`)
	if err := Set(b, SearchSystem32); err == nil || !strings.Contains(err.Error(), "more than once") {
		t.Fatalf("Set with two markers = %v", err)
	}
}

func TestNotPE(t *testing.T) {
	if _, err := Flags([]byte("MZ not really")); err == nil {
		t.Fatal("Flags accepted a file that is not PE")
	}
}
