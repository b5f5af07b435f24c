// Package thirdparty_test keeps the C libraries of the Windows build within
// their upstream security support: third_party/README.md gives each one a
// "Supported until" date, and this test fails once a date has passed
// (unless a dated exception, at most six months long, says why).
package thirdparty_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

const day = "2006-01-02"

type library struct {
	name, version string
	until         time.Time
	review        bool // a review date, not a published end of life
}

type exception struct {
	name  string
	until time.Time
	why   string
}

// tableRows returns the cells of the Markdown table whose header starts
// with first.
func tableRows(md, first string) [][]string {
	var rows [][]string
	in := false
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			in = false
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case cells[0] == first && !in && len(rows) == 0:
			in = true
		case in && strings.HasPrefix(cells[0], "---"):
		case in:
			rows = append(rows, cells)
		}
	}
	return rows
}

func parse(md string) ([]library, []exception, error) {
	var libs []library
	for _, c := range tableRows(md, "Component") {
		if len(c) < 5 {
			continue // the exceptions table has three columns
		}
		until, err := time.Parse(day, c[3])
		if err != nil {
			return nil, nil, fmt.Errorf("%s: Supported until %q is not YYYY-MM-DD", c[0], c[3])
		}
		libs = append(libs, library{c[0], strings.Fields(c[1])[0], until, strings.HasPrefix(c[4], "review date")})
	}
	i := strings.Index(md, "### Exceptions")
	if i < 0 {
		return libs, nil, nil
	}
	var exs []exception
	for _, c := range tableRows(md[i:], "Component") {
		if len(c) != 3 {
			return nil, nil, fmt.Errorf("exception row %q: want Component | Until | Why", c)
		}
		until, err := time.Parse(day, c[1])
		if err != nil {
			return nil, nil, fmt.Errorf("exception for %s: Until %q is not YYYY-MM-DD", c[0], c[1])
		}
		exs = append(exs, exception{c[0], until, c[2]})
	}
	return libs, exs, nil
}

// check lists what is wrong on day today.
func check(libs []library, exs []exception, today time.Time) []string {
	var bad []string
	excepted := map[string]exception{}
	for _, e := range exs {
		excepted[e.name] = e
	}
	for _, l := range libs {
		if l.review && l.until.After(today.AddDate(1, 0, 0)) {
			bad = append(bad, fmt.Sprintf("%s %s: review date %s is more than a year ahead", l.name, l.version, l.until.Format(day)))
		}
		if !today.After(l.until) {
			continue
		}
		e, ok := excepted[l.name]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("%s %s: security support ended %s; move to a supported version (or, with a reason, add a dated exception)", l.name, l.version, l.until.Format(day)))
		case e.until.After(l.until.AddDate(0, 6, 0)):
			bad = append(bad, fmt.Sprintf("%s: exception until %s is longer than six months past %s", l.name, e.until.Format(day), l.until.Format(day)))
		case today.After(e.until):
			bad = append(bad, fmt.Sprintf("%s %s: support ended %s and the exception ended %s: %s", l.name, l.version, l.until.Format(day), e.until.Format(day), e.why))
		case strings.TrimSpace(e.why) == "":
			bad = append(bad, fmt.Sprintf("%s: exception without a reason", l.name))
		}
	}
	return bad
}

func readme(t *testing.T) ([]library, []exception) {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	libs, exs, err := parse(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return libs, exs
}

// TestSupportDates is the one that fails in CI once a library's date (or
// its exception's) has passed.
func TestSupportDates(t *testing.T) {
	libs, exs := readme(t)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, e := range exs {
		t.Logf("known debt: %s until %s: %s", e.name, e.until.Format(day), e.why)
	}
	for _, msg := range check(libs, exs, today) {
		t.Error(msg)
	}
}

// TestEveryBuiltLibraryHasADate: build-windows.sh builds nothing the table
// does not list at that version.
func TestEveryBuiltLibraryHasADate(t *testing.T) {
	libs, _ := readme(t)
	b, err := os.ReadFile("build-windows.sh")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^ZLIB=.*$`).FindString(string(b))
	built := regexp.MustCompile(`=(\S+?)-(\d[\w.]*)`).FindAllStringSubmatch(line, -1)
	if len(built) < 4 {
		t.Fatalf("could not read the libraries from build-windows.sh's %q", line)
	}
	for _, m := range built {
		found := false
		for _, l := range libs {
			if strings.EqualFold(l.name, m[1]) && l.version == m[2] {
				found = true
			}
		}
		if !found {
			t.Errorf("build-windows.sh builds %s %s, which README.md's table does not list with a support date", m[1], m[2])
		}
	}
}

func TestCheckRules(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(day, s); return v }
	ossl := library{"OpenSSL", "3.0.22", d("2026-09-07"), false}
	zlib := library{"zlib", "1.3.1", d("2027-06-30"), true}
	ex := exception{"OpenSSL", d("2027-01-31"), "moving to LibreSSL"}
	for _, c := range []struct {
		name  string
		libs  []library
		exs   []exception
		today string
		bad   string // part of the one message, "" = none
	}{
		{"within support", []library{ossl}, nil, "2026-09-07", ""},
		{"the day after the end", []library{ossl}, nil, "2026-09-08", "security support ended 2026-09-07"},
		{"excepted", []library{ossl}, []exception{ex}, "2026-12-06", ""},
		{"exception over", []library{ossl}, []exception{ex}, "2027-02-01", "the exception ended 2027-01-31"},
		{"exception too long", []library{ossl}, []exception{{"OpenSSL", d("2027-06-01"), "later"}}, "2026-12-06", "longer than six months"},
		{"exception without reason", []library{ossl}, []exception{{"OpenSSL", d("2027-01-31"), " "}}, "2026-12-06", "without a reason"},
		{"review date far ahead", []library{zlib}, nil, "2026-01-01", "more than a year ahead"},
		{"review date passed", []library{zlib}, nil, "2027-07-01", "security support ended 2027-06-30"},
	} {
		got := check(c.libs, c.exs, d(c.today))
		switch {
		case c.bad == "" && len(got) > 0:
			t.Errorf("%s: %q", c.name, got)
		case c.bad != "" && (len(got) != 1 || !strings.Contains(got[0], c.bad)):
			t.Errorf("%s: got %q, want one message with %q", c.name, got, c.bad)
		}
	}
}
