package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

var pdfReportOptions = PDFOptions{
	Created:     time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC),
	ToolName:    "sovscore",
	ToolVersion: "v0.0.0-test",
}

// pdfNames are the first provider names of the PDF fixtures: accents, a
// Polish L with stroke and an emoji must all survive.
var pdfNames = []string{
	"Société Générale Cloud",
	"Müller Cloud GmbH",
	"Łódź Data sp. z o.o.",
	"Nordlys Sky ☁️🚀 AS",
}

// pdfProviderName names provider i of a generated set.
func pdfProviderName(i int) string {
	if i < len(pdfNames) {
		return pdfNames[i]
	}
	words := []string{"Ørsted", "Ñandú", "Čapek", "Æther", "Şahin", "Fjörð", "Žalgiris", "Ågård"}
	return fmt.Sprintf("%s Cloud %03d", words[i%len(words)], i+1)
}

// longJustification is a realistic justification: several sentences and
// "(src: ...)" citations with long URLs, as assessors write them.
func longJustification(slug string, f *scoring.Factor, n, i int) string {
	id := strings.ToLower(strings.ReplaceAll(f.ID, ".", "-"))
	text := fmt.Sprintf("%s: the provider's master services agreement, its trust centre and the public registry "+
		"extract were reviewed. The operating entity is established in the EU and the service is run from EU "+
		"data centres by EU-resident staff; subcontractors are listed in annex 4 of the data processing agreement "+
		"-> opt%d (src: https://docs.%s.example/legal/%s/master-services-agreement-2026-v3.pdf, https://trust.%s.example/%s).",
		f.Name, n, slug, id, slug, id)
	if i%5 == 0 {
		text += "\nA second paragraph repeats the key facts for the record: no non-EU parent, no extraterritorial " +
			"disclosure order received in the last five years, and the sovereign region runs on a " +
			"SecNumCloud-qualified infrastructure (principle of composition)."
	}
	return text
}

// pdfAssessment builds provider i: answers vary with i so that scores,
// SEALs and eligibility differ. Every 4th provider (from the 2nd on) has
// gaps: an unanswered factor, an invalid answer with an emoji, a bad
// confidence and a javascript: source; every 7th (from the 4th on) is weak
// on SOV-3 and fails the tender's minimum SEAL; some justifications claim
// another answer (a warning).
func pdfAssessment(fw *scoring.Framework, i int) *scoring.Assessment {
	name := pdfProviderName(i)
	slug := fmt.Sprintf("p%03d", i)
	gaps := i%4 == 1
	services := []string{"Sovereign managed Kubernetes and object storage (EU regions)", "Object storage",
		"Managed PostgreSQL", "IaaS, Frankfurt and Paris regions", "PaaS"}
	a := fixtureAssessment(fw, name, services[i%len(services)],
		func(j int, f *scoring.Factor) (fixtureEntry, bool) {
			floor := []int{3, 2, 2, 4, 2, 3, 2}[i%7]
			var good []int // answers that keep the provider's SEAL floor, best first
			for k := len(f.Answers); k >= 1; k-- {
				if a, _ := f.Answer(k); a.SEAL >= floor {
					good = append(good, k)
				}
			}
			if len(good) == 0 {
				good = []int{len(f.Answers)}
			}
			n := good[int(pdfMix(i, j)%5)%len(good)]
			if i%7 == 3 && f.Objective.ID == "SOV-3" {
				n = 1
			}
			claimed := n
			if (i+j)%13 == 0 && n > 1 {
				claimed = n - 1
			}
			e := fixtureEntry{
				answer:        pdfAnswerDisplay(f, n),
				confidence:    confidences[(i+j)%3],
				justification: longJustification(slug, f, claimed, j),
			}
			if j%6 == 0 {
				e.sources = fmt.Sprintf("https://%s.example/certificates/iso27001.pdf; https://%s.example/sla", slug, slug)
			}
			if j%8 == 2 {
				e.answer = strconv.Itoa(n) // written as a bare number
			}
			if gaps {
				switch f.ID {
				case "SOV-1.3":
					e = fixtureEntry{}
				case "SOV-2.2":
					e.answer = "probably fine 👍"
				case "SOV-4.1":
					e.confidence = "quite sure"
				case "SOV-5.2":
					e.sources = "javascript:alert(1)"
				}
			}
			return e, true
		})
	a.Provider.Hosting = scoring.Field{Text: "3DS Outscale (osc-secnum-fr1)"}
	a.Provider.HostingQualifications = scoring.Field{Text: "SecNumCloud 3.2, ISO 27001"}
	return a
}

// pdfMix is a small deterministic hash, so that generated providers differ.
func pdfMix(i, j int) uint32 {
	h := uint32(i*7919 + j*104729 + 1)
	h ^= h >> 13
	h *= 0x5bd1e995
	h ^= h >> 15
	return h
}

func pdfAnswerDisplay(f *scoring.Factor, n int) string {
	a, _ := f.Answer(n)
	return a.Display()
}

// pdfTenderProfile requires SEAL-2 on SOV-3 so that some providers fail on SEAL.
func pdfTenderProfile(t testing.TB, fw *scoring.Framework) *scoring.Profile {
	t.Helper()
	p, err := fw.ParseProfile([]byte("name: tender-2026-17\ndescription: Framework weights; data sovereignty at least SEAL-2.\nbase: eucsf-1.2.1\nmin_seal:\n  SOV-3: 2\n"), false)
	require.NoError(t, err)
	return p
}

// pdfResults scores n generated providers and ranks them.
func pdfResults(t testing.TB, n int) ([]*scoring.Result, *scoring.Profile) {
	t.Helper()
	fw := scoring.Default()
	p := pdfTenderProfile(t, fw)
	rs := make([]*scoring.Result, n)
	for i := range rs {
		rs[i] = scoring.Evaluate(fw, pdfAssessment(fw, i), p)
	}
	scoring.Rank(scoring.Summaries(rs))
	return rs, p
}

// unreadableResult is what the reader and Evaluate give for a file that is
// not a workbook.
func unreadableResult(t testing.TB) *scoring.Result {
	t.Helper()
	fw := scoring.Default()
	sum := sha256.Sum256([]byte("not a workbook"))
	a := &scoring.Assessment{File: "in/broken-offer.xlsx", SHA256: hex.EncodeToString(sum[:]),
		Issues: scoring.Issues{{Severity: scoring.Error, Code: scoring.CodeFileUnreadable,
			Message: "not an xlsx workbook (zip: not a valid zip file); save it again as .xlsx"}}}
	return scoring.Evaluate(fw, a, pdfTenderProfile(t, fw))
}

func scorecardPDF(t testing.TB, r *scoring.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteScorecard(&buf, r, pdfReportOptions))
	return buf.Bytes()
}

func comparisonPDF(t testing.TB, rs []*scoring.Result, p *scoring.Profile) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, scoring.Summaries(rs), p, pdfReportOptions))
	return buf.Bytes()
}

// savePDF writes a PDF to SOVSCORE_PDF_DEMO (for a visual check) or to a
// temporary directory, and returns its path.
func savePDF(t *testing.T, name string, pdf []byte) string {
	t.Helper()
	dir := os.Getenv("SOVSCORE_PDF_DEMO")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	return path
}

// checkPDFTools runs qpdf --check and pdffonts when they are installed.
func checkPDFTools(t *testing.T, path string) {
	t.Helper()
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		out, err := exec.Command(qpdf, "--check", path).CombinedOutput()
		require.NoError(t, err, "qpdf --check: %s", out)
		assert.Contains(t, string(out), "No syntax or stream encoding errors")
	}
	if pdffonts, err := exec.LookPath("pdffonts"); err == nil {
		out, err := exec.Command(pdffonts, path).Output()
		require.NoError(t, err)
		checkPDFFonts(t, out)
	}
}

// checkPDFFonts checks pdffonts' listing of a report: at least two faces,
// every one a TrueType font embedded with a ToUnicode map, so that text
// can be copied and searched. (fpdf does not name embedded subsets with a
// tag, so pdffonts' "sub" column says no.)
func checkPDFFonts(t *testing.T, out []byte) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Greater(t, len(lines), 2, "%s", out)
	fonts := lines[2:]
	assert.GreaterOrEqual(t, len(fonts), 2, "%s", out)
	re := regexp.MustCompile(`^\S+\s+CID TrueType\s+Identity-H\s+yes\s+(yes|no)\s+yes\s`)
	for _, f := range fonts {
		assert.Regexp(t, re, f, "every font embedded, with Unicode: %s", out)
	}
}

// pdfPageCount reads the page count from the document's page tree.
func pdfPageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	m := regexp.MustCompile(`/Type /Pages\s*/Kids \[[^\]]*\]\s*/Count (\d+)`).FindSubmatch(pdf)
	if m == nil {
		m = regexp.MustCompile(`/Count (\d+)`).FindSubmatch(pdf)
	}
	require.NotNil(t, m)
	n, err := strconv.Atoi(string(m[1]))
	require.NoError(t, err)
	return n
}

// pdfFlat joins pdftotext's pages and folds white space, so that text wrapped
// in a cell can still be found.
func pdfFlat(pages []string) string {
	return strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
}

func TestWriteScorecard(t *testing.T) {
	rs, _ := pdfResults(t, 5)
	fw := scoring.Default()
	tests := []struct {
		name     string
		r        *scoring.Result
		eligible bool
	}{
		{"complete, eligible", rs[0], true},
		{"gaps and an emoji answer", rs[1], false},
		{"accents", rs[2], true},
		{"emoji in the name, SEAL below the minimum", rs[3], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each subtest only reads its result
			require.Equal(t, tc.eligible, tc.r.Eligible, "fixture")
			pdf := scorecardPDF(t, tc.r)
			require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
			assert.Equal(t, pdf, scorecardPDF(t, tc.r), "deterministic")
			checkPDFXref(t, pdf)
			path := savePDF(t, "scorecard-"+strings.ReplaceAll(tc.name, " ", "-")+".pdf", pdf)
			checkPDFTools(t, path)

			pages := pdfToText(t, pdf)
			require.Len(t, pages, pdfPageCount(t, pdf))
			all := pdfFlat(pages)
			name := tc.r.ProviderName()
			if strings.ContainsAny(name, "☁🚀") {
				name = "Nordlys Sky"
			}
			assert.Contains(t, pages[0], name)
			assert.Contains(t, pages[0], "Page 1 of "+strconv.Itoa(len(pages)))
			assert.Contains(t, pages[len(pages)-1], fmt.Sprintf("Page %d of %d", len(pages), len(pages)))
			assert.Contains(t, pages[0], "Input file SHA-256: "+tc.r.SHA256)
			assert.Contains(t, pages[len(pages)-1], tc.r.SHA256, "footer on every page")
			assert.Contains(t, all, sealName(tc.r.SEAL)+" "+fw.SEALName(tc.r.SEAL))
			assert.Contains(t, all, fmtFloat(tc.r.Score, 2)+" %")
			for _, o := range fw.Objectives {
				assert.Contains(t, all, o.ID+" "+o.Name, "objective heading")
			}
			if tc.eligible {
				assert.Contains(t, pages[0], "ELIGIBLE")
				assert.Contains(t, pages[0], "rank "+strconv.Itoa(tc.r.Rank))
			} else {
				assert.Contains(t, pages[0], "NOT ELIGIBLE")
				for _, rs := range tc.r.Reasons {
					assert.Contains(t, all, upperFirst(rs.Message))
				}
			}
			for _, is := range tc.r.Issues {
				assert.Contains(t, all, is.Code)
			}
			// Every valid source is a clickable link (a link that wraps is
			// clickable on each of its lines); nothing else is.
			want := map[string]bool{}
			for _, f := range tc.r.Factors {
				for _, s := range f.Sources {
					want[s] = true
				}
			}
			got := map[string]bool{}
			for _, m := range regexp.MustCompile(`/URI \(([^)]*)\)`).FindAllSubmatch(pdf, -1) {
				got[string(m[1])] = true
			}
			assert.Equal(t, want, got)
			assert.NotContains(t, string(pdf), "javascript:")
			// One bookmark per section: title, objectives, 8 objectives,
			// problems, method (and the document title in the info dictionary).
			assert.Equal(t, 12, bytes.Count(pdf, []byte("/Title ("))-1)
		})
	}
}

func TestScorecardAnswerColumn(t *testing.T) {
	fw := scoring.Default()
	f, _ := fw.Factor("SOV-1.2")
	a4, _ := f.Answer(4)
	entry := func(s string) *scoring.FactorEntry { return &scoring.FactorEntry{Answer: scoring.EntryCell{Text: s}} }
	tests := []struct {
		name   string
		fr     scoring.FactorResult
		want   string
		failed bool
	}{
		{"display form", scoring.FactorResult{Factor: f, Option: 4, Entry: entry(a4.Display())}, a4.Display(), false},
		{"bare number", scoring.FactorResult{Factor: f, Option: 4, Entry: entry("4")}, a4.Display(), false},
		{"official label", scoring.FactorResult{Factor: f, Option: 4, Entry: entry(a4.Label)}, a4.Display(), false},
		{"paraphrase", scoring.FactorResult{Factor: f, Option: 4, Entry: entry("4. unlikely, EU investors")},
			a4.Display() + "\nWritten: “4. unlikely, EU investors”", false},
		{"invalid", scoring.FactorResult{Factor: f, Entry: entry("maybe")}, "No usable answer\nWritten: “maybe”", true},
		{"blank", scoring.FactorResult{Factor: f, Entry: entry("")}, "No usable answer", true},
		{"row missing", scoring.FactorResult{Factor: f}, "No usable answer\n(row missing)", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := answerCell(tc.fr)
			assert.Equal(t, tc.want, c.Text)
			assert.Equal(t, tc.failed, c.TextColor != nil)
		})
	}
}

func TestScorecardUnreadableFile(t *testing.T) {
	r := unreadableResult(t)
	pdf := scorecardPDF(t, r)
	path := savePDF(t, "scorecard-unreadable.pdf", pdf)
	checkPDFTools(t, path)
	assert.Equal(t, 1, pdfPageCount(t, pdf), "a short scorecard")
	all := pdfFlat(pdfToText(t, pdf))
	assert.Contains(t, all, "the file could not be read")
	assert.Contains(t, all, "zip: not a valid zip file")
	assert.Contains(t, all, "broken-offer.xlsx")
	assert.Contains(t, all, r.SHA256)
	assert.Contains(t, all, scoring.CodeFileUnreadable)
	assert.NotContains(t, all, "SOV-1 Strategic Sovereignty", "no factor tables for a file that was not read")
}

func TestScorecardHostileText(t *testing.T) {
	fw := scoring.Default()
	p := pdfTenderProfile(t, fw)
	a := fixtureAssessment(fw, "Ctrl\x00Char\x1b Cloud 👍🏽", "svc\r\nwith\ttabs",
		func(j int, f *scoring.Factor) (fixtureEntry, bool) {
			return fixtureEntry{
				answer:        pdfAnswerDisplay(f, len(f.Answers)),
				confidence:    "high",
				justification: strings.Repeat("Überlange Begründung ohne Leerzeichen", 40) + " \U0001F600\u202e\ufeff",
				sources:       "https://x.example/" + strings.Repeat("very-long-path-segment/", 30),
			}, true
		})
	a.Provider.Hosting = scoring.Field{Text: strings.Repeat("Hosting ", 200)}
	r := scoring.Evaluate(fw, a, p)
	pdf := scorecardPDF(t, r)
	require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
	checkPDFTools(t, savePDF(t, "scorecard-hostile.pdf", pdf))
	assert.Contains(t, pdfFlat(pdfToText(t, pdf)), "Überlange")
}

func TestWriteComparison(t *testing.T) {
	fw := scoring.Default()
	pageCounts := map[int]int{}
	for _, n := range []int{1, 2, 60} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			rs, p := pdfResults(t, n)
			pdf := comparisonPDF(t, rs, p)
			require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
			assert.Equal(t, pdf, comparisonPDF(t, rs, p), "deterministic")
			checkPDFXref(t, pdf)
			checkPDFTools(t, savePDF(t, fmt.Sprintf("comparison-%d.pdf", n), pdf))
			pageCounts[n] = pdfPageCount(t, pdf)

			pages := pdfToText(t, pdf)
			require.Len(t, pages, pageCounts[n])
			all := pdfFlat(pages)
			assert.Contains(t, pages[0], "Page 1 of "+strconv.Itoa(len(pages)))
			assert.Contains(t, all, "2026-11-03")
			assert.Contains(t, all, "tender-2026-17")
			eligible := 0
			for _, r := range rs {
				name := r.ProviderName()
				if strings.ContainsAny(name, "☁🚀") {
					name = "Nordlys Sky"
				}
				assert.Contains(t, all, name)
				assert.Contains(t, all, r.SHA256)
				if r.Eligible {
					eligible++
				}
			}
			assert.Contains(t, all, fmt.Sprintf("Eligible %d of %d", eligible, n))
			for _, h := range []string{"Ranking", "SEAL heat-map", "Sovereignty Scores", "Objectives compared",
				"Providers not eligible", "Profile: tender-2026-17", "Input files"} {
				assert.Contains(t, all, h)
			}
			for _, o := range fw.Objectives {
				assert.Contains(t, all, o.ID)
			}
			// Bookmarks: the title and twelve sections (ranking, heat-map,
			// scores, objectives, not eligible, evidence, robustness, input
			// files, methodology with its profile and SEAL definitions,
			// signatures), plus the info title.
			assert.Equal(t, 13, bytes.Count(pdf, []byte("/Title ("))-1)
			// Long tables repeat their header on every page they run onto.
			withHeader := 0
			for _, pg := range pages {
				if strings.Contains(pdfFlat([]string{pg}), "Rank Provider Service Score SEAL Complete") {
					withHeader++
				}
			}
			if n == 60 {
				assert.GreaterOrEqual(t, withHeader, 2)
			}
		})
	}
	assert.Less(t, pageCounts[2], pageCounts[60], "pages grow with providers")
	assert.LessOrEqual(t, pageCounts[1], pageCounts[2])
}

// TestComparisonUsesDisplayOrder: the comparison lists providers in
// scoring.DisplayOrder (whose cases scoring tests), not in input order.
func TestComparisonUsesDisplayOrder(t *testing.T) {
	rs, p := pdfResults(t, 12)
	in := scoring.Summaries(rs)
	slices.Reverse(in)
	want := scoring.DisplayOrder(in)
	require.NotEqual(t, in, want, "fixture: the display order is not the input order")

	var buf bytes.Buffer
	require.NoError(t, WriteComparison(&buf, in, p, pdfReportOptions))
	all := pdfFlat(pdfToText(t, buf.Bytes()))
	start := strings.Index(all, "Eligible providers are ranked by Sovereignty Score")
	end := strings.Index(all, "SEAL heat-map")
	require.True(t, start >= 0 && end > start, "ranking section")
	ranking, at := all[start:end], 0
	for _, r := range want {
		name := r.ProviderName()
		if strings.ContainsAny(name, "☁🚀") {
			name = "Nordlys Sky"
		}
		i := strings.Index(ranking[at:], name)
		require.GreaterOrEqual(t, i, 0, "%s after the providers before it", name)
		at += i + len(name)
	}
}

func TestComparisonEdgeCases(t *testing.T) {
	rs, p := pdfResults(t, 3)
	tests := []struct {
		name    string
		results []*scoring.Result
		profile *scoring.Profile
		want    []string
	}{
		{"no results", nil, p, []string{"nothing to compare", "Profile: tender-2026-17"}},
		{"no profile given", rs, nil, []string{"Profile: tender-2026-17"}},
		{"nil entries skipped", []*scoring.Result{nil, rs[0], nil}, p, []string{rs[0].ProviderName()}},
		{"unreadable file", []*scoring.Result{rs[0], unreadableResult(t)}, p, []string{"broken-offer.xlsx", "48 of 48 factors have no usable answer"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pdf := comparisonPDF(t, tc.results, tc.profile)
			require.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")))
			all := pdfFlat(pdfToText(t, pdf))
			for _, s := range tc.want {
				assert.Contains(t, all, s)
			}
		})
	}
}

type pdfBrokenWriter struct{}

func (pdfBrokenWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestPDFErrors(t *testing.T) {
	rs, p := pdfResults(t, 1)
	assert.ErrorContains(t, WriteScorecard(pdfBrokenWriter{}, rs[0], pdfReportOptions), "disk full")
	assert.ErrorContains(t, WriteComparison(pdfBrokenWriter{}, scoring.Summaries(rs), p, pdfReportOptions), "disk full")
	assert.Error(t, WriteScorecard(io.Discard, nil, pdfReportOptions))
}

// pdfChunkWriter keeps what it is given; past failAfter bytes (if not 0)
// it fails.
type pdfChunkWriter struct {
	bytes.Buffer
	failAfter int
}

func (w *pdfChunkWriter) Write(p []byte) (int, error) {
	if w.failAfter > 0 && w.Len()+len(p) > w.failAfter {
		return 0, errors.New("disk full")
	}
	return w.Buffer.Write(p)
}

// TestComparisonWriterFails: a long comparison is written whole, and a
// writer that fails midway fails the comparison.
func TestComparisonWriterFails(t *testing.T) {
	rs, p := pdfResults(t, 150)
	var w pdfChunkWriter
	require.NoError(t, WriteComparison(&w, scoring.Summaries(rs), p, pdfReportOptions))
	checkPDFXref(t, w.Bytes())
	assert.Equal(t, w.Bytes(), comparisonPDF(t, rs, p))

	broken := pdfChunkWriter{failAfter: w.Len() / 2}
	err := WriteComparison(&broken, scoring.Summaries(rs), p, pdfReportOptions)
	assert.ErrorContains(t, err, "disk full")
	assert.ErrorContains(t, err, "comparison")
	assert.NotContains(t, broken.String(), "%%EOF")
}

func TestPDFDateInOtherZone(t *testing.T) {
	// The same instant in another time zone gives the same document.
	rs, _ := pdfResults(t, 1)
	opts := pdfReportOptions
	opts.Created = opts.Created.In(time.FixedZone("CET", 3600))
	var a, b bytes.Buffer
	require.NoError(t, WriteScorecard(&a, rs[0], pdfReportOptions))
	require.NoError(t, WriteScorecard(&b, rs[0], opts))
	assert.Equal(t, a.Bytes(), b.Bytes())
}

func BenchmarkScorecard(b *testing.B) {
	rs, _ := pdfResults(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		require.NoError(b, WriteScorecard(io.Discard, rs[0], pdfReportOptions))
	}
}

func BenchmarkComparison1000(b *testing.B) {
	rs, p := pdfResults(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		require.NoError(b, WriteComparison(io.Discard, scoring.Summaries(rs), p, pdfReportOptions))
	}
}

func TestComparison1000(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 providers: skipped with -short")
	}
	rs, p := pdfResults(t, 1000)
	pdf := comparisonPDF(t, rs, p)
	path := savePDF(t, "comparison-1000.pdf", pdf)
	checkPDFTools(t, path)
	// Paginated, not squeezed: about 30 providers per page and per section.
	n := pdfPageCount(t, pdf)
	assert.Greater(t, n, 150)
	assert.Less(t, n, 300)
}

func TestNoticeTallerThanAPage(t *testing.T) {
	r := unreadableResult(t)
	r.Issues[0].Message = strings.Repeat("a very long reader message ", 800)
	pdf := scorecardPDF(t, r)
	assert.Greater(t, pdfPageCount(t, pdf), 1)
	checkPDFTools(t, savePDF(t, "scorecard-long-notice.pdf", pdf))
}

func TestCoverText(t *testing.T) {
	word := strings.Repeat("x", coverLimit-2) // then a space falls on the last kept rune
	tests := []struct {
		name, in, want string
	}{
		{"short", "  Łódź   Data ", "Łódź Data"},
		{"at the limit", strings.Repeat("é", coverLimit), strings.Repeat("é", coverLimit)},
		{"over the limit", strings.Repeat("é", coverLimit+1), strings.Repeat("é", coverLimit-1) + "…"},
		{"cut after a space", word + " yy", word + "…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := coverText(tc.in)
			assert.Equal(t, tc.want, got)
			assert.LessOrEqual(t, utf8.RuneCountInString(got), coverLimit)
		})
	}
}

func TestUpperFirst(t *testing.T) {
	for in, want := range map[string]string{"": "", "score below": "Score below", "SOV-3 fails": "SOV-3 fails",
		"élan": "élan", "3 errors": "3 errors"} {
		assert.Equal(t, want, upperFirst(in), in)
	}
}
