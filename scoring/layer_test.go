package scoring

import (
	"fmt"

	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryFactorHasALayer: the class of every factor is data, with a
// one-line reason, and the starting split follows the public schemes.
func TestEveryFactorHasALayer(t *testing.T) {
	fw := Default()
	assert.NotEmpty(t, fw.LayersSource)
	count := map[Layer]int{}
	for _, f := range fw.Factors() {
		assert.Contains(t, Layers, f.Layer, f.ID)
		assert.NotEmpty(t, f.LayerReason, f.ID)
		assert.NotContains(t, f.LayerReason, "\n", "%s: one line", f.ID)
		count[f.Layer]++
	}
	assert.Equal(t, map[Layer]int{LayerInfrastructure: 7, LayerComposite: 20, LayerService: 21}, count)
	for _, id := range []string{"SOV-5.1", "SOV-5.2", "SOV-5.3", "SOV-6.5", "SOV-8.1", "SOV-8.2", "SOV-8.4"} {
		f, _ := fw.Factor(id)
		assert.Equal(t, LayerInfrastructure, f.Layer, id)
	}
	f, _ := fw.Factor("SOV-7.1")
	assert.Equal(t, LayerService, f.Layer, "a host's certification does not certify the service on it")
}

// TestLaddersAreMonotone: a lower answer never has more points or a
// higher SEAL, so "the lower of two answers" is lower in both at once.
func TestLaddersAreMonotone(t *testing.T) {
	for _, f := range Default().Factors() {
		for i := 1; i < len(f.Answers); i++ {
			lower, higher := f.Answers[i-1], f.Answers[i]
			assert.LessOrEqual(t, lower.Points, higher.Points, "%s: answer %d has more points than %d", f.ID, lower.Number, higher.Number)
			assert.LessOrEqual(t, lower.SEAL, higher.SEAL, "%s: answer %d has a higher SEAL than %d", f.ID, lower.Number, higher.Number)
		}
	}
}

func TestFrameworkLayerErrors(t *testing.T) {
	base := `{"format":"sovscore-framework/1","name":"x","version":"1","default_profile":"p",
"profiles":[{"name":"p","weights":{"SOV-1":1}}],
"objectives":[{"id":"SOV-1","name":"o","factors":[{"id":"SOV-1.1","name":"f","question":"q",%s
"answers":[{"n":1,"label":"a","points":0,"seal":0},{"n":2,"label":"b","points":1,"seal":1}]}]}]}`
	for _, tc := range []struct{ layer, want string }{
		{``, `SOV-1.1 layer is ""; use infrastructure, composite or service`},
		{`"layer":"infra","layer_reason":"r",`, `SOV-1.1 layer is "infra"`},
		{`"layer":"service",`, "SOV-1.1: layer_reason is empty"},
	} {
		_, err := LoadFramework([]byte(fmt.Sprintf(base, tc.layer)))
		require.Error(t, err, tc.layer)
		assert.Contains(t, err.Error(), tc.want)
	}
	fw, err := LoadFramework([]byte(fmt.Sprintf(base, `"layer":"composite","layer_reason":"both",`)))
	require.NoError(t, err)
	f, _ := fw.Factor("SOV-1.1")
	assert.Equal(t, LayerComposite, f.Layer)
	assert.Equal(t, "both", f.LayerReason)
}

// TestProfileLayerOverrides: a profile file may reclassify factors; the
// overrides are checked, recorded and part of the canonical form, and a
// profile without them keeps its hash.
func TestProfileLayerOverrides(t *testing.T) {
	fw := Default()
	p, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\nlayers: {SOV-7.1: composite, SOV-5.4: service}\n"), false)
	require.NoError(t, err)
	assert.Equal(t, map[string]Layer{"SOV-5.4": LayerService, "SOV-7.1": LayerComposite}, p.Layers)
	f54, _ := fw.Factor("SOV-5.4")
	f51, _ := fw.Factor("SOV-5.1")
	assert.Equal(t, LayerService, p.LayerOf(f54))
	assert.Equal(t, LayerInfrastructure, p.LayerOf(f51), "not overridden")
	assert.Contains(t, string(p.Canonical()), `"divisor":"exact","layers":{"SOV-5.4":"service","SOV-7.1":"composite"},"min_seal":`)

	same, err := fw.ParseProfile([]byte(`{"name":"t","base":"eucsf-1.2.1","layers":{"SOV-5.4":"service","SOV-7.1":"composite"}}`), true)
	require.NoError(t, err)
	assert.Equal(t, p.SHA256(), same.SHA256())
	plain, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\n"), false)
	require.NoError(t, err)
	assert.NotEqual(t, p.SHA256(), plain.SHA256())
	assert.NotContains(t, string(plain.Canonical()), "layers", "no key without overrides: older hashes stay")
	assert.Nil(t, plain.Layers)

	for _, tc := range []struct{ body, want string }{
		{"name: t\nbase: eucsf-1.2.1\nlayers: {SOV-9.1: service}\n", `layers: unknown factor "SOV-9.1"`},
		{"name: t\nbase: eucsf-1.2.1\nlayers: {SOV-5.4: infra}\n", `layers: SOV-5.4 is "infra"; use infrastructure, composite or service`},
	} {
		_, err := fw.ParseProfile([]byte(tc.body), false)
		require.Error(t, err, tc.body)
		assert.Contains(t, err.Error(), tc.want)
	}
}

// TestInheritedAnswer: "inherited" is an answer only for infrastructure
// factors of a workbook that names a host.
func TestInheritedAnswer(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	tests := []struct {
		name   string
		id     string
		answer string
		hosted bool
		code   string
		inMsg  string
	}{
		{"infrastructure, hosted", "SOV-8.1", "Inherited", true, "", ""},
		{"infrastructure, blank, hosted", "SOV-8.1", "", true, "", ""},
		{"infrastructure, no host", "SOV-8.1", "inherited", false, CodeAnswerMissing, "names no host assessment"},
		{"infrastructure, blank, no host", "SOV-8.1", "", false, CodeAnswerMissing, "has no answer"},
		{"composite", "SOV-3.4", "inherited", true, CodeAnswerInvalid, "is a composite factor"},
		{"composite, blank, hosted", "SOV-3.4", "", true, CodeAnswerMissing, "has no answer"},
		{"service", "SOV-7.1", "inherited", true, CodeAnswerInvalid, "is a service factor"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := validAssessment(fw)
			if tc.hosted {
				a.Provider.HostAssessment = Field{Text: "Somewhere", Loc: Location{Sheet: "Cover", Cell: "B11"}}
			}
			e, _ := a.Entry(tc.id)
			e.Answer.Text = tc.answer
			r := Evaluate(fw, a, p)
			fr, _ := r.FactorResult(tc.id)
			assert.Equal(t, 0, fr.Option)
			if tc.code == "" {
				assert.Empty(t, fr.Issues, "left to the host: no problem, no confidence to check")
				assert.True(t, fr.pending)
				return
			}
			require.NotEmpty(t, fr.Issues)
			assert.Equal(t, tc.code, fr.Issues[0].Code)
			assert.Contains(t, fr.Issues[0].Message, tc.inMsg)
		})
	}
}
