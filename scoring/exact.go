package scoring

import (
	"math/big"
	"strconv"
)

// The published numbers (score, ratios, contributions) are computed with
// exact rational arithmetic and rounded half up, so that a score that is
// exactly half-way (0.775) is published as 0.78, never as 0.77 because a
// sum of binary fractions fell just below it.

// weightRat is a weight as the decimal it was written as: the shortest
// decimal that reads back as the same float64 (0.15, not
// 0.1499999999999999944...).
func weightRat(w float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(w, 'f', -1, 64))
	if !ok { // NaN and Inf are refused when a profile is read
		return new(big.Rat)
	}
	return r
}

// contribution is an objective's exact share of the Sovereignty Score in
// percentage points: 100 x weight x points / divisor.
func contribution(p *Profile, o *Objective, points Points) *big.Rat {
	c := new(big.Rat).Mul(big.NewRat(100, 1), weightRat(p.Weights[o.ID]))
	if p.Divisor == DivisorNominal {
		// points are hundredths: / 100 / 1000
		return c.Mul(c, big.NewRat(int64(points), 100_000))
	}
	max := o.Max()
	if max == 0 {
		return new(big.Rat)
	}
	return c.Mul(c, big.NewRat(int64(points), int64(max)))
}

// roundHalfUp rounds a non-negative rational to the given number of
// decimals, half up, and returns the nearest float64 of the result (whose
// shortest decimal form is that rounded decimal).
func roundHalfUp(r *big.Rat, decimals int) float64 {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	v := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	v.Add(v, big.NewRat(1, 2))
	n := new(big.Int).Quo(v.Num(), v.Denom()) // floor, for v >= 0
	f, _ := new(big.Rat).SetFrac(n, scale).Float64()
	return f
}

// ratio is points / max, rounded half up to 4 decimals.
func ratio(points, max Points) float64 {
	if max <= 0 {
		return 0
	}
	return roundHalfUp(big.NewRat(int64(points), int64(max)), 4)
}

// Cents is a published score in hundredths of a percentage point (77.10 %
// is 7710): the number ranks are decided on.
func Cents(score float64) int64 {
	return int64(score*100 + 0.5)
}
