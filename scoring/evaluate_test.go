package scoring

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validAssessment answers every factor with its best answer, a confidence,
// a justification and an https source, each on the cell the template uses.
func validAssessment(fw *Framework) *Assessment {
	a := &Assessment{File: "test.xlsx"}
	a.Provider.Name = Field{Text: "Müller Cloud", Loc: Location{Sheet: "Cover", Cell: "B3"}}
	a.Provider.FrameworkVersion = Field{Text: fw.Version, Loc: Location{Sheet: "Cover", Cell: "B7"}}
	for _, o := range fw.Objectives {
		for i, f := range o.Factors {
			row := 5 + i
			loc := func(col string) Location { return Location{Sheet: o.ID, Cell: fmt.Sprintf("%s%d", col, row)} }
			a.Factors = append(a.Factors, FactorEntry{ID: f.ID, Row: loc("A"),
				Answer:        EntryCell{Text: f.Answers[len(f.Answers)-1].Display(), Row: int32(row), Col: 4},
				Confidence:    EntryCell{Text: "medium", Row: int32(row), Col: 5},
				Justification: EntryCell{Text: "Documented in the provider's contract.", Row: int32(row), Col: 6},
				Sources:       EntryCell{Text: "https://provider.example/contract", Row: int32(row), Col: 7},
			})
		}
	}
	return a
}

func TestValidAssessmentHasNoIssues(t *testing.T) {
	fw := Default()
	r := Evaluate(fw, validAssessment(fw), mustProfile(t, fw, ""))
	assert.Empty(t, r.Issues)
	assert.True(t, r.Complete)
	assert.True(t, r.Eligible)
	assert.Equal(t, 4, r.SEAL, "every ladder tops at SEAL-4")
}

func mustProfile(t *testing.T, fw *Framework, name string) *Profile {
	t.Helper()
	p, err := fw.ResolveProfile(name)
	require.NoError(t, err)
	return p
}

// TestValidationRules has one case per rule: the bad input that triggers
// it, the code, severity and the cell it must name.
func TestValidationRules(t *testing.T) {
	fw := Default()
	type mut func(a *Assessment)
	entry := func(a *Assessment, id string) *FactorEntry { e, _ := a.Entry(id); return e }
	tests := []struct {
		name     string
		mutate   mut
		code     string
		severity Severity
		sheet    string
		cell     string
		inMsg    string
	}{
		{"answer missing", func(a *Assessment) { entry(a, "SOV-1.1").Answer.Text = "  " },
			CodeAnswerMissing, Error, "SOV-1", "D5", "1 to 4"},
		{"answer number off the ladder", func(a *Assessment) { entry(a, "SOV-3.2").Answer.Text = "6" },
			CodeAnswerInvalid, Error, "SOV-3", "D6", "6 is not one of them"},
		{"answer number off a 3-rung ladder", func(a *Assessment) { entry(a, "SOV-2.1").Answer.Text = "4. Exclusively EU law" },
			CodeAnswerInvalid, Error, "SOV-2", "D5", "1 to 3"},
		{"answer text unknown", func(a *Assessment) { entry(a, "SOV-1.2").Answer.Text = "Rather unlikely" },
			CodeAnswerInvalid, Error, "SOV-1", "D6", "not an answer"},
		{"repeated label without number", func(a *Assessment) { entry(a, "SOV-8.2").Answer.Text = "Circular economy EU-aligned" },
			CodeAnswerAmbiguous, Error, "SOV-8", "D6", "answers 2 and 4"},
		{"repeated label SOV-8.3", func(a *Assessment) { entry(a, "SOV-8.3").Answer.Text = "detailed EU methodology" },
			CodeAnswerAmbiguous, Error, "SOV-8", "D7", "write the number"},
		{"number and label disagree", func(a *Assessment) { entry(a, "SOV-1.1").Answer.Text = "4. Entirely outside the EU" },
			CodeAnswerLabel, Warning, "SOV-1", "D5", "number 4 was scored"},
		{"confidence missing", func(a *Assessment) { entry(a, "SOV-4.2").Confidence.Text = "" },
			CodeConfidenceMissing, Error, "SOV-4", "E6", "high, medium or low"},
		{"confidence invalid", func(a *Assessment) { entry(a, "SOV-4.2").Confidence.Text = "very high" },
			CodeConfidenceInvalid, Error, "SOV-4", "E6", "very high"},
		{"justification missing", func(a *Assessment) { entry(a, "SOV-5.1").Justification.Text = "" },
			CodeJustificationEmpty, Warning, "SOV-5", "F5", "say why"},
		{"javascript source", func(a *Assessment) { entry(a, "SOV-6.1").Sources.Text = "javascript:alert(1)" },
			CodeSourceScheme, Error, "SOV-6", "G5", "javascript"},
		{"file source in justification", func(a *Assessment) {
			entry(a, "SOV-6.2").Justification.Text = "See the certificate (src: file:///C:/docs/cert.pdf)."
		}, CodeSourceScheme, Error, "SOV-6", "F6", "file"},
		{"data source", func(a *Assessment) { entry(a, "SOV-6.3").Sources.Text = "data:text/html,hi" },
			CodeSourceScheme, Error, "SOV-6", "G7", "data"},
		{"relative source", func(a *Assessment) { entry(a, "SOV-6.4").Sources.Text = "www.provider.example/page" },
			CodeSourceInvalid, Error, "SOV-6", "G8", "https://www.provider.example/page"},
		{"source without host", func(a *Assessment) { entry(a, "SOV-6.5").Sources.Text = "https:///path" },
			CodeSourceInvalid, Error, "SOV-6", "G9", "no host"},
		{"plain http source", func(a *Assessment) { entry(a, "SOV-7.1").Sources.Text = "http://provider.example/iso" },
			CodeSourceInsecure, Warning, "SOV-7", "G5", "plain http"},
		{"duplicate source", func(a *Assessment) {
			entry(a, "SOV-7.2").Sources.Text = "https://a.example/x\nhttps://b.example/y; https://a.example/x"
		}, CodeSourceDuplicate, Warning, "SOV-7", "G6", "more than once"},
		{"high confidence without source", func(a *Assessment) {
			e := entry(a, "SOV-7.3")
			e.Confidence.Text, e.Sources.Text = "High", ""
		}, CodeSourceMissing, Warning, "SOV-7", "G7", "no source"},
		{"justification claims another option", func(a *Assessment) {
			e := entry(a, "SOV-1.3")
			e.Answer.Text, e.Justification.Text = "3", "EU majority -> opt4."
		}, CodeClaimMismatch, Warning, "SOV-1", "F7", "opt4"},
		{"justification claims another SEAL", func(a *Assessment) {
			e := entry(a, "SOV-3.1")
			e.Answer.Text, e.Justification.Text = "4", "BYOK with provider access -> opt4 (seal 4)."
		}, CodeClaimMismatch, Warning, "SOV-3", "F5", "SEAL-3"},
		{"provider missing", func(a *Assessment) { a.Provider.Name.Text = "\u00a0" },
			CodeProviderMissing, Error, "Cover", "B3", "provider name"},
		{"framework version differs", func(a *Assessment) { a.Provider.FrameworkVersion.Text = "1.1" },
			CodeFrameworkVersion, Warning, "Cover", "B7", "1.1"},
		{"formula in answer", func(a *Assessment) { entry(a, "SOV-2.2").Answer.Formula = true },
			CodeFormula, Warning, "SOV-2", "D6", "cached value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAssessment(fw)
			tt.mutate(a)
			r := Evaluate(fw, a, mustProfile(t, fw, ""))
			var hit *Issue
			for i := range r.Issues {
				if r.Issues[i].Code == tt.code {
					hit = &r.Issues[i]
					break
				}
			}
			require.NotNil(t, hit, "want %s, got %v", tt.code, r.Issues)
			assert.Equal(t, tt.severity, hit.Severity)
			assert.Equal(t, tt.sheet, hit.Sheet)
			assert.Equal(t, tt.cell, hit.Cell)
			assert.Contains(t, hit.Message, tt.inMsg)
			if tt.severity == Error {
				assert.False(t, r.Eligible, "an error makes the provider ineligible")
			}
		})
	}
}

func TestUnansweredNeverCompliant(t *testing.T) {
	fw := Default()
	a := validAssessment(fw)
	// SOV-1.1's worst answers have SEAL-1; leaving it blank must not give SEAL-4.
	e, _ := a.Entry("SOV-3.1")
	e.Answer.Text = ""
	r := Evaluate(fw, a, mustProfile(t, fw, ""))
	assert.False(t, r.Complete)
	assert.True(t, r.Provisional)
	assert.False(t, r.Eligible)
	fr, _ := r.FactorResult("SOV-3.1")
	assert.Equal(t, 0, fr.Option)
	assert.Equal(t, -1, fr.SEAL)
	o, _ := r.Objective("SOV-3")
	assert.False(t, o.Complete)
	assert.False(t, o.Pass)
	require.NotEmpty(t, r.Reasons)
	assert.Equal(t, ReasonIncomplete, r.Reasons[0].Code)

	// A row missing altogether is just as incomplete.
	a = validAssessment(fw)
	a.Factors = a.Factors[1:]
	r = Evaluate(fw, a, mustProfile(t, fw, ""))
	assert.False(t, r.Complete)
	assert.False(t, r.Eligible)
}

func TestAnswerForms(t *testing.T) {
	fw := Default()
	f12, _ := fw.Factor("SOV-1.2")
	f82, _ := fw.Factor("SOV-8.2")
	f16, _ := fw.Factor("SOV-1.6")
	tests := []struct {
		f    *Factor
		in   string
		want int
		code string
	}{
		{f12, "4", 4, ""},
		{f12, " 4 ", 4, ""},
		{f12, "4.", 4, ""},
		{f12, "4) unlikely", 4, ""},
		{f12, "4. Unlikely takeover/transfer to non-EU sovereign entity", 4, ""},
		{f12, "４", 4, ""},                      // full-width digit
		{f12, "\u200b4.\u00a0Unlikely", 4, ""}, // zero-width space, nbsp
		{f12, "\u200f4", 4, ""},                // right-to-left mark
		{f12, "Very unlikely", 5, ""},
		{f12, "very UNLIKELY.", 5, ""},
		{f16, "Significant participation", 4, ""}, // label without "N." prefix
		{f12, "4.5", 0, CodeAnswerInvalid},
		{f12, "0", 0, CodeAnswerInvalid},
		{f12, "6", 0, CodeAnswerInvalid},
		{f12, "", 0, CodeAnswerMissing},
		{f82, "Circular economy EU-aligned", 0, CodeAnswerAmbiguous},
		{f82, "4. Circular economy EU-aligned", 4, ""},
		{f82, "2", 2, ""},
		// No space after the number, as "4)" and "5 - ..." already pass.
		{f12, "4.Unlikely takeover/transfer to non-EU sovereign entity", 4, ""},
		{f12, "4:unlikely", 4, ""},
		{f12, "4.Very unlikely", 4, CodeAnswerLabel}, // the label of answer 5
		{f12, "4.0", 0, CodeAnswerInvalid},
		// A repeated label (answers 2 and 4) under another number.
		{f82, "1. Circular economy EU-aligned", 1, CodeAnswerLabel},
		{f82, "2. Circular economy EU-aligned", 2, ""},
	}
	for _, tt := range tests {
		n, p := ParseAnswer(tt.f, tt.in)
		assert.Equal(t, tt.want, n, "%s %q", tt.f.ID, tt.in)
		if tt.code == "" {
			assert.Nil(t, p, "%s %q", tt.f.ID, tt.in)
		} else if assert.NotNil(t, p, "%s %q", tt.f.ID, tt.in) {
			assert.Equal(t, tt.code, p.Code)
		}
	}
}

func TestSources(t *testing.T) {
	assert.Equal(t, []string{"https://a.example/x", "https://b.example/y", "https://c.example"},
		SplitSources("https://a.example/x\nhttps://b.example/y;  https://c.example"))
	assert.Equal(t, []string{"https://scalingo.com/qualification-secnumcloud"},
		CitedSources("eu_entity -> opt4 (src: https://scalingo.com/qualification-secnumcloud)."))
	assert.Equal(t, []string{"https://a.example/(x)", "https://b.example"},
		CitedSources("both (src: https://a.example/(x), https://b.example) and more"))
	assert.Empty(t, CitedSources("no citation here (see annex)"))
}

func TestProfiles(t *testing.T) {
	fw := Default()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	weights := "weights: {SOV-1: 0.15, SOV-2: 0.1, SOV-3: 0.1, SOV-4: 0.15, SOV-5: 0.2, SOV-6: 0.15, SOV-7: 0.1, SOV-8: 0.05}\n"
	tests := []struct {
		name, file, body string
		wantErr          []string
	}{
		{"yaml ok", "tender.yaml", "name: tender\ndivisor: nominal\n" + weights + "min_seal: {SOV-2: 3, SOV-3: 2}\n", nil},
		{"json ok", "tender.json", `{"name":"t","weights":{"SOV-1":0.125,"SOV-2":0.125,"SOV-3":0.125,"SOV-4":0.125,"SOV-5":0.125,"SOV-6":0.125,"SOV-7":0.125,"SOV-8":0.125},"divisor":"exact"}`, nil},
		{"base only overrides", "base.yaml", "name: strict\nbase: calculator-2026\nmin_seal: {SOV-2: 3}\n", nil},
		{"weights not summing to 1", "bad.yaml", "name: bad\nweights: {SOV-1: 15, SOV-2: 10, SOV-3: 10, SOV-4: 15, SOV-5: 20, SOV-6: 15, SOV-7: 10, SOV-8: 5}\n", []string{"sum to 100", "0.15, not 15"}},
		{"unknown objective", "unk.yaml", "name: u\n" + weights + "min_seal: {SOV-9: 2}\n", []string{`unknown objective "SOV-9"`}},
		{"seal out of range", "seal.yaml", "name: s\n" + weights + "min_seal: {SOV-1: 5}\n", []string{"SOV-1 is 5", "0 to 4"}},
		{"bad divisor", "div.yaml", "name: d\ndivisor: half\n" + weights, []string{`divisor "half"`}},
		{"missing objective weight", "miss.yaml", "name: m\nweights: {SOV-1: 1}\n", []string{"SOV-2 is missing"}},
		{"unknown field", "typo.yaml", "name: t\nweigths: {}\n", []string{"weigths"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := fw.ResolveProfile(write(tt.file, tt.body))
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.NotEmpty(t, p.Name)
				assert.Len(t, p.MinSEAL, 8)
				return
			}
			require.Error(t, err)
			for _, w := range tt.wantErr {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	p, err := fw.ResolveProfile(write("strict.yaml", "name: strict\nbase: calculator-2026\nmin_seal: {SOV-2: 3}\n"))
	require.NoError(t, err)
	assert.Equal(t, DivisorNominal, p.Divisor)
	assert.Equal(t, 3, p.MinSEAL["SOV-2"])
	assert.Equal(t, 0.2, p.Weights["SOV-1"])

	_, err = fw.ResolveProfile("no-such-profile")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "eucsf-1.2.1")
}

func TestEligibilityAndRank(t *testing.T) {
	fw := Default()
	strict, err := fw.ParseProfile([]byte("name: strict\nbase: eucsf-1.2.1\nmin_seal: {SOV-1: 4, SOV-8: 4}\n"), false)
	require.NoError(t, err)

	best := validAssessment(fw)
	lower := validAssessment(fw)
	e, _ := lower.Entry("SOV-1.1")
	e.Answer.Text = "3" // SEAL-3 under a SEAL-4 minimum
	third := validAssessment(fw)
	e, _ = third.Entry("SOV-1.2")
	e.Answer.Text = "1" // SEAL-4 whatever the answer: fewer points, still eligible

	rs := []*Result{Evaluate(fw, lower, strict), Evaluate(fw, best, strict), Evaluate(fw, third, strict)}
	Rank(Summaries(rs))
	assert.False(t, rs[0].Eligible)
	require.Len(t, rs[0].Reasons, 1)
	assert.Equal(t, Reason{Code: ReasonSEAL, Objective: "SOV-1", Required: 4, Achieved: 3, Factors: []string{"SOV-1.1"},
		Message: "SOV-1 reaches SEAL-3 because of SOV-1.1 (3. Mostly within the EU); the profile requires SEAL-4"}, rs[0].Reasons[0])
	assert.Equal(t, 0, rs[0].Rank)
	assert.Equal(t, 1, rs[1].Rank)
	assert.Equal(t, 2, rs[2].Rank)
	assert.Equal(t, 2, rs[0].Ranked, "every result knows how many were ranked")
	assert.Greater(t, rs[0].Score, rs[2].Score, "a higher score does not rescue an ineligible offer")

	tie := []*Result{Evaluate(fw, validAssessment(fw), strict), Evaluate(fw, validAssessment(fw), strict)}
	Rank(Summaries(tie))
	assert.Equal(t, []int{1, 1}, []int{tie[0].Rank, tie[1].Rank})
}

func TestIssueSortAndString(t *testing.T) {
	l := Issues{
		{Sheet: "SOV-10", Cell: "D5", Code: "b"},
		{Sheet: "SOV-2", Cell: "D12", Code: "b"},
		{Sheet: "SOV-2", Cell: "D9", Code: "a"},
		{Sheet: "Cover", Cell: "B3", Code: "c"},
		{Code: "file"},
	}
	l.Sort()
	var got []string
	for _, i := range l {
		got = append(got, i.Location())
	}
	assert.Equal(t, []string{"", "Cover!B3", "SOV-2!D9", "SOV-2!D12", "SOV-10!D5"}, got)
	assert.Equal(t, "SOV-1!D5: warning x: y", Issue{Severity: Warning, Code: "x", Sheet: "SOV-1", Cell: "D5", Message: "y"}.String())
	assert.True(t, strings.HasPrefix(Issue{Code: "file-unreadable", Message: "m"}.String(), "error file-unreadable"))
}

func TestNormalizeIsIdempotent(t *testing.T) {
	for _, in := range []string{"e\u200b\u0301", " ４.\u00a0Very\u200f  likely ", "a\u2028b", "\ufeffSOV-1.1"} {
		once := Normalize(in)
		assert.Equal(t, once, Normalize(once), "%q", in)
	}
	assert.Equal(t, "é", Normalize("e\u200b\u0301"))
}
