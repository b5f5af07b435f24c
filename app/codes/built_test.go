package codes

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/omamori-app/omamori/app/omtheme"
	"github.com/omamori-app/omamori/internal/i18n"
)

// The first screen is laid out at several widths before it shows; each
// row on it is made once, and each kind of row once more to be measured
// (it was 8 rows for one account, 12 for 200).
func TestFirstScreenMakesEachRowOnce(t *testing.T) {
	for _, n := range []int{1, 200} {
		now := time.Unix(1_700_000_000, 0)
		v, _, _ := manyView(t, n, &now)
		kinds := map[string]bool{}
		for _, i := range v.shown {
			kinds[v.rows[i].kind] = true
		}
		if want := len(v.live) + len(kinds); v.built != want {
			t.Errorf("%d accounts: %d rows made for %d on screen and %d kinds", n, v.built, len(v.live), len(kinds))
		}
	}
}

// A kind's row measured again at another width (the kept row, resized)
// gives what a new row measured at that width gives, for a code row and
// for a problem row whose long text wraps.
func TestRowMeasuredAgainAsANewRow(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(omtheme.New(omtheme.Light, false))
	store := workingAndLocked()
	now := time.Unix(59, 0)
	v := New(store, Options{Now: func() time.Time { return now }, Lang: i18n.JA})
	check := func(look string) {
		for _, w := range []float32{0, 180, 520, 260, 900, 180} {
			size := v.sizer(w)
			for i := range v.rows {
				got := size(i)
				want := measure(newRow(v, i), w)
				if got != want {
					t.Errorf("%s: row %d at width %v: measured %v, a new row %v", look, i, w, got, want)
				}
			}
		}
	}
	check("normal text")
	// Rows take the theme's sizes when they are made: the kept ones go.
	fyne.CurrentApp().Settings().SetTheme(omtheme.New(omtheme.Light, true))
	check("large text")
}
