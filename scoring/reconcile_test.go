package scoring

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assessor scores validAssessment as filled by one assessor, with some
// answers of their own (factor ID -> answer text).
func assessor(t *testing.T, file, name string, answers map[string]string) *Result {
	t.Helper()
	return evaluated(t, func(a *Assessment) {
		a.File, a.Provider.Assessor.Text = file, name
		for id, ans := range answers {
			setEntry(a, id, func(e *FactorEntry) { e.Answer.Text = ans })
		}
	})
}

func TestReconcileAgreement(t *testing.T) {
	a := assessor(t, "p/a.xlsx", "Anna", map[string]string{"SOV-3.1": "3", "SOV-1.2": "4", "SOV-5.3": "1"})
	b := assessor(t, "p/b.xlsx", "Marc", map[string]string{"SOV-3.1": "5", "SOV-1.2": "4", "SOV-5.3": "", "SOV-2.1": "2"})
	c := assessor(t, "p/c.xlsx", "Ines", map[string]string{"SOV-3.1": "1", "SOV-1.2": "4"})
	rc := Reconcile([]*Result{a, b, c})
	assert.Equal(t, []string{"Anna", "Marc", "Ines"}, rc.Assessors)
	require.Len(t, rc.Factors, 48)
	assert.Equal(t, 45, rc.Agreed())

	tests := []struct {
		id                 string
		agreed             bool
		option             int
		sealMin, sealMax   int
		spread, unanswered int
	}{
		{"SOV-1.1", true, 4, 4, 4, 0, 0},
		{"SOV-1.2", true, 4, 4, 4, 0, 0},
		{"SOV-3.1", false, 0, 0, 4, 4, 0},
		{"SOV-2.1", false, 0, 1, 4, 3, 0},
		{"SOV-5.3", false, 0, 4, 4, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			var fa *FactorAgreement
			for i := range rc.Factors {
				if rc.Factors[i].Factor.ID == tt.id {
					fa = &rc.Factors[i]
				}
			}
			require.NotNil(t, fa)
			require.Len(t, fa.Answers, 3)
			assert.Equal(t, tt.agreed, fa.Agreed)
			assert.Equal(t, tt.option, fa.Option)
			assert.Equal(t, tt.sealMin, fa.SEALMin)
			assert.Equal(t, tt.sealMax, fa.SEALMax)
			assert.Equal(t, tt.spread, fa.SEALSpread())
			assert.Equal(t, tt.unanswered, fa.Unanswered())
		})
	}
	var order []string
	for _, fa := range rc.Divergent() {
		order = append(order, fa.Factor.ID)
	}
	assert.Equal(t, []string{"SOV-3.1", "SOV-2.1", "SOV-5.3"}, order, "largest SEAL spread first")

	require.Len(t, rc.Objectives, 8)
	sov3 := rc.Objectives[2]
	assert.Equal(t, "SOV-3", sov3.Objective.ID)
	assert.Equal(t, 0, sov3.SEALMin)
	assert.Equal(t, 4, sov3.SEALMax)
	assert.Equal(t, 0, sov3.Results[2].SEAL)
}

func TestReconcileNamesAndWarnings(t *testing.T) {
	tests := []struct {
		name     string
		results  []*Result
		names    []string
		warnings []string
	}{
		{"different assessors",
			[]*Result{assessor(t, "a.xlsx", "Anna", nil), assessor(t, "b.xlsx", "Marc", nil)},
			[]string{"Anna", "Marc"}, nil},
		{"the same assessor twice",
			[]*Result{assessor(t, "x/a.xlsx", "Anna", nil), assessor(t, "x/b.xlsx", "anna", nil)},
			[]string{"Anna (a.xlsx)", "anna (b.xlsx)"}, []string{"name the same assessor"}},
		{"no assessor named",
			[]*Result{assessor(t, "x/a.xlsx", "", nil), assessor(t, "x/b.xlsx", "Marc", nil)},
			[]string{"a.xlsx", "Marc"}, []string{"x/a.xlsx names no assessor"}},
		{"another provider", []*Result{assessor(t, "a.xlsx", "Anna", nil), evaluated(t, func(a *Assessment) {
			a.File, a.Provider.Assessor.Text, a.Provider.Name.Text = "b.xlsx", "Marc", "Other Cloud"
		})}, []string{"Anna", "Marc"}, []string{"assess different providers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := Reconcile(tt.results)
			assert.Equal(t, tt.names, rc.Assessors)
			w := rc.Warnings()
			require.Len(t, w, len(tt.warnings), "%q", w)
			for i := range tt.warnings {
				assert.Contains(t, w[i], tt.warnings[i])
			}
		})
	}
	assert.Empty(t, Reconcile(nil).Factors)
}

// TestConsensusChoices: what a consensus records for an agreed factor.
func TestConsensusChoices(t *testing.T) {
	fr := func(own, option int, from, conf string) *FactorResult {
		return &FactorResult{OwnOption: int16(own), Option: option, InheritedFrom: from, Confidence: conf}
	}
	tests := []struct {
		name       string
		fa         FactorAgreement
		leftToHost bool
		option     int
		confidence string
	}{
		{"same own answer", FactorAgreement{Agreed: true, Option: 4, Answers: []*FactorResult{fr(4, 4, "", "high"), fr(4, 4, "", "medium")}}, false, 4, "medium"},
		{"own claims capped alike keep the claim", FactorAgreement{Agreed: true, Option: 2, Answers: []*FactorResult{fr(5, 2, "", "low"), fr(5, 2, "", "high")}}, false, 5, "low"},
		{"different claims capped alike record the effective answer", FactorAgreement{Agreed: true, Option: 2, Answers: []*FactorResult{fr(5, 2, "", ""), fr(4, 2, "", "")}}, false, 2, ""},
		{"all left to the host", FactorAgreement{Agreed: true, Option: 3, Answers: []*FactorResult{fr(0, 3, "Ferrum", ""), fr(0, 3, "Ferrum", "medium")}}, true, 3, "medium"},
		{"one left to the host, one own", FactorAgreement{Agreed: true, Option: 3, Answers: []*FactorResult{fr(0, 3, "Ferrum", ""), fr(3, 3, "", "")}}, false, 3, ""},
		{"not agreed", FactorAgreement{Answers: []*FactorResult{fr(3, 3, "", "low"), fr(4, 4, "", "bogus")}}, false, 0, "low"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.leftToHost, tc.fa.LeftToHost())
			assert.Equal(t, tc.option, tc.fa.ConsensusOption())
			assert.Equal(t, tc.confidence, tc.fa.LowestConfidence())
		})
	}
}

func TestAgreedHost(t *testing.T) {
	res := func(hosts ...HostRef) *Result {
		r := &Result{}
		r.Hosts = hosts
		return r
	}
	ferrum := HostRef{Provider: "Ferrum Cloud", Service: "IaaS", SHA256: "aa", Level: 1}
	other := HostRef{Provider: "Ferrum Cloud", Service: "IaaS", SHA256: "bb", Level: 1}
	deeper := HostRef{Provider: "Rack Co", SHA256: "cc", Level: 2}
	nimbus := HostRef{Provider: "Nimbus", SHA256: "dd", Level: 1}
	tests := []struct {
		name    string
		results []*Result
		want    string
	}{
		{"none", nil, ""},
		{"no hosts", []*Result{res(), res()}, ""},
		{"the same host", []*Result{res(ferrum, deeper), res(ferrum)}, "Ferrum Cloud / IaaS"},
		{"two hosts in any order", []*Result{res(ferrum, nimbus), res(nimbus, ferrum)}, "Ferrum Cloud / IaaS; Nimbus"},
		{"another workbook of the same name", []*Result{res(ferrum), res(other)}, ""},
		{"one without", []*Result{res(ferrum), res()}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := Reconciliation{Results: tt.results}
			assert.Equal(t, tt.want, rc.AgreedHost())
		})
	}
}
