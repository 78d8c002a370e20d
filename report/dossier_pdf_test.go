package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// testDossier is a procedure with a panel of three.
var testDossier = &Dossier{
	Authority: "Ministry of Digital Affairs", Procedure: "MDA-2026-017", Lot: "Lot 2: sovereign cloud hosting",
	Version: "1.0", Status: DossierDraft,
	Panel: []PanelMember{{Name: "Anna Keller", Role: "Chair"}, {Name: "Marc Dubois", Role: "Security expert"},
		{Name: "Ines Sá", Role: "Legal adviser"}},
	Disclaimer: "This report supports the panel; the award decision rests with the contracting authority.",
}

// allPDFs renders the four PDF reports with opts, by name.
func allPDFs(t *testing.T, opts PDFOptions) map[string][]byte {
	t.Helper()
	rs, p := pdfResults(t, 3)
	fw, dp, c := diffFixture(t)
	render := func(write func(*bytes.Buffer) error) []byte {
		var buf bytes.Buffer
		require.NoError(t, write(&buf))
		return buf.Bytes()
	}
	return map[string][]byte{
		"scorecard": render(func(b *bytes.Buffer) error { return WriteScorecard(b, rs[0], opts) }),
		"comparison": render(func(b *bytes.Buffer) error {
			return WriteComparison(b, scoring.Summaries(rs), p, opts)
		}),
		"diff":      render(func(b *bytes.Buffer) error { return WriteDiffPDF(b, fw, dp, c, opts) }),
		"reconcile": render(func(b *bytes.Buffer) error { return WriteReconcilePDF(b, panelFixture(t), opts) }),
	}
}

// TestPDFUndated: without a date from an input or an option, every PDF
// says "not dated", carries no date in its metadata, and is still
// reproducible; a dated one carries its date.
func TestPDFUndated(t *testing.T) {
	undated := PDFOptions{ToolName: "sovscore", ToolVersion: "v0.0.0-test"}
	first, again := allPDFs(t, undated), allPDFs(t, undated)
	dated := allPDFs(t, pdfReportOptions)
	for name, pdf := range first {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, pdf, again[name], "reproducible")
			checkPDFXref(t, pdf)
			checkPDFTools(t, savePDF(t, name+"-undated.pdf", pdf))
			assert.NotContains(t, string(pdf), "/CreationDate")
			assert.NotContains(t, string(pdf), "/ModDate")
			assert.NotContains(t, string(pdf), "1970")
			assert.Contains(t, pdfFlat(pdfToText(t, pdf)[:1]), notDated)
			assert.Contains(t, string(dated[name]), "/CreationDate (D:20261103093000)")
			assert.NotContains(t, pdfFlat(pdfToText(t, dated[name])), notDated+" ·", "a dated report")
		})
	}
}

func TestFinishPDFUndatedNeedsThePlaceholder(t *testing.T) {
	_, err := finishPDF(uncompressedPDF(t), true)
	assert.ErrorContains(t, err, "placeholder")
}

func TestAssessmentDate(t *testing.T) {
	tests := []struct {
		name string
		s    scoring.Summary
		want string
	}{
		{"read", scoring.Summary{Date: "2026-03-11", Provider: scoring.ProviderInfo{Date: scoring.Field{Text: "11/03/2026"}}}, "2026-03-11"},
		{"unreadable, as written", scoring.Summary{Provider: scoring.ProviderInfo{Date: scoring.Field{Text: " 11/3/26 "}}}, "“11/3/26” (unreadable date)"},
		{"none", scoring.Summary{}, "not dated"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, assessmentDate(&tc.s)) })
	}
	assert.Equal(t, "not dated", PDFOptions{}.date())
	assert.Equal(t, "2026-11-03", pdfReportOptions.date())
}

// TestProfileHashInEveryFooter: each page of each PDF names the profile
// and the start of its SHA-256; the scorecard's method and the
// comparison's methodology give the whole hash.
func TestProfileHashInEveryFooter(t *testing.T) {
	_, p := pdfResults(t, 1)
	_, dp, _ := diffFixture(t)
	rc := panelFixture(t)
	profiles := map[string]*scoring.Profile{"scorecard": p, "comparison": p, "diff": dp, "reconcile": rc.Results[0].Profile}
	for name, pdf := range allPDFs(t, pdfReportOptions) {
		t.Run(name, func(t *testing.T) {
			prof := profiles[name]
			ref := "profile " + prof.Name + " · sha256 " + prof.SHA256()[:16] + "…"
			pages := pdfToText(t, pdf)
			for i, pg := range pages {
				assert.Contains(t, pdfFlat([]string{pg}), ref, "page %d", i+1)
			}
			if name == "scorecard" || name == "comparison" {
				assert.Contains(t, pdfFlat(pages), prof.SHA256())
			}
		})
	}
}

// TestScorecardDossier: a scorecard names the procedure and the
// document's status on its first page and on every page's footer.
func TestScorecardDossier(t *testing.T) {
	rs, _ := pdfResults(t, 1)
	opts := pdfReportOptions
	opts.Dossier = testDossier
	pages := pdfToText(t, scorecardPDF2(t, rs[0], opts))
	first := pdfFlat(pages[:1])
	assert.Contains(t, first, "Procedure Ministry of Digital Affairs · procedure MDA-2026-017, Lot 2: sovereign cloud hosting")
	assert.Contains(t, first, "Document DRAFT, version 1.0")
	for i, pg := range pages {
		assert.Contains(t, pdfFlat([]string{pg}), "procedure MDA-2026-017, Lot 2: sovereign cloud hosting · DRAFT, version 1.0", "page %d", i+1)
	}
	// Without a dossier nothing is invented.
	plain := pdfFlat(pdfToText(t, scorecardPDF(t, rs[0])))
	assert.NotContains(t, plain, "DRAFT")
	assert.NotContains(t, plain, "Procedure")
}

func scorecardPDF2(t *testing.T, r *scoring.Result, opts PDFOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteScorecard(&buf, r, opts))
	return buf.Bytes()
}

func TestDossierReferences(t *testing.T) {
	var none *Dossier
	assert.Empty(t, none.procedureRef())
	assert.Empty(t, none.statusText())
	assert.Empty(t, none.authority())
	assert.Equal(t, "procedure MDA-2026-017, Lot 2: sovereign cloud hosting", testDossier.procedureRef())
	assert.Equal(t, "DRAFT, version 1.0", testDossier.statusText())
	assert.Equal(t, "Lot 4", (&Dossier{Lot: " Lot 4 "}).procedureRef())
	assert.Equal(t, "FINAL", (&Dossier{Status: DossierFinal}).statusText())

	p := pdfTenderProfile(t, scoring.Default())
	assert.Equal(t, "profile tender-2026-17 · sha256 "+p.SHA256()[:16]+"…", profileRef(p))
	assert.Equal(t, profileRef(p)+" · procedure MDA-2026-017, Lot 2: sovereign cloud hosting · DRAFT, version 1.0",
		footerSecond(p, testDossier))
	assert.Empty(t, footerSecond(nil, nil))
}

// TestComparisonDossierPages: the comparison opens with the procedure and
// ends with the methodology (the rule, the profile and its hash, the SEAL
// definitions, the disclaimer) and the panel's signature block; without a
// dossier the pages are there with blank lines to fill in.
func TestComparisonDossierPages(t *testing.T) {
	rs, p := pdfResults(t, 3)
	fw := scoring.Default()
	opts := pdfReportOptions
	opts.Dossier = testDossier
	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, scoring.Summaries(rs), p, opts))
	checkPDFTools(t, savePDF(t, "comparison-dossier.pdf", buf.Bytes()))
	pages := pdfToText(t, buf.Bytes())
	first := pdfFlat(pages[:1])
	assert.Contains(t, first, "Ministry of Digital Affairs · procedure MDA-2026-017, Lot 2: sovereign cloud hosting")
	assert.Contains(t, first, "Document DRAFT, version 1.0")

	all := pdfFlat(pages)
	method := all[strings.Index(all, "Methodology"):]
	for _, s := range []string{"fixed before the assessments were scored", p.SHA256(), "Profile: tender-2026-17",
		"SEAL definitions", testDossier.Disclaimer, "rounded half up", "Tie-break"} {
		assert.Contains(t, method, s)
	}
	for _, l := range fw.SEALLevels {
		assert.Contains(t, method, sealName(l.Level)+" "+l.Name)
	}
	last := pdfFlat(pages[len(pages)-1:])
	assert.Contains(t, last, "Signatures of the evaluation panel")
	for _, m := range testDossier.Panel {
		assert.Contains(t, last, "Name "+m.Name)
		assert.Contains(t, last, "Role "+m.Role)
	}
	sign := regexp.MustCompile(`\bSignature\b`)
	assert.Len(t, sign.FindAllString(last, -1), len(testDossier.Panel), "a line to sign per member: %s", last)

	blank := pdfToText(t, comparisonPDF(t, rs, p))
	end := pdfFlat(blank[len(blank)-1:])
	assert.Contains(t, end, "Signatures of the evaluation panel")
	assert.Len(t, sign.FindAllString(end, -1), 3, "three blank blocks: %s", end)
	assert.Len(t, regexp.MustCompile(`\bName\b`).FindAllString(end, -1), 3)
	assert.NotContains(t, pdfFlat(blank), "Disclaimer")
}

// TestComparisonNoMinimum: under a profile without a minimum SEAL, the
// first page and the ranking say what eligible means.
func TestComparisonNoMinimum(t *testing.T) {
	fw := scoring.Default()
	p, err := fw.Profile("calculator-2026")
	require.NoError(t, err)
	rs := make([]*scoring.Result, 6)
	for i := range rs {
		rs[i] = scoring.Evaluate(fw, pdfAssessment(fw, i), p)
	}
	scoring.Rank(scoring.Summaries(rs))
	pages := pdfToText(t, comparisonPDF(t, rs, p))
	note := upperFirst(noMinimumNote) + "."
	assert.Contains(t, pdfFlat(pages[:1]), note)
	all := pdfFlat(pages)
	ranking := all[strings.Index(all, "Eligible providers are ranked"):strings.Index(all, "SEAL heat-map")]
	assert.Contains(t, ranking, note)
	assert.Contains(t, all, "Fragile eligibility: the profile sets no minimum SEAL")
	// The methodology states the rule once, not "no minimum SEAL: no minimum SEAL set".
	method := all[strings.Index(all, "Methodology"):]
	method = method[:strings.Index(method, "An objective's result is")]
	assert.Contains(t, method, note[:len(note)-1]+", whatever the SEALs reached.")
	assert.Equal(t, 1, strings.Count(strings.ToLower(method), "no minimum seal"), "said once")

	tender, tp := pdfResults(t, 6)
	assert.NotContains(t, pdfFlat(pdfToText(t, comparisonPDF(t, tender, tp))), noMinimumNote)
}

func TestTieBreakRule(t *testing.T) {
	fw := scoring.Default()
	p, err := fw.ParseProfile([]byte("name: t\nbase: eucsf-1.2.1\ntie_break: [seal, SOV-5]\n"), false)
	require.NoError(t, err)

	rs := make([]*scoring.Result, 3)
	for i := range rs {
		rs[i] = scoring.Evaluate(fw, pdfAssessment(fw, 2*i), p)
	}
	scoring.Rank(scoring.Summaries(rs))
	all := pdfFlat(pdfToText(t, comparisonPDF(t, rs, p)))
	// The PDF words the rule as results.json and summary.xlsx do.
	assert.Contains(t, all, "Tie-break: equal published scores are ordered by the overall SEAL, then the points of "+
		"SOV-5 (higher first); what is still equal shares a rank.")
	assert.Contains(t, scoring.TieBreakRule(p), scoring.TieBreakOrder(p))
}

func TestPDFOptionsDateZone(t *testing.T) {
	o := PDFOptions{Created: time.Date(2026, 11, 3, 23, 30, 0, 0, time.FixedZone("CET", -3600))}
	assert.Equal(t, "2026-11-04", o.date(), "dates are UTC")
}

// TestMethodHashClaim: the comparison and the scorecard say what the
// profile's hash proves (which method was applied, so that a profile
// filed earlier with the same hash shows it was fixed in advance), not
// that the method was fixed before the scoring, which sovscore cannot
// know.
func TestMethodHashClaim(t *testing.T) {
	rs, p := pdfResults(t, 3)
	claim := "the profile with this SHA-256 is the one applied; a profile published or filed before the assessments " +
		"with the same hash shows that the method was fixed before the assessments were scored."
	for name, pdf := range map[string][]byte{
		"comparison": comparisonPDF(t, rs, p),
		"scorecard":  scorecardPDF(t, rs[0]),
	} {
		t.Run(name, func(t *testing.T) {
			all := pdfFlat(pdfToText(t, pdf))
			assert.NotContains(t, all, "The method below was fixed before")
			assert.NotContains(t, all, "The method is fixed by profile")
			assert.Contains(t, all, p.SHA256())
			assert.Contains(t, strings.ToLower(all), strings.ToLower(claim))
		})
	}
}

// TestProcedureRefLot: a lot given as a bare number or name is printed
// "Lot 2", everywhere the procedure reference appears; a lot that already
// says so is printed as given, and results.json keeps the raw value.
func TestProcedureRefLot(t *testing.T) {
	tests := []struct{ lot, want string }{
		{"2", "procedure 2026-CLOUD-17, Lot 2"},
		{" 2 ", "procedure 2026-CLOUD-17, Lot 2"},
		{"A: sovereign hosting", "procedure 2026-CLOUD-17, Lot A: sovereign hosting"},
		{"Lot 2: sovereign cloud hosting", "procedure 2026-CLOUD-17, Lot 2: sovereign cloud hosting"},
		{"lot 3", "procedure 2026-CLOUD-17, lot 3"},
		{"LOTS 4 and 5", "procedure 2026-CLOUD-17, LOTS 4 and 5"},
		{"", "procedure 2026-CLOUD-17"},
	}
	for _, tt := range tests {
		t.Run(tt.lot, func(t *testing.T) {
			assert.Equal(t, tt.want, (&Dossier{Procedure: "2026-CLOUD-17", Lot: tt.lot}).procedureRef())
		})
	}
	assert.Equal(t, "Lot 2", (&Dossier{Lot: "2"}).procedureRef())

	rs, p := pdfResults(t, 2)
	opts := pdfReportOptions
	opts.Dossier = &Dossier{Procedure: "2026-CLOUD-17", Lot: "2"}
	for name, pdf := range map[string][]byte{
		"scorecard": scorecardPDF2(t, rs[0], opts),
		"comparison": func() []byte {
			var buf bytes.Buffer
			require.NoError(t, WriteComparison(&buf, scoring.Summaries(rs), p, opts))
			return buf.Bytes()
		}(),
	} {
		all := pdfFlat(pdfToText(t, pdf))
		assert.Contains(t, all, "procedure 2026-CLOUD-17, Lot 2", name)
		assert.NotContains(t, all, "procedure 2026-CLOUD-17, 2", name)
	}
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, RunInfo{Dossier: opts.Dossier}, nil, nil, rs))
	assert.Contains(t, buf.String(), `"lot": "2"`, "results.json keeps the value as given")
}
