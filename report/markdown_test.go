package report

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// TestMarkdownIssue14: eligibility is honest, dates are ISO (or as written
// when they cannot be read), the cover's notes are shown.
func TestMarkdownIssue14(t *testing.T) {
	tests := []struct {
		name, date, notes string
		want, not         []string
	}{
		{"no minimum", "15/03/2026", "Site visit on 2026-03-10.",
			[]string{"· eligible, rank 1.\nNo minimum SEAL set: eligible means complete and free of errors.\n",
				"| SOV-1 Strategic Sovereignty | SEAL-0 | no minimum |", "Date: 2026-03-15 ·", "Notes: Site visit on 2026-03-10.\n"},
			[]string{"| pass", "15/03/2026"}},
		{"a date that cannot be read", "11/3/26", "",
			[]string{"Date: 11/3/26 (as written: not a date sovscore can read) ·"}, []string{"Notes:"}},
		{"no date", "", "",
			nil, []string{"Date:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rs := builtinResults(t, []string{"Low Cloud"}, func(_, _ int, _ *scoring.Factor) int { return 1 }, func(_ int, a *scoring.Assessment) {
				a.Provider.Date.Text = tt.date
				a.Provider.Notes.Text = tt.notes
			})
			var buf bytes.Buffer
			require.NoError(t, WriteMarkdown(&buf, rs))
			for _, w := range tt.want {
				assert.Contains(t, buf.String(), w)
			}
			for _, n := range tt.not {
				assert.NotContains(t, buf.String(), n)
			}
		})
	}

	_, _, rs := fixtureResults(t)
	var buf bytes.Buffer
	require.NoError(t, WriteMarkdown(&buf, rs))
	md := buf.String()
	assert.NotContains(t, md, "No minimum SEAL set", "the tender profile sets one")
	assert.Contains(t, md, "| SOV-3 Data & AI Sovereignty | SEAL-3 | pass (SEAL-3 required) |", "Nordlicht")
	assert.Contains(t, md, "| SOV-2 Legal & Jurisdictional Sovereignty | SEAL-1 | 1 error |", "Helios: an objective with errors says so")
}
