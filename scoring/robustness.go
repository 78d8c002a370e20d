package scoring

import "math/big"

// NearTieGap is how close, in percentage points, two eligible providers'
// published scores must be to be flagged as a near tie.
const NearTieGap = 0.5

// Ranking is how the providers rank under one profile's weights and
// divisor.
type Ranking struct {
	Profile *Profile
	// Scores and Ranks are per summary, in the order given; a rank is 0
	// for a provider that is not eligible.
	Scores []float64
	Ranks  []int
}

// NearTie is a pair of eligible providers next to each other in the
// ranking whose published scores are at most NearTieGap apart, and who do
// not share a rank: indexes in the order given, Better ranked above Worse.
type NearTie struct {
	Better, Worse int
	Gap           float64
}

// Robustness shows how much a ranking depends on the method: the
// ranking under each built-in profile beside the one used, and the near
// ties. (Which single answers carry an eligibility is Summary.Fragile.)
type Robustness struct {
	// Rankings holds the ranking under the profile used, first, then
	// under each built-in profile of the framework that is not it. Only
	// the weights and divisor change: eligibility is the one the profile
	// used decided (its minimum SEALs), and ties are broken by its rule.
	Rankings []Ranking
	NearTies []NearTie
}

// Assess computes the robustness of ranked summaries (see Rank), all
// scored under the same profile, against the framework's built-in
// profiles.
func Assess(fw *Framework, sums []*Summary) Robustness {
	var rb Robustness
	if len(sums) == 0 {
		return rb
	}
	used := sums[0].Profile
	profiles := []*Profile{used}
	for _, p := range fw.Profiles {
		if used == nil || p.Name != used.Name {
			profiles = append(profiles, p)
		}
	}
	for _, p := range profiles {
		rb.Rankings = append(rb.Rankings, rankUnder(sums, p, used))
	}
	order := DisplayOrder(sums)
	index := make(map[*Summary]int, len(sums))
	for i, s := range sums {
		index[s] = i
	}
	for i := 1; i < len(order) && order[i].Eligible; i++ {
		a, b := order[i-1], order[i]
		gap := Cents(a.Score) - Cents(b.Score)
		if a.Rank != b.Rank && gap <= int64(NearTieGap*100) {
			rb.NearTies = append(rb.NearTies, NearTie{Better: index[a], Worse: index[b], Gap: float64(gap) / 100})
		}
	}
	return rb
}

// rankUnder ranks copies of sums scored with p's weights and divisor,
// keeping their eligibility and the tie-break of the profile used.
func rankUnder(sums []*Summary, p, used *Profile) Ranking {
	rk := Ranking{Profile: p, Scores: make([]float64, len(sums)), Ranks: make([]int, len(sums))}
	copies := make([]*Summary, len(sums))
	for i, s := range sums {
		c := *s
		c.Profile = used
		if p != used {
			c.Score = rescore(s, p)
		}
		copies[i] = &c
		rk.Scores[i] = c.Score
	}
	Rank(copies)
	for i, c := range copies {
		rk.Ranks[i] = c.Rank
	}
	return rk
}

// rescore is the published score of s under p's weights and divisor.
func rescore(s *Summary, p *Profile) float64 {
	total := new(big.Rat)
	for _, o := range s.Objectives {
		total.Add(total, contribution(p, o.Objective, o.Points))
	}
	return roundHalfUp(total, 2)
}
