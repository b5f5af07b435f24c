package osdisplay

import "testing"

func TestSame(t *testing.T) {
	b, b2, w := Black, Black, White
	for _, c := range []struct {
		a, b Settings
		same bool
	}{
		{Settings{TextScale: 1}, Settings{TextScale: 1}, true},
		{Settings{TextScale: 1}, Settings{TextScale: 1.5}, false},
		{Settings{HighContrast: &b, TextScale: 1}, Settings{HighContrast: &b2, TextScale: 1}, true},
		{Settings{HighContrast: &b, TextScale: 1}, Settings{HighContrast: &w, TextScale: 1}, false},
		{Settings{HighContrast: &b, TextScale: 1}, Settings{TextScale: 1}, false},
	} {
		if got := c.a.Same(c.b); got != c.same {
			t.Errorf("%+v Same %+v = %v", c.a, c.b, got)
		}
	}
}

func TestReadGivesAUsableScale(t *testing.T) {
	if s := Read(); s.TextScale < 1 || s.TextScale > 3 {
		t.Errorf("text scale %v", s.TextScale)
	}
}
