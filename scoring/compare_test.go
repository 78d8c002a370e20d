package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// evaluated scores validAssessment after mutate, under the default profile.
func evaluated(t *testing.T, mutate func(a *Assessment)) *Result {
	t.Helper()
	fw := Default()
	a := validAssessment(fw)
	if mutate != nil {
		mutate(a)
	}
	return Evaluate(fw, a, mustProfile(t, fw, ""))
}

func setEntry(a *Assessment, id string, set func(e *FactorEntry)) {
	e, _ := a.Entry(id)
	set(e)
}

func TestDiffFactorChanges(t *testing.T) {
	tests := []struct {
		name        string
		old, new    func(e *FactorEntry)
		changes     []Change
		reevaluated bool
	}{
		{"nothing", nil, nil, nil, false},
		{"the number alone is the same answer",
			func(e *FactorEntry) { e.Answer.Text = "5" }, nil, nil, false},
		{"another answer", func(e *FactorEntry) { e.Answer.Text = "3" }, nil, []Change{ChangeAnswer}, true},
		{"two unusable answers that differ",
			func(e *FactorEntry) { e.Answer.Text = "9" }, func(e *FactorEntry) { e.Answer.Text = "maybe" }, []Change{ChangeAnswer}, true},
		{"confidence, case aside", func(e *FactorEntry) { e.Confidence.Text = "LOW" }, nil, []Change{ChangeConfidence}, false},
		{"confidence the same in another case", func(e *FactorEntry) { e.Confidence.Text = "Medium" }, nil, nil, false},
		{"a source added", nil, func(e *FactorEntry) { e.Sources.Text += "\nhttps://provider.example/audit" },
			[]Change{ChangeSources}, false},
		{"sources reordered and a trailing slash are no change",
			func(e *FactorEntry) { e.Sources.Text = "https://a.example/x https://provider.example/contract/" },
			func(e *FactorEntry) { e.Sources.Text = "https://provider.example/contract; https://a.example/x" }, nil, false},
		{"justification reworded, white space aside",
			func(e *FactorEntry) { e.Justification.Text = "Documented  in the provider's\ncontract." }, nil, nil, false},
		{"justification citing a new source",
			nil, func(e *FactorEntry) { e.Justification.Text += " (src: https://provider.example/new)" },
			[]Change{ChangeSources, ChangeJustification}, true},
		{"everything", func(e *FactorEntry) {
			e.Answer.Text, e.Confidence.Text, e.Sources.Text, e.Justification.Text = "1", "low", "", "Old text."
		}, nil, []Change{ChangeAnswer, ChangeConfidence, ChangeSources, ChangeJustification}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mut := func(f func(e *FactorEntry)) func(a *Assessment) {
				return func(a *Assessment) {
					if f != nil {
						setEntry(a, "SOV-1.2", f)
					}
				}
			}
			d := Diff(evaluated(t, mut(tt.old)), evaluated(t, mut(tt.new)))
			if tt.changes == nil {
				assert.Empty(t, d.Factors)
				assert.Equal(t, 48, d.CarriedOver)
				return
			}
			require.Len(t, d.Factors, 1)
			fd := d.Factors[0]
			assert.Equal(t, "SOV-1.2", fd.Factor.ID)
			assert.Equal(t, tt.changes, fd.Changes)
			assert.Equal(t, tt.reevaluated, fd.Reevaluated())
			re := 0
			if tt.reevaluated {
				re = 1
			}
			assert.Equal(t, re, d.Reevaluated)
			assert.Equal(t, 48-re, d.CarriedOver)
		})
	}
}

func TestDiffDeltas(t *testing.T) {
	tender := func(a *Assessment) {
		setEntry(a, "SOV-2.2", func(e *FactorEntry) { e.Answer.Text = "4" }) // SEAL-2, 125.25 of 167
	}
	old := evaluated(t, tender)
	p := *old.Profile
	p.MinSEAL = map[string]int{"SOV-2": 3}
	strict := func(r *Result) *Result { return Evaluate(r.Framework, assessmentOf(t, r), &p) }
	newer := evaluated(t, nil)

	d := Diff(strict(old), strict(newer))
	assert.Equal(t, SEALUp, d.SEALChange)
	assert.Equal(t, EligibilityGained, d.EligibilityChange)
	assert.InDelta(t, 0.42, d.ScoreDelta, 1e-9, "41.75 of the 1002 points of SOV-2, weighing 10 %")
	require.Len(t, d.Objectives, 8)
	o := d.Objectives[1]
	assert.Equal(t, "SOV-2", o.Objective.ID)
	assert.Equal(t, Points(4175), o.PointsDelta())
	assert.Equal(t, 2, o.Old.SEAL)
	assert.Equal(t, 4, o.New.SEAL)
	assert.Zero(t, d.Objectives[0].PointsDelta())
	require.Len(t, d.Factors, 1)
	assert.Equal(t, Points(4175), d.Factors[0].PointsDelta())
	assert.Equal(t, 2, d.Factors[0].Old.SEAL)

	back := Diff(strict(newer), strict(old))
	assert.Equal(t, SEALDown, back.SEALChange)
	assert.Equal(t, EligibilityLost, back.EligibilityChange)
	assert.InDelta(t, -0.42, back.ScoreDelta, 1e-9)
	assert.Equal(t, Points(-4175), back.Factors[0].PointsDelta())

	same := Diff(old, old)
	assert.Equal(t, SEALSame, same.SEALChange)
	assert.Equal(t, EligibilitySame, same.EligibilityChange)
	assert.Zero(t, same.ScoreDelta)
}

// assessmentOf rebuilds the assessment a result was scored from.
func assessmentOf(t *testing.T, r *Result) *Assessment {
	t.Helper()
	a := &Assessment{File: r.File, SHA256: r.SHA256, Provider: r.Provider}
	for _, f := range r.Factors {
		require.NotNil(t, f.Entry)
		a.Factors = append(a.Factors, *f.Entry)
	}
	return a
}

func TestDiffProblems(t *testing.T) {
	old := evaluated(t, func(a *Assessment) {
		setEntry(a, "SOV-3.1", func(e *FactorEntry) { e.Sources.Text = "http://provider.example/keys" })
		setEntry(a, "SOV-4.1", func(e *FactorEntry) { e.Justification.Text = "" })
	})
	newer := evaluated(t, func(a *Assessment) {
		setEntry(a, "SOV-4.1", func(e *FactorEntry) { e.Justification.Text = "" })
		// The same row further down the sheet: the same problem.
		setEntry(a, "SOV-4.1", func(e *FactorEntry) { e.Justification.Row = 30 })
		setEntry(a, "SOV-5.2", func(e *FactorEntry) { e.Confidence.Text = "sure" })
	})
	d := Diff(old, newer)
	require.Len(t, d.ProblemsResolved, 1)
	assert.Equal(t, CodeSourceInsecure, d.ProblemsResolved[0].Code)
	require.Len(t, d.ProblemsAdded, 1)
	assert.Equal(t, CodeConfidenceInvalid, d.ProblemsAdded[0].Code)
	assert.Empty(t, Diff(old, old).ProblemsAdded)
	assert.NotNil(t, Diff(old, old).ProblemsAdded, "an empty list, not nil")
}

func TestPairWarnings(t *testing.T) {
	base := evaluated(t, nil)
	tests := []struct {
		name   string
		mutate func(a *Assessment)
		want   []string
	}{
		{"same provider and version", nil, nil},
		{"provider name in another case", func(a *Assessment) { a.Provider.Name.Text = "MÜLLER CLOUD" }, nil},
		{"another service", func(a *Assessment) { a.Provider.Service.Text = "Object storage" },
			[]string{"assess different providers or services"}},
		{"another framework version", func(a *Assessment) { a.Provider.FrameworkVersion.Text = "1.2.0" },
			[]string{"declare different framework versions (test.xlsx: 1.2.1; test.xlsx: 1.2.0)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diff(base, evaluated(t, tt.mutate))
			w := d.Warnings()
			require.Len(t, w, len(tt.want), "%q", w)
			for i := range tt.want {
				assert.Contains(t, w[i], tt.want[i])
			}
		})
	}
}

func TestComparePairs(t *testing.T) {
	mk := func(file, provider, service string) *Result {
		return evaluated(t, func(a *Assessment) {
			a.File, a.Provider.Name.Text, a.Provider.Service.Text = file, provider, service
		})
	}
	old := []*Result{mk("o/a.xlsx", "Alpha", "IaaS"), mk("o/b.xlsx", "Beta", ""), mk("o/c.xlsx", "Gamma", "PaaS"),
		mk("o/a2.xlsx", "Alpha", "IaaS")}
	newer := []*Result{mk("n/g.xlsx", "gamma", "paas"), mk("n/a.xlsx", "Alpha", "IaaS"), mk("n/d.xlsx", "Delta", ""),
		mk("n/c.xlsx", "Gamma", "SaaS")}
	c := Compare(old, newer)
	var pairs [][2]string
	for _, p := range c.Pairs {
		pairs = append(pairs, [2]string{p.Old.File, p.New.File})
	}
	assert.Equal(t, [][2]string{{"o/c.xlsx", "n/g.xlsx"}, {"o/a.xlsx", "n/a.xlsx"}}, pairs, "new order; duplicates in order")
	files := func(rs []*Result) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.File)
		}
		return out
	}
	assert.Equal(t, []string{"n/d.xlsx", "n/c.xlsx"}, files(c.Added))
	assert.Equal(t, []string{"o/b.xlsx", "o/a2.xlsx"}, files(c.Removed))
}

func TestWithoutCitations(t *testing.T) {
	tests := []struct{ in, want string }{
		{"No citation -> opt3.", "No citation -> opt3."},
		{"Contract says so -> opt3 (src: https://a.example/x).", "Contract says so -> opt3."},
		{"A (src: https://a.example/x, https://b.example/y) and B (SRC: https://c.example) -> opt2.", "A and B -> opt2."},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, WithoutCitations(tt.in), tt.in)
	}
}
