package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRobustness(t *testing.T) {
	fw := Default()
	strict, err := fw.ParseProfile([]byte("name: tender\nbase: eucsf-1.2.1\nmin_seal: {SOV-2: 3}\n"), false)
	require.NoError(t, err)
	// a: strong on SOV-5 (weighted 20 % in eucsf-1.2.1, 10 % in
	// calculator-2026); b: strong on SOV-1 (15 % vs 20 %); c: not
	// eligible (SOV-2 below the minimum).
	mk := func(set map[string]string) *Summary {
		a := validAssessment(fw)
		for id, ans := range set {
			e, _ := a.Entry(id)
			e.Answer.Text = ans
		}
		return &Evaluate(fw, a, strict).Summary
	}
	a := mk(map[string]string{"SOV-1.1": "1", "SOV-1.3": "1"})
	b := mk(map[string]string{"SOV-5.2": "1", "SOV-5.4": "1", "SOV-5.5": "1"})
	c := mk(map[string]string{"SOV-2.1": "1"})
	sums := []*Summary{a, b, c}
	Rank(sums)
	require.True(t, a.Eligible && b.Eligible)
	require.False(t, c.Eligible)

	rb := Assess(fw, sums)
	require.Len(t, rb.Rankings, 3, "the profile used, then both built-ins")
	assert.Equal(t, "tender", rb.Rankings[0].Profile.Name)
	assert.Equal(t, []int{a.Rank, b.Rank, 0}, rb.Rankings[0].Ranks, "the profile used gives the ranks as they are")
	assert.Equal(t, []float64{a.Score, b.Score, c.Score}, rb.Rankings[0].Scores)
	names := []string{rb.Rankings[1].Profile.Name, rb.Rankings[2].Profile.Name}
	assert.Equal(t, []string{"eucsf-1.2.1", "calculator-2026"}, names)
	assert.Equal(t, rb.Rankings[0].Ranks, rb.Rankings[1].Ranks, "eucsf-1.2.1 has the tender's weights")
	calc := rb.Rankings[2]
	assert.Equal(t, 0, calc.Ranks[2], "eligibility stays the tender's")
	assert.NotEqual(t, rb.Rankings[0].Ranks[:2], calc.Ranks[:2], "the weights decide between a and b")
	for i, s := range sums {
		assert.Equal(t, rescore(s, calc.Profile), calc.Scores[i])
	}
}

func TestNearTies(t *testing.T) {
	fw := Default()
	p := &Profile{Name: "t"}
	mk := func(score float64, eligible bool) *Summary {
		return &Summary{Profile: p, Score: score, Eligible: eligible}
	}
	sums := []*Summary{mk(80, true), mk(79.5, true), mk(79.49, false), mk(70, true), mk(69.51, true), mk(69.51, true)}
	Rank(sums)
	rb := Assess(fw, sums)
	assert.Equal(t, []NearTie{{Better: 0, Worse: 1, Gap: 0.5}, {Better: 3, Worse: 4, Gap: 0.49}}, rb.NearTies,
		"within 0.5 points, eligible, not sharing a rank")
}
