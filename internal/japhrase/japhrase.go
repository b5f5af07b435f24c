// Package japhrase splits Japanese text into phrases (文節), the units a
// line may break between, with BudouX's Japanese model
// (third_party/budoux). The segmentation is ours, written from the
// model's documented meaning: for each gap between two characters, add
// up the scores of the features around it; a phrase starts where the sum
// is positive.
package japhrase

import (
	"encoding/json"
	"sync"

	"github.com/omamori-app/omamori/third_party/budoux"
)

// Model maps each feature group ("UW1".."UW6", "BW1".."BW3",
// "TW1".."TW4") to the character n-grams it scores.
type Model struct {
	groups map[string]map[string]int
	total  int // sum of every score: the base score is -total/2
}

// NewModel reads a model in BudouX's JSON form.
func NewModel(data []byte) (*Model, error) {
	m := &Model{}
	if err := json.Unmarshal(data, &m.groups); err != nil {
		return nil, err
	}
	for _, g := range m.groups {
		for _, s := range g {
			m.total += s
		}
	}
	return m, nil
}

var japanese = sync.OnceValue(func() *Model {
	m, err := NewModel(budoux.JapaneseModel)
	if err != nil { // the embedded file is checked by its tests
		panic("japhrase: embedded model: " + err.Error())
	}
	return m
})

// Japanese is BudouX's Japanese model.
func Japanese() *Model { return japanese() }

// feature is one group: the n-gram from offset from to offset to
// (relative to the character after the gap), which must lie inside the
// text for the feature to count.
type feature struct {
	group    string
	from, to int
}

// features: U = one character, B = two, T = three, at each position
// around the gap before r[i] (BudouX's UW1..UW6, BW1..BW3, TW1..TW4).
var features = []feature{
	{"UW1", -3, -2}, {"UW2", -2, -1}, {"UW3", -1, 0}, {"UW4", 0, 1}, {"UW5", 1, 2}, {"UW6", 2, 3},
	{"BW1", -2, 0}, {"BW2", -1, 1}, {"BW3", 0, 2},
	{"TW1", -3, 0}, {"TW2", -2, 1}, {"TW3", -1, 2}, {"TW4", 0, 3},
}

// Starts reports, for each rune of r, whether a phrase starts there.
// The first rune always starts one.
func (m *Model) Starts(r []rune) []bool {
	starts := make([]bool, len(r))
	if len(r) > 0 {
		starts[0] = true
	}
	for i := 1; i < len(r); i++ {
		// Twice the score, so the base score (-total/2) stays whole.
		score := -m.total
		for _, f := range features {
			if i+f.from < 0 || i+f.to > len(r) {
				continue
			}
			score += 2 * m.groups[f.group][string(r[i+f.from:i+f.to])]
		}
		starts[i] = score > 0
	}
	return starts
}

// Parse splits s into phrases; joined they give s again.
func (m *Model) Parse(s string) []string {
	r := []rune(s)
	var out []string
	last := 0
	for i, start := range m.Starts(r) {
		if start && i > 0 {
			out = append(out, string(r[last:i]))
			last = i
		}
	}
	if len(r) > 0 {
		out = append(out, string(r[last:]))
	}
	return out
}
