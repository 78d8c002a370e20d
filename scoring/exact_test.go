package scoring

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundHalfUp(t *testing.T) {
	tests := []struct {
		num, den int64
		decimals int
		want     float64
	}{
		{775, 1000, 2, 0.78},
		{774999, 1000000, 2, 0.77},
		{1, 8, 2, 0.13}, // 0.125
		{1, 3, 4, 0.3333},
		{2, 3, 4, 0.6667},
		{0, 1, 2, 0},
		{100, 1, 2, 100},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, roundHalfUp(big.NewRat(tt.num, tt.den), tt.decimals), "%d/%d", tt.num, tt.den)
	}
}

// TestHalfWayScoreRoundsUp: with every answer 1 but SOV-2.5 and SOV-5.1 at
// 2, calculator-2026 gives exactly 0.775 %, which floating-point sums
// printed as 0.77.
func TestHalfWayScoreRoundsUp(t *testing.T) {
	fw := Default()
	a := validAssessment(fw)
	for i := range a.Factors {
		e := &a.Factors[i]
		e.Answer.Text = "1"
		if e.ID == "SOV-2.5" || e.ID == "SOV-5.1" {
			e.Answer.Text = "2"
		}
	}
	r := Evaluate(fw, a, mustProfile(t, fw, "calculator-2026"))
	exact := new(big.Rat)
	for _, o := range r.Objectives {
		exact.Add(exact, contribution(r.Profile, o.Objective, o.Points))
	}
	require.Equal(t, "31/40", exact.RatString(), "the exact score is 0.775")
	assert.Equal(t, 0.78, r.Score)
	assert.Equal(t, int64(78), Cents(r.Score))
}

func TestWeightRatIsTheWrittenDecimal(t *testing.T) {
	assert.Equal(t, "3/20", weightRat(0.15).RatString())
	assert.Equal(t, "1/8", weightRat(0.125).RatString())
	assert.Equal(t, "1/10", weightRat(0.1).RatString())
}

func TestRatioIsRoundedFromExact(t *testing.T) {
	assert.Equal(t, 0.8642, ratio(86425, 100003))
	assert.Equal(t, 0.5, ratio(50000, 100000))
	assert.Equal(t, 0.0, ratio(5, 0))
}
