package workbook

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// The Robustness sheet of the summary (issue #14): how much the ranking
// depends on the method. One row per provider, in the Ranking's order:
// its rank and score under the profile used and under every other
// built-in profile's weights (eligibility stays the one the profile used
// decided), rank changes flagged; the near ties; and, for an eligible
// provider, the factors where one answer one rung lower would make it
// ineligible. The title states the tie-break rule.

func (s *summary) robustness() error {
	var rb scoring.Robustness
	if len(s.order) > 0 {
		rb = scoring.Assess(s.framework(), scoring.Summaries(s.order))
	}
	var others []*scoring.Profile
	if len(rb.Rankings) > 0 {
		for _, rk := range rb.Rankings[1:] {
			others = append(others, rk.Profile)
		}
	} else {
		for _, p := range s.framework().Profiles {
			if p.Name != s.opts.ProfileName {
				others = append(others, p)
			}
		}
	}
	heads := []string{"Rank", "Provider", "File", "Eligible", "Score"}
	widths := []float64{7, 34, 32, 10, 9}
	for _, p := range others {
		heads = append(heads, "Rank under "+p.Name, "Score under "+p.Name)
		widths = append(widths, 12, 12)
	}
	heads = append(heads, "Rank changes", fmt.Sprintf("Near tie (within %.1f points)", scoring.NearTieGap),
		"Fragile: one rung lower on any of these factors makes it ineligible")
	widths = append(widths, 34, 50, 50)

	near := sumNearTies(s.order, rb.NearTies)
	cells := make([]sumCell, 0, len(heads))
	var changes []string
	return s.table(RobustnessSheet, s.robustnessTitle(), heads, widths, 2, len(s.order), func(i int) []sumCell {
		r := s.order[i]
		cells = append(cells[:0], sumCell{sumRank(r.Rank), s.integer}, sumCell{r.ProviderName(), s.text}, sumCell{r.File, s.text},
			sumEligible(&s.st, r.Eligible), sumCell{r.Score, s.number})
		changes = changes[:0]
		for _, rk := range rb.Rankings[1:] {
			other := sumCell{nil, s.integer}
			if n := rk.Ranks[i]; n > 0 {
				other.v = n
				if n != r.Rank {
					other.style = s.st.warn
					changes = append(changes, fmt.Sprintf("%s: %d → %d", rk.Profile.Name, r.Rank, n))
				}
			}
			cells = append(cells, other, sumCell{rk.Scores[i], s.number})
		}
		return append(cells, sumCell{strings.Join(changes, "; "), s.text}, sumCell{near[i], s.text},
			sumCell{strings.Join(r.Fragile, ", "), s.text})
	})
}

// robustnessTitle is the Robustness sheet's title: how it was made, and
// the rule that decides ranks.
func (s *summary) robustnessTitle() string {
	return s.title("Robustness of the ranking") + "; ranks: " + scoring.TieBreakRule(s.prof) +
		"; under the other profiles only the weights and divisor change: eligibility and the tie-break stay those of the profile used"
}

// sumNearTies says, per provider of order, which eligible neighbour is
// within scoring.NearTieGap of it: "0.30 points above Castellum IaaS
// (rank 3)".
func sumNearTies(order []*scoring.Result, ties []scoring.NearTie) []string {
	out := make([]string, len(order))
	add := func(i int, s string) {
		if out[i] != "" {
			out[i] += "; "
		}
		out[i] += s
	}
	for _, nt := range ties {
		b, w := order[nt.Better], order[nt.Worse]
		gap := strconv.FormatFloat(nt.Gap, 'f', 2, 64)
		add(nt.Better, fmt.Sprintf("%s points above %s (rank %d)", gap, w.ProviderName(), w.Rank))
		add(nt.Worse, fmt.Sprintf("%s points below %s (rank %d)", gap, b.ProviderName(), b.Rank))
	}
	return out
}
