package report

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// TestComparisonSummaryPage: at 300 providers the first page alone gives
// the outcome: how many were assessed, are eligible and are not and why,
// the SEAL distribution, and the first ranks.
func TestComparisonSummaryPage(t *testing.T) {
	for _, n := range []int{2, 300} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			rs, p := pdfResults(t, n)
			pdf := comparisonPDF(t, rs, p)
			checkPDFTools(t, savePDF(t, fmt.Sprintf("comparison-summary-%d.pdf", n), pdf))
			first := pdfFlat(pdfToText(t, pdf)[:1])
			sums := scoring.Summaries(rs)
			c := &comparison{input: sums, order: scoring.DisplayOrder(sums)}
			el := c.eligible()
			assert.Contains(t, first, fmt.Sprintf("Eligible %d of %d", el, n))
			for _, s := range []string{"OUTCOME", "assessed", strconv.Itoa(n), strconv.Itoa(el), strconv.Itoa(n - el),
				"Not eligible because (providers):", "OVERALL SEAL OF THE PROVIDERS", "TOP OF THE RANKING"} {
				assert.Contains(t, first, s)
			}
			for _, tally := range c.rejections() {
				assert.Contains(t, first, strconv.Itoa(tally.n)+" "+tally.label)
			}
			shown := min(el, 10)
			for _, r := range c.order[:shown] {
				name := r.ProviderName()
				if strings.ContainsAny(name, "☁🚀") {
					name = "Nordlys Sky"
				}
				assert.Contains(t, first, name, "rank %d on page 1", r.Rank)
			}
			assert.NotContains(t, first, noMinimumNote, "the tender sets a minimum")
		})
	}
}

func TestRejections(t *testing.T) {
	mk := func(reasons ...scoring.Reason) *scoring.Summary { return &scoring.Summary{Reasons: reasons} }
	seal := func(obj string, req int, factors ...string) scoring.Reason {
		return scoring.Reason{Code: scoring.ReasonSEAL, Objective: obj, Required: req, Factors: factors}
	}
	incomplete := scoring.Reason{Code: scoring.ReasonIncomplete}
	c := &comparison{input: []*scoring.Summary{
		mk(incomplete, seal("SOV-3", 2, "SOV-3.1")),
		mk(seal("SOV-3", 2, "SOV-3.1", "SOV-3.4")),
		mk(seal("SOV-3", 2, "SOV-3.4"), seal("SOV-5", 3, "SOV-5.1", "SOV-5.2", "SOV-5.3", "SOV-5.4")),
		{Eligible: true},
	}}
	var got []string
	for _, tl := range c.rejections() {
		got = append(got, fmt.Sprintf("%d %s", tl.n, tl.text()))
	}
	assert.Equal(t, []string{
		"3 SOV-3 below the minimum SEAL-2, because of SOV-3.1 (2) and SOV-3.4 (2)",
		"1 incomplete assessment (unanswered factors)",
		"1 SOV-5 below the minimum SEAL-3, because of SOV-5.1 (1), SOV-5.2 (1), SOV-5.3 (1) and 1 more factor",
	}, got)
}

// TestComparisonRejectionNamesFactors: the list of providers not eligible
// names the factors that keep an objective below its minimum.
func TestComparisonRejectionNamesFactors(t *testing.T) {
	rs, p := pdfResults(t, 4)
	r := rs[3]
	require.False(t, r.Eligible)
	require.Equal(t, scoring.ReasonSEAL, r.Reasons[0].Code)
	all := pdfFlat(pdfToText(t, comparisonPDF(t, rs, p)))
	list := all[strings.Index(all, "Providers not eligible"):]
	for _, f := range r.Reasons[0].Factors {
		assert.Contains(t, list, f)
	}
	assert.Contains(t, list, "SOV-3 reaches SEAL-0 because of SOV-3.1")
}

func TestCompactIDs(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"SOV-1.3"}, "SOV-1.3"},
		{[]string{"SOV-1.3", "SOV-1.6", "SOV-2.1", "SOV-8.4"}, "SOV-1.3, 1.6 · SOV-2.1 · SOV-8.4"},
		{[]string{"odd", "SOV-2.1", "SOV-2.2"}, "odd · SOV-2.1, 2.2"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, compactIDs(tc.in), "%v", tc.in)
	}
}

// TestComparisonEvidence: the evidence section gives each provider's
// counts and the answers to confirm.
func TestComparisonEvidence(t *testing.T) {
	rs, p := pdfResults(t, 5)
	all := pdfFlat(pdfToText(t, comparisonPDF(t, rs, p)))
	at := strings.Index(all, "Evidence behind the answers")
	require.GreaterOrEqual(t, at, 0)
	section := all[at:strings.Index(all, "Robustness of the ranking")]
	assert.Contains(t, section, "To confirm with the provider (low confidence)")
	for _, r := range rs {
		e := r.Evidence
		assert.Contains(t, section, fmt.Sprintf("%d %d %d %d %s", e.High, e.Medium, e.Low, e.Unsourced, compactIDs(e.ToConfirm)))
	}
}

func TestRankChangeCell(t *testing.T) {
	tests := []struct {
		used, other int
		want        string
		color       *rgb
	}{
		{3, 3, "3 (80.00)", nil},
		{3, 1, "1 ↑2 (80.00)", &colPass},
		{3, 7, "7 ↓4 (80.00)", &colFail},
	}
	for _, tc := range tests {
		c := rankChangeCell(tc.used, tc.other, 80)
		assert.Equal(t, tc.want, c.Text)
		assert.Equal(t, tc.color, c.TextColor)
	}
}

func TestTiesBroken(t *testing.T) {
	s := func(score float64, rank int) *scoring.Summary {
		return &scoring.Summary{Eligible: true, Score: score, Rank: rank}
	}
	c := &comparison{input: []*scoring.Summary{s(90, 1), s(85.5, 2), s(85.5, 3), s(80, 4), s(80, 4)}}
	assert.Equal(t, "Equal published scores separated by the tie-break: ranks 2 and 3.", c.tiesBroken([]int{0, 1, 2, 3, 4}))
	assert.Empty(t, c.tiesBroken([]int{0, 3, 4}), "a shared rank is no tie broken")
}

// TestComparisonRobustness: the annex gives the ranking under each
// built-in profile with the changes flagged, the near ties, each
// eligibility's fragile factors and the tie-break rule.
func TestComparisonRobustness(t *testing.T) {
	rs, p := pdfResults(t, 40)
	sums := scoring.Summaries(rs)
	rb := scoring.Assess(scoring.Default(), sums)
	require.Len(t, rb.Rankings, 3, "the tender's, then the two built-in profiles'")
	require.NotEmpty(t, rb.NearTies)
	pdf := comparisonPDF(t, rs, p)
	checkPDFTools(t, savePDF(t, "comparison-robustness.pdf", pdf))
	all := pdfFlat(pdfToText(t, pdf))
	at := strings.Index(all, "Robustness of the ranking")
	require.GreaterOrEqual(t, at, 0)
	annex := all[at:strings.Index(all, "Input files")]
	assert.Contains(t, annex, "Tie-break: equal published scores share a rank")
	eligible, changed := 0, 0
	for i, r := range sums {
		if !r.Eligible {
			continue
		}
		eligible++
		if rb.Rankings[2].Ranks[i] != r.Rank {
			changed++
		}
		if len(r.Fragile) > 0 {
			assert.Contains(t, annex, fragileList(r))
		}
	}
	require.Positive(t, changed, "fixture: the calculator's weights move some providers")
	assert.Contains(t, annex, fmt.Sprintf("Under calculator-2026 (divided by the nominal 1000): %d of %d eligible providers change rank",
		changed, eligible))
	assert.Contains(t, annex, "Under eucsf-1.2.1")
	assert.Contains(t, annex, "Rank under calculator-2026")
	assert.Contains(t, annex, "↑")
	assert.Contains(t, annex, "↓")
	assert.Contains(t, annex, fmt.Sprintf("Near ties: %d pair", len(rb.NearTies)))
	for _, nt := range rb.NearTies {
		assert.Contains(t, annex, "≈ ")
		assert.Contains(t, annex, fmtFloat(nt.Gap, 2)+" to rank "+strconv.Itoa(sums[nt.Worse].Rank))
	}
	assert.Contains(t, annex, "Fragile eligibility:")
}
