package workbook

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// robustAssessment answers every factor with answer n(f).
func robustAssessment(fw *scoring.Framework, name string, n func(f *scoring.Factor) int) *scoring.Assessment {
	a := sumAssessment(fw, name, 0, false)
	for i := range a.Factors {
		f, _ := fw.Factor(a.Factors[i].ID)
		a.Factors[i].Answer.Text = f.Answers[n(f)-1].Display()
	}
	return a
}

// robustResults scores, under a profile that requires SEAL-2 on SOV-3:
// "Top" (every best answer), "Near" (one rung lower on SOV-8.1: a near
// tie with Top), and one provider per objective with its worst answers
// there (SOV-3's is then not eligible; the others' ranks change under
// calculator-2026's weights, and their eligibility rests on SOV-3.4).
func robustResults(t *testing.T) (*scoring.Profile, []*scoring.Result) {
	t.Helper()
	fw := scoring.Default()
	p, err := fw.ParseProfile([]byte("name: sov3-min\nbase: eucsf-1.2.1\nmin_seal:\n  SOV-3: 2\n"), false)
	require.NoError(t, err)
	best := func(f *scoring.Factor) int { return len(f.Answers) }
	rs := []*scoring.Result{
		scoring.Evaluate(fw, robustAssessment(fw, "Top", best), p),
		scoring.Evaluate(fw, robustAssessment(fw, "Near", func(f *scoring.Factor) int {
			if f.ID == "SOV-8.1" {
				return len(f.Answers) - 1
			}
			return len(f.Answers)
		}), p),
	}
	for _, o := range fw.Objectives {
		rs = append(rs, scoring.Evaluate(fw, robustAssessment(fw, "Worst "+o.ID, func(f *scoring.Factor) int {
			if f.Objective == o {
				return 1
			}
			return len(f.Answers)
		}), p))
	}
	scoring.Rank(scoring.Summaries(rs))
	return p, rs
}

func TestWriteSummaryRobustness(t *testing.T) {
	p, rs := robustResults(t)
	var buf bytes.Buffer
	require.NoError(t, WriteSummary(&buf, rs, SummaryOptions{Created: annCreated, ToolVersion: "1.2.3"}))
	f := annOpen(t, buf.Bytes())
	rows, err := f.GetRows(RobustnessSheet)
	require.NoError(t, err)
	assert.Contains(t, rows[0][0], "ranks: "+scoring.TieBreakRule(p))
	assert.Equal(t, []string{"Rank", "Provider", "File", "Eligible", "Score", "Rank under eucsf-1.2.1", "Score under eucsf-1.2.1",
		"Rank under calculator-2026", "Score under calculator-2026", "Rank changes", "Near tie (within 0.5 points)",
		"Fragile: one rung lower on any of these factors makes it ineligible"}, rows[1])

	order := sumOrder(rs)
	rb := scoring.Assess(scoring.Default(), scoring.Summaries(order))
	require.Len(t, rows, sumFirstRow-1+len(order))
	changed, fragile, near := 0, 0, 0
	for i, r := range order {
		row := append(rows[sumFirstRow-1+i], make([]string, 12)...)
		assert.Equal(t, r.ProviderName(), row[1])
		for k, rk := range rb.Rankings[1:] {
			col := 5 + 2*k
			want := ""
			if rk.Ranks[i] > 0 {
				want = strconv.Itoa(rk.Ranks[i])
			}
			assert.Equal(t, want, row[col], "%s under %s", r.ProviderName(), rk.Profile.Name)
			style := annStyleOf(t, f, RobustnessSheet, tplCell(col+1, sumFirstRow+i))
			if rk.Ranks[i] > 0 && rk.Ranks[i] != r.Rank {
				changed++
				assert.Contains(t, row[9], fmt.Sprintf("%s: %d → %d", rk.Profile.Name, r.Rank, rk.Ranks[i]))
				assert.Equal(t, annWarnFill, annFillColor(style), "a changed rank is flagged")
			} else {
				assert.NotEqual(t, annWarnFill, annFillColor(style))
			}
			score, err := f.GetCellValue(RobustnessSheet, tplCell(col+2, sumFirstRow+i), excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			assert.Equal(t, strconv.FormatFloat(rk.Scores[i], 'f', -1, 64), score)
		}
		assert.Equal(t, strings.Join(r.Fragile, ", "), row[11])
		if len(r.Fragile) > 0 {
			fragile++
		}
		if row[10] != "" {
			near++
		}
	}
	assert.Positive(t, changed, "the fixture changes ranks under calculator-2026")
	assert.Positive(t, fragile, "the fixture has eligibilities that rest on one answer")
	require.Len(t, rb.NearTies, 1)
	assert.Equal(t, 2, near, "both sides of the near tie")
	gap := strconv.FormatFloat(rb.NearTies[0].Gap, 'f', 2, 64)
	assert.Equal(t, gap+" points above Near (rank 2)", rows[sumFirstRow-1][10])
	assert.Equal(t, gap+" points below Top (rank 1)", rows[sumFirstRow][10])
}

// TestWriteSummaryRanking14: the Ranking sheet's title names the profile's
// hash and what eligible means without a minimum; every objective's
// outcome and the evidence follow the reasons.
func TestWriteSummaryRanking14(t *testing.T) {
	for _, tc := range []struct {
		name    string
		results func(t *testing.T) []*scoring.Result
		note    bool
	}{
		{"built-in profile: no minimum", func(t *testing.T) []*scoring.Result { return sumResults(t) }, true},
		{"a profile with a minimum", func(t *testing.T) []*scoring.Result { _, rs := robustResults(t); return rs }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := tc.results(t)
			f := annOpen(t, writeSummaryBytes(t, rs))
			rows, err := f.GetRows(RankingSheet)
			require.NoError(t, err)
			assert.Contains(t, rows[0][0], "profile SHA-256 "+rs[0].Profile.SHA256())
			if tc.note {
				assert.Contains(t, rows[0][0], scoring.NoMinimumNote)
			} else {
				assert.NotContains(t, rows[0][0], "no minimum SEAL")
			}
			fw := scoring.Default()
			heads := rows[1][10:]
			require.Len(t, heads, len(fw.Objectives)+5)
			assert.Equal(t, "SOV-1 result", heads[0])
			assert.Equal(t, "To confirm with the provider (low confidence)", heads[len(heads)-1])
			for i, r := range sumOrder(rs) {
				row := append(rows[sumFirstRow-1+i], make([]string, len(heads)+10)...)
				for j, o := range r.Objectives {
					assert.Equal(t, string(o.Status()), row[10+j], "%s %s", r.ProviderName(), o.Objective.ID)
					if o.MinSEAL == 0 {
						assert.NotEqual(t, "pass", row[10+j], "no pass where no minimum applies")
					}
				}
				ev := r.Evidence
				n := 10 + len(fw.Objectives)
				assert.Equal(t, []string{strconv.Itoa(ev.High), strconv.Itoa(ev.Medium), strconv.Itoa(ev.Low), strconv.Itoa(ev.Unsourced),
					strings.Join(ev.ToConfirm, ", ")}, row[n:n+5], r.ProviderName())
			}
		})
	}
}
