package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFrameworkInvariants(t *testing.T) {
	fw := Default()
	assert.Equal(t, "1.2.1", fw.Version)
	require.Len(t, fw.Objectives, 8)

	wantFactors := []int{8, 6, 5, 6, 7, 5, 7, 4}
	wantMax := []string{"1000.03", "1002.00", "1000.00", "1002.00", "1001.00", "1000.00", "1001.00", "1000.00"}
	total := 0
	for i, o := range fw.Objectives {
		assert.Len(t, o.Factors, wantFactors[i], o.ID)
		assert.Equal(t, wantMax[i], o.Max().String(), o.ID)
		assert.NotEmpty(t, o.Name, o.ID)
		assert.NotEmpty(t, o.Description, o.ID)
		total += len(o.Factors)
		for _, f := range o.Factors {
			assert.Same(t, o, f.Objective, f.ID)
			assert.NotEmpty(t, f.Name, f.ID)
			assert.NotEmpty(t, f.Question, f.ID)
			assert.GreaterOrEqual(t, len(f.Answers), 3, f.ID)
			assert.LessOrEqual(t, len(f.Answers), 5, f.ID)
			for j, a := range f.Answers {
				assert.Equal(t, j+1, a.Number, f.ID)
				assert.GreaterOrEqual(t, a.SEAL, 0, f.ID)
				assert.LessOrEqual(t, a.SEAL, MaxSEAL, f.ID)
				if j > 0 {
					assert.GreaterOrEqual(t, a.Points, f.Answers[j-1].Points, "%s: points must not decrease along the ladder", f.ID)
				}
			}
			got, ok := fw.Factor(f.ID)
			assert.True(t, ok)
			assert.Same(t, f, got)
		}
	}
	assert.Equal(t, 48, total)
	assert.Len(t, fw.Factors(), 48)

	require.Len(t, fw.Profiles, 2)
	for _, p := range fw.Profiles {
		sum := 0.0
		for _, w := range p.Weights {
			sum += w
		}
		assert.InDelta(t, 1, sum, 1e-9, p.Name)
		assert.Len(t, p.Weights, 8, p.Name)
		assert.Len(t, p.MinSEAL, 8, p.Name)
	}
	assert.Equal(t, "eucsf-1.2.1", fw.DefaultProfile)
}

func TestPointsRoundingAndFormat(t *testing.T) {
	tests := []struct {
		in       string
		want     string
		rounded  int64
		hasError bool
	}{
		{"93.75", "93.75", 94, false},
		{"71.5", "71.50", 72, false},
		{"125.01", "125.01", 125, false},
		{"0", "0.00", 0, false},
		{"41.67", "41.67", 42, false},
		{"187.5", "187.50", 188, false},
		{"1.234", "", 0, true},
		{"-1", "", 0, true},
		{"x", "", 0, true},
	}
	for _, tt := range tests {
		p, err := ParsePoints(tt.in)
		if tt.hasError {
			assert.Error(t, err, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, p.String())
		assert.Equal(t, tt.rounded, p.Rounded(), tt.in)
	}
	assert.Equal(t, "94/125", FormatFraction(9375, 12500))
	assert.Equal(t, "72/143", FormatFraction(7150, 14300))
}

func TestAllTopAnswersScore(t *testing.T) {
	fw := Default()
	a := &Assessment{}
	a.Provider.Name.Text = "Top"
	for _, f := range fw.Factors() {
		a.Factors = append(a.Factors, FactorEntry{ID: f.ID,
			Answer:        EntryCell{Text: f.Answers[len(f.Answers)-1].Display()},
			Confidence:    EntryCell{Text: "medium"},
			Justification: EntryCell{Text: "best answer"}})
	}
	exact, _ := fw.Profile("eucsf-1.2.1")
	r := Evaluate(fw, a, exact)
	assert.InDelta(t, 100, r.Score, 1e-9, "exact divisor: all-best scores exactly 100 %")
	calc, _ := fw.Profile("calculator-2026")
	r = Evaluate(fw, a, calc)
	// The calculator shows 100.0756 %; the published score has two
	// decimals, rounded half up from the exact value.
	assert.Equal(t, 100.08, r.Score, "nominal divisor reproduces the calculator's 100.0756 %, rounded")
	sum := 0.0
	for _, o := range r.Objectives {
		sum += o.Contribution
	}
	assert.InDelta(t, 100.0756, sum, 5e-4, "the contributions (4 decimals each) add up to the calculator's 100.0756 %")
}
