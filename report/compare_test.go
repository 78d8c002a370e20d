package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// diffFixture compares two sets of assessments:
//   - Nordlicht Cloud a year apart: SOV-3.1 re-evaluated upwards (which
//     lifts SOV-3 above the tender's SEAL-3), SOV-1.2 carried over with
//     another confidence, SOV-2.1 with a source added, SOV-4.1 with a
//     justification reworded and a plain-http source fixed, and a newer
//     framework version declared;
//   - Alpen Cloud only in the new set, Ostsee Compute only in the old.
func diffFixture(t *testing.T) (*scoring.Framework, *scoring.Profile, scoring.Comparison) {
	t.Helper()
	fw := scoring.Default()
	return diffFixtureUnder(t, fw, tenderProfile(t, fw))
}

// diffFixtureUnder is diffFixture scored under profile p.
func diffFixtureUnder(t *testing.T, fw *scoring.Framework, p *scoring.Profile) (*scoring.Framework, *scoring.Profile, scoring.Comparison) {
	t.Helper()
	nordlicht := func(old bool) *scoring.Assessment {
		a := fixtureAssessment(fw, "Nordlicht Cloud", "Managed Kubernetes (EU regions)",
			func(i int, f *scoring.Factor) (fixtureEntry, bool) {
				e := answered("nordlicht", i, f, len(f.Answers))
				if !old {
					return e, true
				}
				switch f.ID {
				case "SOV-3.1":
					e = answered("nordlicht", i, f, 3)
				case "SOV-1.2":
					e.confidence = "low"
				case "SOV-2.1":
					e.sources = ""
				case "SOV-4.1":
					e.justification = "From the 2025 documentation -> opt5."
					e.sources = "http://x.example/nordlicht/export"
				}
				return e, true
			})
		if old {
			a.File = "2025/nordlicht-cloud.xlsx"
			a.Provider.Date.Text = "2025-10-30"
			a.Provider.FrameworkVersion.Text = "1.2.0"
		} else {
			a.File = "2026/nordlicht-cloud.xlsx"
		}
		return a
	}
	cheapest := func(slug string) func(i int, f *scoring.Factor) (fixtureEntry, bool) {
		return func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			return answered(slug, i, f, 2), true
		}
	}
	old := []*scoring.Result{
		scoring.Evaluate(fw, nordlicht(true), p),
		scoring.Evaluate(fw, fixtureAssessment(fw, "Ostsee Compute", "IaaS", cheapest("ostsee")), p),
	}
	newer := []*scoring.Result{
		scoring.Evaluate(fw, fixtureAssessment(fw, "Alpen Cloud", "", cheapest("alpen")), p),
		scoring.Evaluate(fw, nordlicht(false), p),
	}
	return fw, p, scoring.Compare(old, newer)
}

// panelFixture reconciles three assessors' workbooks of one offer: they
// disagree on SOV-3.1 (SEAL-2 to 4), SOV-5.3 (same SEAL, other points),
// and one leaves SOV-8.1 unanswered.
func panelFixture(t *testing.T) *scoring.Reconciliation {
	t.Helper()
	fw := scoring.Default()
	return panelFixtureUnder(t, fw, tenderProfile(t, fw))
}

// panelFixtureUnder is panelFixture scored under profile p.
func panelFixtureUnder(t *testing.T, fw *scoring.Framework, p *scoring.Profile) *scoring.Reconciliation {
	t.Helper()
	var rs []*scoring.Result
	for k, name := range []string{"Anna Keller", "Marc Dubois", "Ines Sá"} {
		a := fixtureAssessment(fw, "Nordlicht Cloud", "Managed Kubernetes (EU regions)",
			func(i int, f *scoring.Factor) (fixtureEntry, bool) {
				e := answered("nordlicht", i, f, len(f.Answers))
				switch {
				case f.ID == "SOV-3.1":
					e = answered("nordlicht", i, f, 3+k)
					e.justification = fmt.Sprintf("%s's reading of the key management documentation -> opt%d.", name, 3+k)
				case f.ID == "SOV-5.3" && k == 1:
					e = answered("nordlicht", i, f, 2)
				case f.ID == "SOV-8.1" && k == 2:
					e = fixtureEntry{}
				case f.ID == "SOV-1.2":
					e.confidence = confidences[k]
				}
				return e, true
			})
		a.File = fmt.Sprintf("panel/%d-%s.xlsx", k+1, strings.ToLower(strings.Fields(name)[1]))
		a.Provider.Assessor.Text = name
		rs = append(rs, scoring.Evaluate(fw, a, p))
	}
	rc := scoring.Reconcile(rs)
	return &rc
}

func TestDiffFixture(t *testing.T) {
	_, _, c := diffFixture(t)
	require.Len(t, c.Pairs, 1)
	d := c.Pairs[0]
	var ids []string
	for _, f := range d.Factors {
		ids = append(ids, f.Factor.ID+":"+changeList(f.Changes))
	}
	assert.Equal(t, []string{"SOV-1.2:confidence", "SOV-2.1:sources", "SOV-3.1:answer, justification",
		"SOV-4.1:sources, justification"}, ids)
	assert.Equal(t, scoring.EligibilityGained, d.EligibilityChange)
	assert.Equal(t, scoring.SEALUp, d.SEALChange)
	assert.Len(t, d.Warnings(), 1, "framework versions")
	require.Len(t, c.Added, 1)
	require.Len(t, c.Removed, 1)
}

func TestComparisonTextGolden(t *testing.T) {
	tests := []struct {
		golden string
		write  func(w io.Writer) error
	}{
		{"diff.json.golden", func(w io.Writer) error {
			fw, p, c := diffFixture(t)
			return WriteDiffJSON(w, testRun, fw, p, c)
		}},
		{"diff.md.golden", func(w io.Writer) error {
			fw, p, c := diffFixture(t)
			return WriteDiffMarkdown(w, fw, p, c)
		}},
		{"diff.txt.golden", func(w io.Writer) error {
			_, _, c := diffFixture(t)
			return WriteDiffTable(w, c)
		}},
		{"reconcile.json.golden", func(w io.Writer) error { return WriteReconcileJSON(w, panelFixture(t)) }},
		{"reconcile.md.golden", func(w io.Writer) error { return WriteReconcileMarkdown(w, panelFixture(t)) }},
		{"reconcile.txt.golden", func(w io.Writer) error { return WriteReconcileTable(w, panelFixture(t)) }},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var first, second bytes.Buffer
			require.NoError(t, tt.write(&first))
			checkGolden(t, tt.golden, first.Bytes())
			require.NoError(t, tt.write(&second))
			assert.Equal(t, first.String(), second.String(), "byte-identical on a fresh evaluation")
			assert.True(t, strings.HasSuffix(first.String(), "\n"), "trailing newline")
		})
	}
}

// TestDiffJSONContract checks the field order README documents and that
// lists are never null.
func TestDiffJSONContract(t *testing.T) {
	fw, p, c := diffFixture(t)
	var buf bytes.Buffer
	require.NoError(t, WriteDiffJSON(&buf, testRun, fw, p, c))
	assert.Equal(t, []string{"tool", "framework", "profile", "pairs", "added", "removed"}, topKeys(t, buf.Bytes()))
	var doc struct {
		Pairs []json.RawMessage
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Pairs, 1)
	assert.Equal(t, []string{"old", "new", "score_delta", "seal_change", "eligibility_change", "objectives", "factors",
		"problems_added", "problems_resolved"}, topKeys(t, doc.Pairs[0]))
	var pair map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(doc.Pairs[0], &pair))
	assert.Equal(t, []string{"file", "sha256", "provider", "service", "date", "score", "seal", "eligible"}, topKeys(t, pair["old"]))
	var factors []json.RawMessage
	require.NoError(t, json.Unmarshal(pair["factors"], &factors))
	assert.Equal(t, []string{"id", "change", "old_option", "new_option", "points_delta", "seal_old", "seal_new"}, topKeys(t, factors[0]))
	var objectives []json.RawMessage
	require.NoError(t, json.Unmarshal(pair["objectives"], &objectives))
	assert.Equal(t, []string{"id", "points_delta", "seal_old", "seal_new"}, topKeys(t, objectives[0]))

	buf.Reset()
	require.NoError(t, WriteDiffJSON(&buf, testRun, fw, p, scoring.Comparison{}))
	assert.Contains(t, buf.String(), `"pairs": [],`)
	assert.Contains(t, buf.String(), `"removed": []`)
}

func TestReconcileJSONContract(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteReconcileJSON(&buf, panelFixture(t)))
	assert.Equal(t, []string{"provider", "service", "assessors", "factors"}, topKeys(t, buf.Bytes()))
	var doc struct {
		Assessors []json.RawMessage
		Factors   []struct {
			ID      string
			Agreed  bool
			Answers []json.RawMessage
		}
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Assessors, 3)
	assert.Equal(t, []string{"name", "file", "sha256", "score", "seal"}, topKeys(t, doc.Assessors[0]))
	require.Len(t, doc.Factors, 48)
	assert.Equal(t, []string{"assessor", "option", "confidence"}, topKeys(t, doc.Factors[0].Answers[0]))
	var divergent []string
	for _, f := range doc.Factors {
		if !f.Agreed {
			divergent = append(divergent, f.ID)
		}
	}
	assert.Equal(t, []string{"SOV-3.1", "SOV-5.3", "SOV-8.1"}, divergent, "framework order")

	buf.Reset()
	require.NoError(t, WriteReconcileJSON(&buf, &scoring.Reconciliation{}))
	assert.Equal(t, "{\n  \"provider\": \"\",\n  \"service\": \"\",\n  \"assessors\": [],\n  \"factors\": []\n}\n", buf.String())
}

// topKeys lists the keys of a JSON object in the order they are written.
func topKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

func TestDiffPDF(t *testing.T) {
	fw, p, c := diffFixture(t)
	render := func(c scoring.Comparison) []byte {
		var buf bytes.Buffer
		require.NoError(t, WriteDiffPDF(&buf, fw, p, c, pdfReportOptions))
		return buf.Bytes()
	}
	pdf := render(c)
	_, _, again := diffFixture(t)
	assert.Equal(t, pdf, render(again), "deterministic")
	checkPDFXref(t, pdf)
	checkPDFTools(t, savePDF(t, "diff.pdf", pdf))
	all := pdfFlat(pdfToText(t, pdf))
	for _, s := range []string{"Changes between assessments", "Pairs compared", "Only in the new set", "Alpen Cloud",
		"Only in the old set", "Ostsee Compute", "Nordlicht Cloud · Managed Kubernetes", "2025/nordlicht-cloud.xlsx",
		"declare different framework versions", "Objectives before and after", "became eligible", "SEAL-2 SEAL-4",
		"Changed factors", "SOV-3.1", "re-evaluated answer, justification", "carried over confidence",
		"Problems resolved", "source-insecure", "tender-2026-17"} {
		assert.Contains(t, all, s)
	}

	// One pair alone has no overview; no pair at all still renders.
	single := render(scoring.Comparison{Pairs: c.Pairs})
	assert.NotContains(t, pdfFlat(pdfToText(t, single)), "Each pair has its own section")
	empty := render(scoring.Comparison{})
	assert.True(t, bytes.HasPrefix(empty, []byte("%PDF-")))
}

func TestReconcilePDF(t *testing.T) {
	render := func(rc *scoring.Reconciliation) []byte {
		var buf bytes.Buffer
		require.NoError(t, WriteReconcilePDF(&buf, rc, pdfReportOptions))
		return buf.Bytes()
	}
	pdf := render(panelFixture(t))
	assert.Equal(t, pdf, render(panelFixture(t)), "deterministic")
	checkPDFXref(t, pdf)
	checkPDFTools(t, savePDF(t, "reconcile.pdf", pdf))
	all := pdfFlat(pdfToText(t, pdf))
	for _, s := range []string{"Moderation: Nordlicht Cloud", "Anna Keller", "Marc Dubois", "Ines Sá", "45 agreed, 3 divergent",
		"Divergent factors", "SEAL spread 2", "Agreed factors", "Input files", "panel/2-dubois.xlsx"} {
		assert.Contains(t, all, s)
	}
	// Largest SEAL spread first: SOV-3.1 (2) before SOV-5.3 (0, 71.5 points).
	assert.Less(t, strings.Index(all, "SOV-3.1 Customer control"), strings.Index(all, "SOV-5.3 Embedded"))
	assert.True(t, bytes.HasPrefix(render(&scoring.Reconciliation{}), []byte("%PDF-")))
}

// TestComparisonsNoMinimum: under a profile without a minimum SEAL, every
// diff and reconcile output that shows eligibility says once what
// eligible means, as score's outputs do; under the tender's minimum none
// does.
func TestComparisonsNoMinimum(t *testing.T) {
	fw := scoring.Default()
	calc, err := fw.Profile("calculator-2026")
	require.NoError(t, err)
	require.False(t, calc.HasMinimum())
	outputs := func(p *scoring.Profile) map[string]func(w io.Writer) error {
		_, _, c := diffFixtureUnder(t, fw, p)
		rc := panelFixtureUnder(t, fw, p)
		return map[string]func(w io.Writer) error{
			"diff table":         func(w io.Writer) error { return WriteDiffTable(w, c) },
			"diff markdown":      func(w io.Writer) error { return WriteDiffMarkdown(w, fw, p, c) },
			"diff.json":          func(w io.Writer) error { return WriteDiffJSON(w, testRun, fw, p, c) },
			"reconcile table":    func(w io.Writer) error { return WriteReconcileTable(w, rc) },
			"reconcile markdown": func(w io.Writer) error { return WriteReconcileMarkdown(w, rc) },
			"diff.pdf": func(w io.Writer) error {
				var buf bytes.Buffer
				if err := WriteDiffPDF(&buf, fw, p, c, pdfReportOptions); err != nil {
					return err
				}
				_, err := io.WriteString(w, pdfFlat(pdfToText(t, buf.Bytes())))
				return err
			},
			"reconcile.pdf": func(w io.Writer) error {
				var buf bytes.Buffer
				if err := WriteReconcilePDF(&buf, rc, pdfReportOptions); err != nil {
					return err
				}
				_, err := io.WriteString(w, pdfFlat(pdfToText(t, buf.Bytes())))
				return err
			},
		}
	}
	count := func(t *testing.T, write func(w io.Writer) error) int {
		var buf bytes.Buffer
		require.NoError(t, write(&buf))
		return strings.Count(strings.ToLower(buf.String()), strings.ToLower(scoring.NoMinimumNote))
	}
	for name, write := range outputs(calc) {
		t.Run(name, func(t *testing.T) { assert.Equal(t, 1, count(t, write), "the note, once") })
	}
	for name, write := range outputs(tenderProfile(t, fw)) {
		t.Run(name+" under a minimum", func(t *testing.T) { assert.Zero(t, count(t, write)) })
	}

	_, _, c := diffFixtureUnder(t, fw, calc)
	var buf bytes.Buffer
	require.NoError(t, WriteDiffJSON(&buf, testRun, fw, calc, c))
	assert.Equal(t, []string{"tool", "framework", "profile", "note", "pairs", "added", "removed"}, topKeys(t, buf.Bytes()))
	var doc struct{ Note string }
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, scoring.NoMinimumNote, doc.Note, "as results.json")
}
