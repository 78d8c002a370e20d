package scoring

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestObjectiveStatus(t *testing.T) {
	fw := Default()
	strict, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\nmin_seal: {SOV-1: 4, SOV-2: 3}\n"), false)
	require.NoError(t, err)
	tests := []struct {
		name   string
		mutate func(a *Assessment)
		p      *Profile
		obj    string
		want   ObjectiveStatus
	}{
		{"no minimum set", func(*Assessment) {}, mustProfile(t, fw, ""), "SOV-1", StatusNoMinimum},
		{"at the minimum", func(*Assessment) {}, strict, "SOV-1", StatusPass},
		{"below the minimum", func(a *Assessment) { e, _ := a.Entry("SOV-1.1"); e.Answer.Text = "3" }, strict, "SOV-1", StatusBelow},
		{"an error", func(a *Assessment) { e, _ := a.Entry("SOV-2.1"); e.Confidence.Text = "sure" }, strict, "SOV-2", StatusErrors},
		{"an error, no minimum", func(a *Assessment) { e, _ := a.Entry("SOV-3.1"); e.Confidence.Text = "" }, strict, "SOV-3", StatusErrors},
		{"unanswered", func(a *Assessment) { e, _ := a.Entry("SOV-2.2"); e.Answer.Text = "" }, strict, "SOV-2", StatusErrors},
		{"unreadable answer row", func(a *Assessment) { a.Factors = a.Factors[1:] }, strict, "SOV-1", StatusIncomplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAssessment(fw)
			tt.mutate(a)
			r := Evaluate(fw, a, tt.p)
			o, ok := r.Objective(tt.obj)
			require.True(t, ok)
			assert.Equal(t, tt.want, o.Status())
			assert.Equal(t, tt.want == StatusPass || tt.want == StatusNoMinimum, o.Pass)
		})
	}
}

// TestBoundBy: an objective names the factors whose SEAL is its own, and
// a SEAL reason names them with their answers.
func TestBoundBy(t *testing.T) {
	fw := Default()
	strict, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\nmin_seal: {SOV-5: 3}\n"), false)
	require.NoError(t, err)
	a := validAssessment(fw)
	e, _ := a.Entry("SOV-5.1")
	e.Answer.Text = "1"
	e, _ = a.Entry("SOV-5.2")
	e.Answer.Text = "1"
	r := Evaluate(fw, a, strict)
	o, _ := r.Objective("SOV-5")
	f51, _ := r.FactorResult("SOV-5.1")
	require.Equal(t, o.SEAL, f51.SEAL)
	assert.Contains(t, o.BoundBy, "SOV-5.1")
	for _, id := range o.BoundBy {
		fr, _ := r.FactorResult(id)
		assert.Equal(t, o.SEAL, fr.SEAL, id)
	}
	o1, _ := r.Objective("SOV-1")
	assert.Len(t, o1.BoundBy, len(o1.Objective.Factors), "all-best answers: every factor is at SEAL-4")

	require.Len(t, r.Reasons, 1)
	rs := r.Reasons[0]
	assert.Equal(t, ReasonSEAL, rs.Code)
	assert.Equal(t, o.BoundBy, rs.Factors)
	ans, _ := f51.Answer()
	assert.Contains(t, rs.Message, "SOV-5 reaches SEAL-"+strconv.Itoa(o.SEAL)+" because of SOV-5.1 ("+ans.Display()+")")
	assert.Contains(t, rs.Message, "requires SEAL-3")
}

func TestEvidence(t *testing.T) {
	fw := Default()
	a := validAssessment(fw)
	set := func(id, conf, sources string) {
		e, _ := a.Entry(id)
		e.Confidence.Text, e.Sources.Text = conf, sources
	}
	set("SOV-1.1", "high", "https://a.example/x")
	set("SOV-1.2", "low", "")
	set("SOV-3.4", "low", "https://a.example/y")
	e, _ := a.Entry("SOV-8.1")
	e.Answer.Text = "" // unanswered: counted nowhere
	r := Evaluate(fw, a, mustProfile(t, fw, ""))
	assert.Equal(t, 1, r.Evidence.High)
	assert.Equal(t, 2, r.Evidence.Low)
	assert.Equal(t, 48-1-1-2, r.Evidence.Medium)
	assert.Equal(t, 1, r.Evidence.Unsourced)
	assert.Equal(t, []string{"SOV-1.2", "SOV-3.4"}, r.Evidence.ToConfirm)
}

// TestEvidenceUnrated: answered factors whose confidence is missing or
// invalid are counted apart; every answered factor is counted once.
func TestEvidenceUnrated(t *testing.T) {
	fw := Default()
	a := validAssessment(fw)
	for id, conf := range map[string]string{"SOV-2.1": "sure", "SOV-2.2": ""} {
		e, _ := a.Entry(id)
		e.Confidence.Text = conf
	}
	r := Evaluate(fw, a, mustProfile(t, fw, ""))
	ev := r.Evidence
	assert.Equal(t, 2, ev.Unrated)
	assert.Equal(t, len(r.Factors)-r.Unanswered(), ev.High+ev.Medium+ev.Low+ev.Unrated)
}

// TestFragile: an eligible provider lists the factors where one rung
// lower would fail a minimum SEAL; without a minimum nothing is fragile.
func TestFragile(t *testing.T) {
	fw := Default()
	a := validAssessment(fw)
	r := Evaluate(fw, a, mustProfile(t, fw, ""))
	assert.Empty(t, r.Fragile, "no minimum, nothing can fail")

	strict, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\nmin_seal: {SOV-2: 4}\n"), false)
	require.NoError(t, err)
	r = Evaluate(fw, a, strict)
	require.True(t, r.Eligible)
	var want []string
	o, _ := fw.Objective("SOV-2")
	for _, f := range o.Factors {
		if lower, _ := f.Answer(len(f.Answers) - 1); lower.SEAL < 4 {
			want = append(want, f.ID)
		}
	}
	require.NotEmpty(t, want)
	assert.Equal(t, want, r.Fragile)

	e, _ := a.Entry("SOV-2.1")
	e.Answer.Text = "1"
	r = Evaluate(fw, a, strict)
	assert.False(t, r.Eligible)
	assert.Empty(t, r.Fragile, "only eligible providers have fragile factors")
}

// TestMessagesNameTheirFactor: every problem that belongs to a factor
// names it in its message, whoever found it.
func TestMessagesNameTheirFactor(t *testing.T) {
	fw := Default()
	a := validAssessment(fw)
	e, _ := a.Entry("SOV-4.2")
	e.Confidence.Text = ""
	e.Justification.Text = ""
	a.Issues = append(a.Issues, Issue{Severity: Error, Code: CodeCellUnreadable, Sheet: "SOV-6", Cell: "D7", Factor: "SOV-6.3",
		Message: "the cell D7 is damaged"})
	r := Evaluate(fw, a, mustProfile(t, fw, ""))
	r.AddIssues(Issue{Severity: Warning, Code: CodeSourceDead, Sheet: "SOV-1", Cell: "G5", Factor: "SOV-1.1", Message: "source did not answer"})
	require.NotEmpty(t, r.Issues)
	for _, is := range r.Issues {
		if is.Factor != "" {
			assert.True(t, strings.HasPrefix(is.Message, is.Factor), "%s", is)
		}
	}
	for _, fr := range r.Factors {
		for _, is := range fr.Issues {
			assert.True(t, strings.HasPrefix(is.Message, fr.Factor.ID), "%s", is)
		}
	}
}

func TestAddIssuesRederivesTheOutcome(t *testing.T) {
	fw := Default()
	r := Evaluate(fw, validAssessment(fw), mustProfile(t, fw, ""))
	require.True(t, r.Eligible)
	r.AddIssues(Issue{Severity: Error, Code: CodeCellUnreadable, Sheet: "SOV-2", Cell: "D6", Factor: "SOV-2.2", Message: "x"})
	assert.False(t, r.Eligible)
	o, _ := r.Objective("SOV-2")
	assert.Equal(t, StatusErrors, o.Status())
	assert.Equal(t, 1, o.Errors)
}
