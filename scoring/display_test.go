package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSEALLabel(t *testing.T) {
	tests := []struct {
		level       int
		provisional bool
		want        string
	}{
		{-1, false, "—"},
		{-1, true, "—"},
		{0, false, "SEAL-0"},
		{3, true, "SEAL-3*"},
		{4, false, "SEAL-4"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, SEALLabel(tt.level, tt.provisional), "%d %v", tt.level, tt.provisional)
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"société", 7, "société"},
		{"sociétés", 7, "sociét…"},
		{"日本語テキスト", 4, "日本語…"},
		{"abc", 1, "…"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Clip(tt.s, tt.n), "%q %d", tt.s, tt.n)
	}
}

func TestDisplayOrder(t *testing.T) {
	mk := func(name string, eligible bool, rank int, score float64) *Summary {
		return &Summary{File: name, Eligible: eligible, Rank: rank, Score: score}
	}
	tests := []struct {
		name string
		in   []*Summary
		want []string
	}{
		{"empty", nil, nil},
		{"eligible by rank, others in input order",
			[]*Summary{mk("x", false, 0, 90), mk("b", true, 2, 50), mk("y", false, 0, 10), mk("a", true, 1, 60)},
			[]string{"a", "b", "x", "y"}},
		{"ties keep input order", []*Summary{mk("b", true, 1, 50), mk("a", true, 1, 50)}, []string{"b", "a"}},
		{"unranked eligible by score after the ranked",
			[]*Summary{mk("u", true, 0, 99), mk("r", true, 1, 10), mk("v", true, 0, 100)},
			[]string{"r", "v", "u"}},
		{"nil left out", []*Summary{nil, mk("a", false, 0, 1), nil}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range DisplayOrder(tt.in) {
				got = append(got, s.File)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
