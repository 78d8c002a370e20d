package scoring

import (
	"cmp"
	"slices"
	"strconv"
)

// NoSEAL is how every report shows the SEAL of something with no scored
// answer.
const NoSEAL = "—"

// SEALLabel is how every report names a SEAL level: "SEAL-3", "SEAL-3*"
// when provisional (computed over an incomplete answer set), NoSEAL below
// 0.
func SEALLabel(level int, provisional bool) string {
	if level < 0 {
		return NoSEAL
	}
	s := "SEAL-" + strconv.Itoa(level)
	if provisional {
		s += "*"
	}
	return s
}

// Clip shortens s to at most n runes, ending with "…" when it was cut.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i, count := 0, 0
	for j := range s {
		if count == n-1 {
			i = j
		}
		count++
		if count > n {
			return s[:i] + "…"
		}
	}
	return s
}

// DisplayOrder is the order of every report that lists providers: the
// eligible ones by rank (an eligible one without a rank after the ranked
// ones, by score), then the others in the order given. Equal ranks keep
// the order given. Nil summaries are left out; sums is not changed.
func DisplayOrder(sums []*Summary) []*Summary {
	var el, other []*Summary
	for _, s := range sums {
		switch {
		case s == nil:
		case s.Eligible:
			el = append(el, s)
		default:
			other = append(other, s)
		}
	}
	rank := func(s *Summary) int {
		if s.Rank > 0 {
			return s.Rank
		}
		return int(^uint(0) >> 1)
	}
	slices.SortStableFunc(el, func(a, b *Summary) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(b.Score, a.Score)
	})
	return append(el, other...)
}
