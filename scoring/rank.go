package scoring

import (
	"cmp"
	"slices"
)

// Rank sets Rank and Ranked on the eligible summaries. They are ranked on
// their published score (two decimals, see Cents), best first; the
// profile's tie-break keys (TieBreak) order equal scores; what is still
// equal shares a rank. Summaries are not reordered. To rank results, rank
// their Summaries.
func Rank(results []*Summary) {
	var el []*Summary
	var p *Profile
	for _, r := range results {
		r.Rank = 0
		if r.Eligible {
			el = append(el, r)
		}
		if p == nil {
			p = r.Profile
		}
	}
	var keys []string
	if p != nil {
		keys = p.TieBreak
	}
	order := func(a, b *Summary) int { return compareForRank(a, b, keys) }
	slices.SortStableFunc(el, order)
	for _, r := range results {
		r.Ranked = len(el)
	}
	for i, r := range el {
		if i > 0 && order(el[i-1], r) == 0 {
			r.Rank = el[i-1].Rank
		} else {
			r.Rank = i + 1
		}
	}
}

// TieBreakSEAL is the tie-break key for the overall SEAL; the other keys
// are objective IDs, which compare the objective's points.
const TieBreakSEAL = "seal"

// compareForRank orders a before b (negative) when a ranks better: a
// higher published score, then the tie-break keys in turn, each higher
// first. 0 means a and b share a rank.
func compareForRank(a, b *Summary, keys []string) int {
	if c := cmp.Compare(Cents(b.Score), Cents(a.Score)); c != 0 {
		return c
	}
	for _, k := range keys {
		var c int
		if k == TieBreakSEAL {
			c = cmp.Compare(b.SEAL, a.SEAL)
		} else {
			c = cmp.Compare(objectivePoints(b, k), objectivePoints(a, k))
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func objectivePoints(s *Summary, id string) Points {
	if o, ok := s.Objective(id); ok {
		return o.Points
	}
	return 0
}

// TieBroken reports whether a and b have the same published score but
// different ranks: the profile's tie-break separated them.
func TieBroken(a, b *Summary) bool {
	return a.Eligible && b.Eligible && Cents(a.Score) == Cents(b.Score) && a.Rank != b.Rank
}
