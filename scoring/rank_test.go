package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rankCase builds eligible summaries with a score, an overall SEAL and
// SOV-5 points, under a profile with the given tie-break.
func rankCase(tieBreak []string, rows ...[3]float64) []*Summary {
	fw := Default()
	o5, _ := fw.Objective("SOV-5")
	p := &Profile{Name: "t", TieBreak: tieBreak}
	out := make([]*Summary, len(rows))
	for i, row := range rows {
		out[i] = &Summary{Eligible: true, Profile: p, Score: row[0], SEAL: int(row[1]),
			Objectives: []ObjectiveResult{{Objective: o5, Points: Points(row[2])}}}
	}
	return out
}

func ranks(sums []*Summary) []int {
	out := make([]int, len(sums))
	for i, s := range sums {
		out[i] = s.Rank
	}
	return out
}

func TestRankOnPublishedScore(t *testing.T) {
	tests := []struct {
		name     string
		tieBreak []string
		rows     [][3]float64 // score, SEAL, SOV-5 points
		want     []int
	}{
		{"by score", nil, [][3]float64{{50, 3, 0}, {60, 3, 0}, {55, 3, 0}}, []int{3, 1, 2}},
		// 98.749938 is published as 98.75: it ties with 98.75.
		{"equal published scores share a rank", nil, [][3]float64{{98.749938, 3, 0}, {98.75, 3, 0}, {90, 3, 0}}, []int{1, 1, 3}},
		{"tie broken by SEAL", []string{TieBreakSEAL}, [][3]float64{{80, 2, 0}, {80, 3, 0}}, []int{2, 1}},
		{"tie broken by SEAL then SOV-5", []string{TieBreakSEAL, "SOV-5"}, [][3]float64{{80, 3, 100}, {80, 3, 200}, {80, 2, 900}}, []int{2, 1, 3}},
		{"what the keys leave equal shares a rank", []string{TieBreakSEAL}, [][3]float64{{80, 3, 1}, {80, 3, 2}}, []int{1, 1}},
		{"tie-break never overrides the score", []string{TieBreakSEAL}, [][3]float64{{80.01, 1, 0}, {80, 4, 0}}, []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sums := rankCase(tt.tieBreak, tt.rows...)
			Rank(sums)
			assert.Equal(t, tt.want, ranks(sums))
			for _, s := range sums {
				assert.Equal(t, len(sums), s.Ranked)
			}
		})
	}
}

func TestTieBroken(t *testing.T) {
	sums := rankCase([]string{TieBreakSEAL}, [3]float64{80, 2, 0}, [3]float64{80, 3, 0}, [3]float64{70, 3, 0})
	Rank(sums)
	assert.True(t, TieBroken(sums[0], sums[1]))
	assert.False(t, TieBroken(sums[1], sums[2]), "different scores")
}

func TestRankSkipsIneligible(t *testing.T) {
	sums := rankCase(nil, [3]float64{90, 3, 0}, [3]float64{80, 3, 0})
	sums[0].Eligible = false
	Rank(sums)
	assert.Equal(t, []int{0, 1}, ranks(sums))
	assert.Equal(t, 1, sums[0].Ranked)
}

func TestProfileTieBreak(t *testing.T) {
	fw := Default()
	p, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\ntie_break: [seal, SOV-5, SOV-2]\n"), false)
	require.NoError(t, err)
	assert.Equal(t, []string{"seal", "SOV-5", "SOV-2"}, p.TieBreak)

	for _, tt := range []struct{ body, want string }{
		{"name: t\nbase: eucsf-1.2.1\ntie_break: [score]\n", `unknown key "score"`},
		{"name: t\nbase: eucsf-1.2.1\ntie_break: [seal, seal]\n", `"seal" is listed twice`},
		{"name: t\nbase: eucsf-1.2.1\ntie_break: [SOV-9]\n", `unknown key "SOV-9"`},
	} {
		_, err := fw.ParseProfile([]byte(tt.body), false)
		require.Error(t, err, tt.body)
		assert.Contains(t, err.Error(), tt.want)
	}
}
