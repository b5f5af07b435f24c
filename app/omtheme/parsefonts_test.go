package omtheme

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// firstTextEnv makes the test binary, run again by TestParseFontsAhead,
// measure the window's first text instead of testing: "ahead" after
// ParseFonts, "cold" without.
const firstTextEnv = "OMAMORI_TEST_FIRST_TEXT"

// ParseFonts, run on another goroutine while a start makes its window,
// leaves the window's first text measure nothing to parse: measuring
// text in each first face then allocates a small part of what it
// allocates in a process that parses on that first measure. Fyne keeps
// parsed fonts for the life of the process, so each case runs in a fresh
// one (this test binary run again).
func TestParseFontsAhead(t *testing.T) {
	if os.Getenv(firstTextEnv) != "" {
		t.Skip("the measuring run")
	}
	ahead, cold := firstTextAlloc(t, "ahead"), firstTextAlloc(t, "cold")
	t.Logf("first text measure allocated %d KiB after ParseFonts, %d KiB without", ahead>>10, cold>>10)
	if ahead*4 > cold {
		t.Errorf("after ParseFonts the first measure still allocated %d KiB, against %d KiB when it parses: were the fonts parsed ahead?", ahead>>10, cold>>10)
	}
}

func firstTextAlloc(t *testing.T, mode string) uint64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMeasureFirstText$", "-test.count=1")
	cmd.Env = append(os.Environ(), firstTextEnv+"="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("measuring run (%s): %v\n%s", mode, err, out)
	}
	_, after, ok := strings.Cut(string(out), "alloc=")
	if !ok {
		t.Fatalf("measuring run (%s) printed no figure:\n%s", mode, out)
	}
	n, err := strconv.ParseUint(strings.Fields(after)[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMeasureFirstText prints what measuring text in each first face
// allocates; it runs only inside TestParseFontsAhead.
func TestMeasureFirstText(t *testing.T) {
	mode := os.Getenv(firstTextEnv)
	if mode == "" {
		t.Skip("run by TestParseFontsAhead")
	}
	a := test.NewTempApp(t)
	if mode == "ahead" {
		done := make(chan struct{})
		go func() { ParseFonts(a.Driver()); close(done) }()
		<-done
	}
	a.Settings().SetTheme(New(Light, false))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, st := range firstFaces {
		text := "三菱 太郎 あと 12 秒"
		if st.Monospace {
			text = "492 039" // the codes: digits only
		}
		fyne.MeasureText(text, 14, st)
	}
	runtime.ReadMemStats(&after)
	fmt.Printf("alloc=%d\n", after.TotalAlloc-before.TotalAlloc)
}
