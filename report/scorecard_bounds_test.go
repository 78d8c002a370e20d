package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// boundedResult is a provider whose factors are ordinary except those
// where hostile is true, which carry entry e.
func boundedResult(t testing.TB, name, service string, e fixtureEntry, hostile func(j int) bool) *scoring.Result {
	t.Helper()
	fw := scoring.Default()
	a := fixtureAssessment(fw, name, service, func(j int, f *scoring.Factor) (fixtureEntry, bool) {
		if hostile(j) {
			return e, true
		}
		return fixtureEntry{answer: pdfAnswerDisplay(f, len(f.Answers)), confidence: "high",
			justification: "Per the contract -> opt" + string(rune('0'+len(f.Answers))),
			sources:       "https://p.example/contract"}, true
	})
	return scoring.Evaluate(fw, a, pdfTenderProfile(t, fw))
}

// TestScorecardSizeIsLinear: a 32,767-character URL (Excel's cell
// maximum) in every Sources cell used to give a scorecard of a gigabyte,
// as every wrapped line of the URL repeated it as a link. Now a URL is
// shown on at most two lines and is one link, and text per cell is capped
// with a pointer to the workbook.
func TestScorecardSizeIsLinear(t *testing.T) {
	long := "https://x.example/" + strings.Repeat("a", 32767-len("https://x.example/"))
	every := func(int) bool { return true }
	base := len(scorecardPDF(t, boundedResult(t, "P", "S", fixtureEntry{answer: "1", confidence: "high",
		justification: "short", sources: "https://x.example/a"}, every)))

	r := boundedResult(t, "P", "S", fixtureEntry{answer: "1", confidence: "high",
		justification: strings.Repeat("word ", 6000), sources: long}, every)
	pdf := scorecardPDF(t, r)
	text := 48 * (len(long) + 6000*5)
	assert.Less(t, len(pdf), base+text, "linear in the workbook's text: base %d, text %d, got %d", base, text, len(pdf))
	assert.Equal(t, 48, bytes.Count(pdf, []byte("/URI (https://x.example/aaaa")), "one link per URL")

	flat := pdfFlat(pdfToText(t, pdf))
	assert.Contains(t, flat, "[clipped: the full text is in the workbook at SOV-1!F2]")
	assert.Contains(t, flat, "…", "the URL's text is clipped")
}

// TestScorecardManySources: a Sources cell with hundreds of URLs lists
// the first ones and says where the others are.
func TestScorecardManySources(t *testing.T) {
	var urls []string
	for i := range 300 {
		urls = append(urls, fmt.Sprintf("https://s.example/doc/%d", i))
	}
	r := boundedResult(t, "P", "S", fixtureEntry{answer: "1", confidence: "high", justification: "j",
		sources: strings.Join(urls, "\n")}, func(j int) bool { return j == 0 })
	flat := pdfFlat(pdfToText(t, scorecardPDF(t, r)))
	assert.Contains(t, flat, "Sources (the first 20 of")
	assert.Contains(t, flat, "all are in the workbook at SOV-1!G2")
}

// scorecardBudget is the time one fuzz input may take: a scorecard takes
// a few hundredths of a second, so only a blow-up (quadratic work, a loop
// that does not end) exceeds it.
const scorecardBudget = 20 * time.Second

// FuzzScorecard: no text from a workbook makes the scorecard writer fail,
// panic, take unbounded time or grow faster than the text. Each input's
// strings go on the cover and into two factor rows.
func FuzzScorecard(f *testing.F) {
	f.Add("Scalingo", "PaaS", "4. Mostly", "high", "Per the contract -> opt4 (src: https://a.example/x)", "https://a.example/x")
	f.Add(strings.Repeat("N", 8000), strings.Repeat("S ", 4000), "", "", "", "")
	f.Add("P", "S", "1", "low", strings.Repeat("\n", 3000), "https://x.example/"+strings.Repeat("a", 32000))
	f.Add("Nordlys ☁️🚀\u202e", "\x00\x1b\r\n\t", "probably 👍🏽", "very high", strings.Repeat("\u200b", 5000), "javascript:alert(1)")
	f.Add("P", "S", "3", "medium", strings.Repeat("a ", 9000), strings.Repeat("https://h.example/p ", 1500))
	fw := scoring.Default()
	prof := pdfTenderProfile(f, fw)
	f.Fuzz(func(t *testing.T, name, service, answer, confidence, justification, sources string) {
		e := fixtureEntry{answer: answer, confidence: confidence, justification: justification, sources: sources}
		a := fixtureAssessment(fw, "P", "S", func(j int, f *scoring.Factor) (fixtureEntry, bool) {
			if j == 0 || j == 20 {
				return e, true
			}
			return fixtureEntry{answer: "1", confidence: "low", justification: "j", sources: "https://p.example/c"}, true
		})
		a.Provider.Name.Text, a.Provider.Service.Text, a.Provider.Hosting.Text = name, service, service
		r := scoring.Evaluate(fw, a, prof)
		var buf bytes.Buffer
		done := make(chan error, 1)
		go func() { done <- WriteScorecard(&buf, r, pdfReportOptions) }()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(scorecardBudget):
			t.Fatalf("the scorecard took more than %s", scorecardBudget)
		}
		in := len(name) + 2*len(service) + 2*(len(answer)+len(confidence)+len(justification)+len(sources))
		require.Less(t, buf.Len(), 400<<10+200*in, "the scorecard grows faster than its text")
	})
}

// TestComparisonLongNames: an 8,000-character provider name and service
// are clipped in the comparison, which stays a few pages.
func TestComparisonLongNames(t *testing.T) {
	rs, p := pdfResults(t, 3)
	rs[1].Provider.Name.Text = strings.Repeat("N", 8000)
	rs[1].Provider.Service.Text = strings.Repeat("S ", 4000)
	pdf := comparisonPDF(t, rs, p)
	assert.Less(t, pdfPageCount(t, pdf), 12)
	assert.Contains(t, pdfFlat(pdfToText(t, pdf)), strings.Repeat("N", 20))
}
