package omtheme

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/assets"
)

// fontHeapEnv makes the test binary, run again by
// TestParsedFontsShareTheEmbeddedBytes, measure instead of test.
const fontHeapEnv = "OMAMORI_TEST_FONT_HEAP"

// Drawing Japanese text in the regular and bold styles parses both bundled
// Noto Sans JP faces. go-text used to copy the tables it keeps (the CFF
// outlines: most of each 3.8 MB file) into the heap, beside the embedded
// bytes: 10 MiB of live heap for the two (docs/performance.md, 2026-12-07).
// With third_party/go-text patch 0001 and Fyne patch 0013 the parsed fonts
// keep parts of the embedded bytes instead: about 3 MiB. Fyne keeps parsed
// fonts for the life of the process, so the parse is measured in a fresh
// process (this test binary run again), where it is the first.
func TestParsedFontsShareTheEmbeddedBytes(t *testing.T) {
	if os.Getenv(fontHeapEnv) == "1" {
		t.Skip("the measuring run")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMeasureFontHeap$", "-test.count=1")
	cmd.Env = append(os.Environ(), fontHeapEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("measuring run: %v\n%s", err, out)
	}
	_, after, ok := strings.Cut(string(out), "held=")
	if !ok {
		t.Fatalf("measuring run printed no figure:\n%s", out)
	}
	held, err := strconv.ParseUint(strings.Fields(after)[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	size := uint64(len(assets.FontRegular.Content()) + len(assets.FontBold.Content()))
	t.Logf("live heap held by the two parsed faces: %.1f MiB (fonts %.1f MiB)", float64(held)/(1<<20), float64(size)/(1<<20))
	if held > size/2 {
		t.Errorf("parsing the bundled fonts holds %.1f MiB of live heap, more than half their %.1f MiB: are their tables copied again?",
			float64(held)/(1<<20), float64(size)/(1<<20))
	}
}

// TestMeasureFontHeap prints the live heap that measuring Japanese text in
// both styles adds; it runs only inside TestParsedFontsShareTheEmbeddedBytes.
func TestMeasureFontHeap(t *testing.T) {
	if os.Getenv(fontHeapEnv) != "1" {
		t.Skip("run by TestParsedFontsShareTheEmbeddedBytes")
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(New("light", false))
	before := liveHeap()
	fyne.MeasureText("あと 12 秒 コピー", 14, fyne.TextStyle{})
	fyne.MeasureText("あと 12 秒 コピー", 14, fyne.TextStyle{Bold: true})
	held := liveHeap() - before
	fmt.Printf("held=%d\n", held)
	runtime.KeepAlive(a)

	// The parsed fonts read the embedded bytes in place: they never write them.
	for name, b := range map[string][]byte{"NotoSansJP-Regular.otf": assets.FontRegular.Content(), "NotoSansJP-Bold.otf": assets.FontBold.Content()} {
		fyne.MeasureText("髙橋 ✓ 0123", 14, fyne.TextStyle{Bold: name == "NotoSansJP-Bold.otf"})
		want, err := os.ReadFile("../../assets/fonts/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s: the embedded bytes differ from the file after parsing and measuring", name)
		}
	}
}

func liveHeap() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
