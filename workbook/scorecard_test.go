package workbook

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// scorecardValue is column B of the Scorecard row labelled label.
func scorecardValue(t *testing.T, fx *annFixture, out []byte, label string) string {
	t.Helper()
	f := annOpen(t, out)
	v, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("B%d", annFind(t, f, ScorecardSheet, label)))
	require.NoError(t, err)
	return v
}

// TestScorecardIssue14: the Scorecard sheet shows the profile's hash, the
// cover's notes, the ISO date, each objective's outcome and the factors
// that set its SEAL, and what eligible means without a minimum.
func TestScorecardIssue14(t *testing.T) {
	fw := scoring.Default()
	complete := annAssessment(fw)
	complete.Factors = filledAssessment(fw).Factors
	complete.Provider.Date.Text = "15.06.2026"
	complete.Provider.Notes.Text = "Visited the Paris site.\nSecond line."
	fx := newAnnFixture(t, complete)
	require.True(t, fx.res.Eligible, fx.res.Issues)
	out := annotateBytes(t, fx.book, fx.res)
	f := annOpen(t, out)

	assert.Equal(t, fx.res.Profile.SHA256(), scorecardValue(t, fx, out, "Profile SHA-256"))
	assert.Equal(t, "Visited the Paris site.\nSecond line.", scorecardValue(t, fx, out, "Notes"))
	assert.Equal(t, "2026-06-15", scorecardValue(t, fx, out, "Assessment date"))
	row := annFind(t, f, ScorecardSheet, "Eligibility")
	note, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("C%d", row))
	require.NoError(t, err)
	assert.Equal(t, scoring.NoMinimumNote, note)

	head := annFind(t, f, ScorecardSheet, "Objective")
	h, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("K%d", head))
	require.NoError(t, err)
	assert.Equal(t, "Set by (weakest links)", h)
	for i, o := range fx.res.Objectives {
		r := head + 1 + i
		result, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("J%d", r))
		require.NoError(t, err)
		assert.Equal(t, "no minimum", result, o.Objective.ID)
		setBy, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("K%d", r))
		require.NoError(t, err)
		assert.Equal(t, strings.Join(o.BoundBy, ", "), setBy, o.Objective.ID)
		assert.NotEmpty(t, setBy, o.Objective.ID)
	}

	t.Run("a date that cannot be read is shown as written", func(t *testing.T) {
		a := annAssessment(fw)
		a.Provider.Date.Text = "11/3/26"
		fx := newAnnFixture(t, a)
		assert.Equal(t, "11/3/26 (as written: not a date sovscore can read)", scorecardValue(t, fx, annotateBytes(t, fx.book, fx.res), "Assessment date"))
	})
	t.Run("document date", func(t *testing.T) {
		// The date is the document's (assessment date, --date or
		// SOURCE_DATE_EPOCH), as the PDFs call it, not the day of scoring.
		sub, err := f.GetCellValue(ScorecardSheet, "A2")
		require.NoError(t, err)
		assert.Equal(t, fx.res.Framework.Name+" "+fx.res.Framework.Version+", document date 2026-06-20, by sovscore 1.2.3.", sub)
	})
	t.Run("not dated", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, fx.book.WriteAnnotated(&buf, fx.res, AnnotateOptions{ToolVersion: "1.2.3"}))
		f := annOpen(t, buf.Bytes())
		sub, err := f.GetCellValue(ScorecardSheet, "A2")
		require.NoError(t, err)
		assert.Contains(t, sub, "not dated")
		assert.NotContains(t, sub, "scored on")
	})
}
