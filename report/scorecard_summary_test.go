package report

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

func TestStatusCell(t *testing.T) {
	tests := []struct {
		name  string
		o     scoring.ObjectiveResult
		want  string
		color *rgb
	}{
		{"pass", scoring.ObjectiveResult{Complete: true, SEAL: 3, MinSEAL: 2}, "pass", &colPass},
		{"below minimum", scoring.ObjectiveResult{Complete: true, SEAL: 1, MinSEAL: 2}, "below minimum", &colFail},
		{"no minimum", scoring.ObjectiveResult{Complete: true, SEAL: 0}, "no minimum", &pdfColMuted},
		{"errors before all", scoring.ObjectiveResult{Complete: false, Errors: 2, SEAL: 1, MinSEAL: 2}, "errors", &colFail},
		{"incomplete", scoring.ObjectiveResult{Complete: false, SEAL: 3, MinSEAL: 2}, "incomplete", &pdfColMuted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := statusCell(&tc.o)
			assert.Equal(t, tc.want, c.Text)
			assert.Equal(t, tc.color, c.TextColor)
		})
	}
}

func TestSetByCell(t *testing.T) {
	rs, _ := pdfResults(t, 1)
	r := rs[0]
	obj := func(id string, bound ...string) *scoring.ObjectiveResult {
		o, ok := r.Objective(id)
		require.True(t, ok)
		c := *o
		c.BoundBy = bound
		return &c
	}
	_, _, composed := composedResults(t)
	saas := composed[0]
	sov5, _ := saas.Objective("SOV-5")
	tests := []struct {
		name string
		r    *scoring.Result
		o    *scoring.ObjectiveResult
		want string
	}{
		{"none answered", r, obj("SOV-1"), "—"},
		{"one factor", r, obj("SOV-3", "SOV-3.1"), "SOV-3.1"},
		{"several: the prefix once", r, obj("SOV-5", "SOV-5.2", "SOV-5.4", "SOV-5.7"), "SOV-5.2, 5.4, 5.7"},
		{"every factor", r, obj("SOV-8", "SOV-8.1", "SOV-8.2", "SOV-8.3", "SOV-8.4"), "all factors"},
		{"from a host", saas, sov5, "SOV-5.1 (host)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, setByCell(tc.r, tc.o).Text)
		})
	}
}

// TestScorecardEligibilityWording: objectives read their status, "pass"
// only where a minimum applies; under a profile without minimum the
// eligibility panel says what eligible means; a provisional SEAL keeps
// its mark.
func TestScorecardEligibilityWording(t *testing.T) {
	rs, _ := pdfResults(t, 4)
	fw := scoring.Default()
	builtIn, err := fw.Profile("eucsf-1.2.1")
	require.NoError(t, err)
	open := scoring.Evaluate(fw, pdfAssessment(fw, 0), builtIn)
	scoring.Rank([]*scoring.Summary{&open.Summary})
	require.True(t, open.Eligible)

	first := func(r *scoring.Result) string { return pdfFlat(pdfToText(t, scorecardPDF(t, r))[:1]) }
	word := regexp.MustCompile(`\bpass\b`)

	t.Run("no minimum", func(t *testing.T) {
		page := first(open)
		assert.Contains(t, page, "No minimum SEAL set: eligible means complete and free of errors.")
		assert.Equal(t, len(fw.Objectives), strings.Count(page, "no minimum"), "each objective")
		assert.False(t, word.MatchString(page), "no objective passes a minimum that is not set: %s", page)
		assert.NotContains(t, pdfFlat(pdfToText(t, scorecardPDF(t, open))), "· pass")
	})
	t.Run("a minimum on SOV-3", func(t *testing.T) {
		page := first(rs[0])
		assert.NotContains(t, page, noMinimumNote)
		assert.Regexp(t, `SOV-3 Data & AI Sovereignty .*SEAL-2 pass`, page)
		assert.Contains(t, first(rs[3]), "below minimum")
	})
	t.Run("errors and provisional", func(t *testing.T) {
		r := rs[1]
		require.True(t, r.Provisional)
		page := first(r)
		assert.Contains(t, page, "errors")
		assert.Contains(t, page, scoring.SEALLabel(r.SEAL, true), "the badge keeps the mark")
		assert.Contains(t, page, "* provisional")
	})
}

// TestScorecardWeakestLinks: the factors that set an objective's SEAL
// are marked in the factor tables, and only they; the objectives table
// names them.
func TestScorecardWeakestLinks(t *testing.T) {
	rs, _ := pdfResults(t, 1)
	r := rs[0]
	pages := pdfToText(t, scorecardPDF(t, r))
	all := pdfFlat(pages)
	bound := map[string]bool{}
	for _, o := range r.Objectives {
		for _, id := range o.BoundBy {
			bound[id] = true
		}
	}
	require.NotEmpty(t, bound)
	for _, f := range r.Factors {
		if bound[f.Factor.ID] {
			assert.Contains(t, all, f.Factor.ID+" "+weakestMark, "marked")
		} else {
			assert.NotContains(t, all, f.Factor.ID+" "+weakestMark, "not marked")
		}
	}
	assert.Contains(t, all, weakestMark+" "+weakestLegend)
	first := pdfFlat(pages[:1])
	assert.Contains(t, first, "Set by")
	for i := range r.Objectives {
		assert.Contains(t, first, setByCell(r, &r.Objectives[i]).Text)
	}
}

// TestScorecardEvidence: the first page counts the answers by confidence
// and lists those to confirm with the provider.
func TestScorecardEvidence(t *testing.T) {
	rs, _ := pdfResults(t, 1)
	r := rs[0]
	e := r.Evidence
	require.NotEmpty(t, e.ToConfirm)
	first := pdfFlat(pdfToText(t, scorecardPDF(t, r))[:1])
	assert.Contains(t, first, "Evidence")
	assert.Regexp(t, `\d+ high, \d+ medium, \d+ low confidence of 48 answers; \d+ without a valid source`, first)
	assert.Contains(t, first, "To confirm with the provider (low confidence, 16): "+strings.Join(e.ToConfirm, ", ")+".")

	sure := boundedResult(t, "P", "S", fixtureEntry{}, func(int) bool { return false })
	assert.Contains(t, pdfFlat(pdfToText(t, scorecardPDF(t, sure))[:1]), "No answer has low confidence")
}

// TestScorecardCoverNotes: the cover's notes are on the first page; long
// notes are clipped with the cell that holds the rest.
func TestScorecardCoverNotes(t *testing.T) {
	rs, _ := pdfResults(t, 1)
	r := *rs[0]
	r.Provider.Notes = scoring.Field{Text: "Offer received by the e-tendering platform.\nClarification requested on SOV-3.1.",
		Loc: scoring.Location{Sheet: "Cover", Cell: "B11"}}
	first := pdfFlat(pdfToText(t, scorecardPDF(t, &r))[:1])
	assert.Contains(t, first, "Cover notes Offer received by the e-tendering platform. Clarification requested on SOV-3.1.")

	r.Provider.Notes.Text = strings.Repeat("note ", 500)
	all := pdfFlat(pdfToText(t, scorecardPDF(t, &r)))
	assert.Contains(t, all, "[clipped: the full text is in the workbook at Cover!B11]")
}
