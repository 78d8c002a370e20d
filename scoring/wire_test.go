package scoring

import (
	"bytes"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wireCases are results of every shape a batch can hold.
func wireCases(t *testing.T) []struct {
	name string
	r    *Result
} {
	t.Helper()
	fw := Default()
	p := mustProfile(t, fw, "")
	tender := mustProfile(t, fw, "calculator-2026")

	valid := Evaluate(fw, validAssessment(fw), p)

	// Mistakes of every kind: unanswered factors, an empty row, a bad
	// confidence, bad sources, a formula, a claim that contradicts the
	// answer, a reader problem on a cell, and a warning added afterwards.
	a := validAssessment(fw)
	a.Factors[0].Answer.Text = ""
	a.Factors[1].Answer.Text = "  "
	a.Factors[1].Justification.Text = ""
	a.Factors[2] = FactorEntry{ID: a.Factors[2].ID}
	a.Factors[3].Confidence.Text = "sure"
	a.Factors[4].Sources.Text = "javascript:alert(1) http://plain.example/x https://a.example https://a.example"
	a.Factors[5].Answer.Formula = true
	a.Factors[6].Justification.Text = "Fully documented -> opt1 (SEAL-0) (src: https://cited.example/doc)"
	a.Issues = append(a.Issues, Issue{Severity: Warning, Code: CodeCellUnreadable, Sheet: "SOV-2", Cell: "F6",
		Factor: a.Factors[7].ID, Message: "the cell could not be read"})
	mistakes := Evaluate(fw, a, tender)
	mistakes.AddIssues(Issue{Severity: Warning, Code: CodeSourceDead, Sheet: "SOV-1", Cell: "G9",
		Factor: "SOV-1.5", Message: "source https://a.example did not answer (HTTP 404 Not Found)"})

	// A missing row: the factor has no entry at all.
	m := validAssessment(fw)
	id := m.Factors[10].ID
	m.Factors = append(m.Factors[:10], m.Factors[11:]...)
	m.Issues = Issues{{Severity: Error, Code: CodeFactorMissing, Sheet: "SOV-2", Factor: id, Message: id + " has no row"}}
	missing := Evaluate(fw, m, p)

	unreadable := Evaluate(fw, &Assessment{File: "broken.xlsx", SHA256: "ab12", Issues: Issues{{
		Severity: Error, Code: CodeFileUnreadable, Message: "this is a text file, not an Excel workbook"}}}, p)

	ranked := Evaluate(fw, validAssessment(fw), p)
	Rank([]*Result{ranked, valid.Slim(), mistakes.Slim()})
	require.Equal(t, 1, ranked.Rank)

	return []struct {
		name string
		r    *Result
	}{
		{"valid", valid},
		{"mistakes", mistakes},
		{"missing row", missing},
		{"unreadable", unreadable},
		{"ranked", ranked},
		{"slim", mistakes.Slim()},
		{"no factors, framework or profile", &Result{File: "x.xlsx", SEAL: -1,
			Issues: Issues{{Severity: Error, Code: CodeFileUnreadable, Message: "gone"}}}},
		{"zero", &Result{}},
		{"empty row", emptyRow(mistakes)},
	}
}

// emptyRow is r with a factor row that was found but has no cell filled.
func emptyRow(r *Result) *Result {
	c := *r
	c.Factors = slices.Clone(r.Factors)
	c.Factors[0].Entry = &FactorEntry{}
	return &c
}

func TestSeverityText(t *testing.T) {
	for _, s := range []Severity{Error, Warning} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Severity
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	var s Severity
	assert.ErrorContains(t, s.UnmarshalText([]byte("fatal")), `severity "fatal"`)
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	fw := Default()
	for _, tt := range wireCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.r.Encode(&buf))
			got, err := DecodeResult(fw, tt.r.Profile, buf.Bytes())
			require.NoError(t, err)
			assert.Equal(t, tt.r, got)
			if tt.r.Framework != nil {
				assert.Same(t, fw, got.Framework)
				for i := range got.Factors {
					assert.Same(t, tt.r.Factors[i].Factor, got.Factors[i].Factor, "factors are linked, not copied")
				}
				for i := range got.Objectives {
					assert.Same(t, tt.r.Objectives[i].Objective, got.Objectives[i].Objective)
				}
			}
		})
	}
}

func TestRoundTripKeepsTheWorkbookText(t *testing.T) {
	fw := Default()
	r := wireCases(t)[1].r
	var buf bytes.Buffer
	require.NoError(t, r.Encode(&buf))
	got, err := DecodeResult(fw, r.Profile, buf.Bytes())
	require.NoError(t, err)
	require.NotNil(t, got.Factors[6].Entry)
	assert.Equal(t, "Fully documented -> opt1 (SEAL-0) (src: https://cited.example/doc)", got.Factors[6].Entry.Justification.Text)
	assert.NotEmpty(t, got.Factors[6].Issues)
	assert.Equal(t, r.Issues.Warnings(), got.Issues.Warnings())
	assert.Equal(t, r.Issues.Errors(), got.Issues.Errors())
}

func TestDecodeResultErrors(t *testing.T) {
	fw := Default()
	p := mustProfile(t, fw, "")
	other := mustProfile(t, fw, "calculator-2026")
	r := Evaluate(fw, validAssessment(fw), p)

	otherFW := *fw
	otherFW.Version = "0.9"
	stray := &Result{File: "x.xlsx", Factors: []FactorResult{{Factor: &Factor{ID: "SOV-9.9"}}}}
	strayObj := &Result{File: "x.xlsx", Objectives: []ObjectiveResult{{Objective: &Objective{ID: "SOV-42"}}}}

	tests := []struct {
		name string
		r    *Result
		fw   *Framework
		p    *Profile
		err  string
	}{
		{"other framework", r, &otherFW, p, "not " + fw.Name + " 0.9"},
		{"no framework", r, nil, p, "none given"},
		{"other profile", r, fw, other, "not calculator-2026"},
		{"no profile", r, fw, nil, "none given"},
		{"unknown factor", stray, fw, nil, `unknown factor "SOV-9.9"`},
		{"unknown objective", strayObj, fw, nil, `unknown objective "SOV-42"`},
		{"factor without framework", stray, nil, nil, "no framework given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, tt.r.Encode(&buf))
			_, err := DecodeResult(tt.fw, tt.p, buf.Bytes())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
	t.Run("garbage", func(t *testing.T) {
		_, err := DecodeResult(fw, p, []byte("not gob"))
		assert.Error(t, err)
	})
	t.Run("truncated", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, r.Encode(&buf))
		_, err := DecodeResult(fw, p, buf.Bytes()[:buf.Len()/2])
		assert.Error(t, err)
	})
}
