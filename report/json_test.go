package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// jsonDoc14 is the part of results.json issue #14 added.
type jsonDoc14 struct {
	Note    string `json:"note"`
	Profile struct {
		HasMinimum bool     `json:"has_minimum"`
		TieBreak   []string `json:"tie_break"`
		SHA256     string   `json:"sha256"`
	} `json:"profile"`
	Dossier    *jsonDossier `json:"dossier"`
	Robustness struct {
		Ranks        map[string][]jsonRank `json:"ranks"`
		NearTies     []jsonNearTie         `json:"near_ties"`
		TieBreak     []string              `json:"tie_break"`
		TieBreakRule string                `json:"tie_break_rule"`
	} `json:"robustness"`
	Providers []struct {
		File       string       `json:"file"`
		Date       string       `json:"date"`
		DateText   *string      `json:"date_text"`
		Notes      string       `json:"notes"`
		Score      float64      `json:"score"`
		Rank       int          `json:"rank"`
		Fragile    []string     `json:"fragile"`
		Evidence   jsonEvidence `json:"evidence"`
		Objectives []struct {
			ID      string   `json:"id"`
			Status  string   `json:"status"`
			BoundBy []string `json:"bound_by"`
			Errors  int      `json:"errors"`
		} `json:"objectives"`
		Reasons []struct {
			Code    string   `json:"code"`
			Factors []string `json:"factors"`
		} `json:"reasons"`
	} `json:"providers"`
}

func decodeJSON14(t *testing.T, info RunInfo, p *scoring.Profile, rs []*scoring.Result) jsonDoc14 {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, info, nil, p, rs))
	var doc jsonDoc14
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	return doc
}

// builtinResults scores providers under the default built-in profile,
// which sets no minimum SEAL; each answers every factor with answer n(i).
func builtinResults(t *testing.T, names []string, n func(p, i int, f *scoring.Factor) int, edit func(p int, a *scoring.Assessment)) (*scoring.Profile, []*scoring.Result) {
	t.Helper()
	fw := scoring.Default()
	p, err := fw.Profile(fw.DefaultProfile)
	require.NoError(t, err)
	var rs []*scoring.Result
	for k, name := range names {
		a := fixtureAssessment(fw, name, "IaaS", func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			return answered("b", i, f, n(k, i, f)), true
		})
		if edit != nil {
			edit(k, a)
		}
		rs = append(rs, scoring.Evaluate(fw, a, p))
	}
	scoring.Rank(scoring.Summaries(rs))
	return p, rs
}

func TestJSONNoMinimum(t *testing.T) {
	p, rs := builtinResults(t, []string{"Low Cloud"}, func(_, _ int, _ *scoring.Factor) int { return 1 }, nil)
	require.False(t, p.HasMinimum())
	doc := decodeJSON14(t, testRun, p, rs)
	assert.Equal(t, scoring.NoMinimumNote, doc.Note)
	assert.False(t, doc.Profile.HasMinimum)
	assert.Equal(t, p.SHA256(), doc.Profile.SHA256)
	assert.Len(t, doc.Profile.SHA256, 64)
	require.Len(t, doc.Providers, 1)
	for _, o := range doc.Providers[0].Objectives {
		assert.Equal(t, "no minimum", o.Status, o.ID)
		assert.NotEmpty(t, o.BoundBy, "%s: some factor sets the SEAL", o.ID)
	}
	assert.Empty(t, doc.Providers[0].Fragile, "no minimum: no answer carries an eligibility")

	_, withMin, _ := fixtureResults(t)
	doc = decodeJSON14(t, testRun, withMin, nil)
	assert.Empty(t, doc.Note, "the tender profile sets a minimum")
	assert.True(t, doc.Profile.HasMinimum)
}

func TestJSONWhyNamed(t *testing.T) {
	_, p, rs := fixtureResults(t)
	doc := decodeJSON14(t, testRun, p, rs)
	// Ostsee is rejected on SOV-3: the reason and the objective name the
	// factor that sets its SEAL.
	ostsee := doc.Providers[2]
	require.Len(t, ostsee.Reasons, 1)
	o3, _ := rs[2].Objective("SOV-3")
	assert.Equal(t, o3.BoundBy, ostsee.Reasons[0].Factors)
	assert.Equal(t, "below minimum", ostsee.Objectives[2].Status)
	assert.Equal(t, o3.BoundBy, ostsee.Objectives[2].BoundBy)
	// Helios has errors: its objectives with errors say so, never "pass".
	helios := doc.Providers[1]
	for i, o := range helios.Objectives {
		if rs[1].Objectives[i].Errors > 0 {
			assert.Equal(t, "errors", o.Status, o.ID)
			assert.Equal(t, rs[1].Objectives[i].Errors, o.Errors, o.ID)
		}
		assert.NotEqual(t, "pass", o.Status, o.ID)
	}
	// Nordlicht passes SOV-3's minimum; the other objectives have none.
	assert.Equal(t, "pass", doc.Providers[0].Objectives[2].Status)
	assert.Equal(t, "no minimum", doc.Providers[0].Objectives[0].Status)
	assert.Equal(t, rs[0].Fragile, doc.Providers[0].Fragile)
	assert.NotEmpty(t, doc.Providers[0].Fragile)
	assert.Equal(t, rs[0].Evidence.ToConfirm, doc.Providers[0].Evidence.ToConfirm)
	assert.Equal(t, 48, doc.Providers[0].Evidence.High+doc.Providers[0].Evidence.Medium+doc.Providers[0].Evidence.Low)
}

func TestJSONDates(t *testing.T) {
	tests := []struct {
		text, date string
		dateText   *string
	}{
		{"2026-03-15", "2026-03-15", nil},
		{"15/03/2026", "2026-03-15", ptr("15/03/2026")},
		{"15.03.2026", "2026-03-15", ptr("15.03.2026")},
		{"11/3/26", "", ptr("11/3/26")},
		{"", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			p, rs := builtinResults(t, []string{"A"}, func(_, _ int, _ *scoring.Factor) int { return 1 }, func(_ int, a *scoring.Assessment) {
				a.Provider.Date.Text = tt.text
				a.Provider.Notes.Text = "  Visited the data centre.\r\nSecond line.  "
			})
			doc := decodeJSON14(t, testRun, p, rs)
			assert.Equal(t, tt.date, doc.Providers[0].Date)
			assert.Equal(t, tt.dateText, doc.Providers[0].DateText)
			assert.Equal(t, "Visited the data centre.\nSecond line.", doc.Providers[0].Notes)
		})
	}
}

func ptr(s string) *string { return &s }

func TestJSONDossier(t *testing.T) {
	_, p, rs := fixtureResults(t)
	doc := decodeJSON14(t, testRun, p, rs)
	assert.Nil(t, doc.Dossier, "no dossier, no key")
	d := &Dossier{Authority: "Ville de Lyon", Procedure: "2026-CLOUD-17", Lot: "2", Version: "1.0", Status: DossierFinal,
		Panel: []PanelMember{{Name: "A. Martin", Role: "chair"}}, Disclaimer: "Not legal advice."}
	info := testRun
	info.Dossier = d
	doc = decodeJSON14(t, info, p, rs)
	assert.Equal(t, &jsonDossier{Authority: "Ville de Lyon", Procedure: "2026-CLOUD-17", Lot: "2", Version: "1.0", Status: "final",
		Panel: []jsonPanelMember{{Name: "A. Martin", Role: "chair"}}}, doc.Dossier)
}

func TestJSONRobustness(t *testing.T) {
	// Twins answer alike: the same published score and rank; "Close" is
	// one rung lower on one factor: a near tie below them.
	p, rs := builtinResults(t, []string{"Twin A", "Twin B", "Close", "Far"}, func(k, i int, f *scoring.Factor) int {
		n := len(f.Answers)
		switch {
		case k == 2 && i == 47:
			n--
		case k == 3:
			n = 1
		}
		return n
	}, nil)
	doc := decodeJSON14(t, testRun, p, rs)
	assert.Equal(t, doc.Providers[0].Score, doc.Providers[1].Score)
	assert.Equal(t, 1, doc.Providers[0].Rank)
	assert.Equal(t, 1, doc.Providers[1].Rank, "equal published scores share a rank")
	assert.Equal(t, 3, doc.Providers[2].Rank)
	assert.Equal(t, []string{}, doc.Robustness.TieBreak)
	assert.Equal(t, scoring.TieBreakRule(p), doc.Robustness.TieBreakRule)
	require.Contains(t, doc.Robustness.Ranks, p.Name)
	assert.Len(t, doc.Robustness.Ranks, len(scoring.Default().Profiles), "the profile used and every other built-in one")
	for name, ranks := range doc.Robustness.Ranks {
		require.Len(t, ranks, 4, name)
		for i, r := range ranks {
			assert.Equal(t, rs[i].File, r.File, name)
		}
	}
	used := doc.Robustness.Ranks[p.Name]
	for i, r := range used {
		assert.Equal(t, rs[i].Rank, r.Rank)
		assert.Equal(t, doc.Providers[i].Score, r.Score)
		assert.False(t, r.Changed)
	}
	require.Len(t, doc.Robustness.NearTies, 1)
	nt := doc.Robustness.NearTies[0]
	assert.Equal(t, rs[2].File, nt.Worse)
	assert.Equal(t, 1, nt.BetterRank)
	assert.Equal(t, 3, nt.WorseRank)
	assert.LessOrEqual(t, nt.Gap, scoring.NearTieGap)
	assert.Positive(t, nt.Gap)
}
