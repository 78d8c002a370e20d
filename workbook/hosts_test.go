package workbook

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// hostStack builds a host workbook and a service workbook naming it, reads
// both back, and composes them: the service inherits SOV-8.1 (blank) and
// SOV-5.1 ("inherited"), and claims more than the host on SOV-8.4.
func hostStack(t *testing.T) (svc *Book, res *scoring.Result, host *scoring.Result) {
	t.Helper()
	fw := scoring.Default()
	prof, err := fw.ResolveProfile("")
	require.NoError(t, err)
	build := func(name, service, hostRef string, answers map[string]string) []byte {
		a := annAssessment(fw)
		a.Provider.Name.Text, a.Provider.Service.Text = name, service
		a.Provider.HostAssessment.Text = hostRef
		for i := range a.Factors {
			e := &a.Factors[i]
			e.Confidence.Text = "high"
			if strings.HasPrefix(e.Answer.Text, "9.") || e.Answer.Text == "" {
				e.Answer.Text = "1"
			}
			if v, ok := answers[e.ID]; ok {
				e.Answer.Text = v
			}
		}
		var buf bytes.Buffer
		require.NoError(t, WriteTemplate(&buf, fw, a))
		return buf.Bytes()
	}
	hostData := build("Ferrum Cloud", "Ferrum IaaS", "", map[string]string{"SOV-8.1": "3", "SOV-8.4": "2"})
	svcData := build("Vela", "Vela PaaS", "iaas.xlsx", map[string]string{"SOV-8.1": "", "SOV-5.1": "Inherited", "SOV-8.4": "5"})

	hb, err := OpenBytes(hostData, "dir/iaas.xlsx", fw, ReadOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = hb.Close() })
	hb.Assessment.SHA256 = strings.Repeat("ab", 32)
	svc, err = OpenBytes(svcData, "dir/paas.xlsx", fw, ReadOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = svc.Close() })
	assert.Equal(t, "iaas.xlsx", svc.Assessment.Provider.HostAssessment.Text, "the Cover's Host assessment is read")
	assert.Equal(t, CoverSheet, svc.Assessment.Provider.HostAssessment.Loc.Sheet)
	host = scoring.Evaluate(fw, hb.Assessment, prof)
	res = scoring.Evaluate(fw, svc.Assessment, prof)
	scoring.Compose([]*scoring.Result{res, host}, nil)
	require.Len(t, res.Hosts, 1)
	return svc, res, host
}

func TestTemplateHostAssessmentRow(t *testing.T) {
	_, f := renderTemplate(t, &scoring.Assessment{Provider: scoring.ProviderInfo{HostAssessment: scoring.Field{Text: "iaas.xlsx; Ferrum / IaaS"}}})
	row := annFind(t, f, CoverSheet, cover.HostAssessment)
	v, err := f.GetCellValue(CoverSheet, tplCell(2, row))
	require.NoError(t, err)
	assert.Equal(t, "iaas.xlsx; Ferrum / IaaS", v)
	notes := annFind(t, f, CoverSheet, cover.Notes)
	assert.Equal(t, row+1, notes, "just before Notes")
}

// TestAnnotatedComposition: inherited answers get a note naming the host
// and its answer and keep their look; a capped answer is highlighted with
// the claim-above-host warning; the Scorecard lists the host chain.
func TestAnnotatedComposition(t *testing.T) {
	b, res, host := hostStack(t)
	out := annotateBytes(t, b, res)
	f := annOpen(t, out)

	fr81, _ := res.FactorResult("SOV-8.1")
	require.Equal(t, "Ferrum Cloud", fr81.InheritedFrom)
	fr84, _ := res.FactorResult("SOV-8.4")
	require.True(t, fr84.Capped)
	notes := map[string]string{}
	comments, err := f.GetComments("SOV-8")
	require.NoError(t, err)
	for _, c := range comments {
		text := c.Text
		for _, r := range c.Paragraph {
			text += r.Text
		}
		notes[c.Cell] = text
	}
	cell81, cell84 := fr81.Entry.Loc(fr81.Entry.Answer).Cell, fr84.Entry.Loc(fr84.Entry.Answer).Cell
	assert.Contains(t, notes[cell81], "SOV-8.1: inherited from Ferrum Cloud, answer 3. PUE < 1.5 + roadmap")
	assert.Contains(t, notes[cell81], "sovscore's composition convention")
	assert.Contains(t, notes[cell84], scoring.CodeClaimAboveHost)
	assert.Contains(t, notes[cell84], "host's answer 2")
	assert.Equal(t, colorInput, annFillColor(annStyleOf(t, f, "SOV-8", cell81)), "an inherited answer is no problem: the input cell keeps its look")
	assert.Equal(t, annWarnFill, annFillColor(annStyleOf(t, f, "SOV-8", cell84)))

	// The Check column says where the answer comes from.
	rows, err := f.GetRows("SOV-8")
	require.NoError(t, err)
	_, r81, _ := excelize.CellNameToCoordinates(cell81)
	assert.Contains(t, rows[r81-1], "Inherited from Ferrum Cloud")
	// The points are the effective ones.
	assert.Contains(t, rows[r81-1], scoring.FormatFraction(fr81.Points, fr81.Max))

	// The Scorecard names the chain and the convention.
	row := annFind(t, f, ScorecardSheet, "Hosted on")
	v, err := f.GetCellValue(ScorecardSheet, tplCell(2, row))
	require.NoError(t, err)
	assert.Equal(t, "Ferrum Cloud / Ferrum IaaS (iaas.xlsx, SHA-256 "+host.SHA256+")", v)
	row = annFind(t, f, ScorecardSheet, "Composition")
	v, err = f.GetCellValue(ScorecardSheet, tplCell(2, row))
	require.NoError(t, err)
	assert.Contains(t, v, "2 answer(s) inherited from the host, 1 capped")
	assert.Contains(t, v, "the Cloud Sovereignty Framework defines no rule")

	// Annotating the annotated copy again gives the same copy.
	b2, err := OpenBytes(out, "dir/paas.xlsx", scoring.Default(), ReadOptions{})
	require.NoError(t, err)
	defer b2.Close()
	assert.Equal(t, b.Assessment.Factors, b2.Assessment.Factors, "the notes change no input")
	out2 := annotateBytes(t, b2, res)
	assert.True(t, bytes.Equal(out, out2), "re-annotation changed parts: %v", annDiff(t, out, out2))
}

// TestSummaryHostColumns: a run with a hosted provider shows what each
// provider is hosted on and its subcontractors; the convention is named.
func TestSummaryHostColumns(t *testing.T) {
	_, res, host := hostStack(t)
	scoring.Rank(scoring.Summaries([]*scoring.Result{res, host}))
	f := annOpen(t, writeSummaryBytes(t, []*scoring.Result{res, host}))
	rows, err := f.GetRows(RankingSheet)
	require.NoError(t, err)
	assert.Contains(t, rows[0][0], "sovscore's composition convention")
	assert.Equal(t, []string{"Rank", "Provider", "File", "Hosted on", "Subcontractors (host chain)", "Score"}, rows[1][:6])
	byName := map[string][]string{}
	for _, r := range rows[2:] {
		byName[r[1]] = r
	}
	assert.Equal(t, "Ferrum Cloud / Ferrum IaaS", byName["Vela"][3])
	assert.Equal(t, "Ferrum Cloud / Ferrum IaaS (host level 1, dir/iaas.xlsx)", byName["Vela"][4])
	assert.Equal(t, "", byName["Ferrum Cloud"][3])
}

// TestCompositionLongNames: an 8,000-character host name fits the cells
// and notes of the annotated copy and the summary.
func TestCompositionLongNames(t *testing.T) {
	b, res, host := hostStack(t)
	long := strings.Repeat("Ferrum ", 6000)
	for i := range res.Hosts {
		res.Hosts[i].Provider, res.Hosts[i].File = long, long+".xlsx"
	}
	for i := range res.Factors {
		if res.Factors[i].InheritedFrom != "" {
			res.Factors[i].InheritedFrom = long
		}
	}
	f := annOpen(t, annotateBytes(t, b, res))
	v, err := f.GetCellValue(ScorecardSheet, tplCell(2, annFind(t, f, ScorecardSheet, "Hosted on")))
	require.NoError(t, err)
	assert.LessOrEqual(t, utf16Len(v), maxCellChars)
	scoring.Rank(scoring.Summaries([]*scoring.Result{res, host}))
	sum := annOpen(t, writeSummaryBytes(t, []*scoring.Result{res, host}))
	rows, err := sum.GetRows(RankingSheet)
	require.NoError(t, err)
	assert.Len(t, rows, 4)
}

// TestConsensusKeepsComposition: a panel whose assessors left factors to
// the host gets a consensus that does too (the host named, "inherited"
// kept, the own claim above the host kept for scoring to cap), so that
// scoring it with the host gives each assessor's composed score, wherever
// the consensus is written and however each assessor spelt the host.
// Assessments composed with different hosts give a consensus that names
// none and records the effective answers, which need no host.
func TestConsensusKeepsComposition(t *testing.T) {
	tests := []struct {
		name    string
		hostRef string // the second assessor's Host assessment
		other   bool   // the second assessor's host is another workbook
	}{
		{"same reference", "iaas.xlsx", false},
		{"the host by name, in other case", "ferrum cloud / ferrum iaas", false},
		{"different hosts", "iaas.xlsx", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc, first, host := hostStack(t)
			fw := scoring.Default()
			second := *svc.Assessment
			second.File = "dir/paas-marc.xlsx"
			second.Provider.Assessor.Text = "Marc"
			second.Provider.HostAssessment.Text = tc.hostRef
			secondHost := host
			if tc.other {
				copied := *host // another workbook of the same answers
				copied.File, copied.SHA256 = "dir/iaas-copy.xlsx", strings.Repeat("cd", 32)
				copied.Provider.Service.Text = "Ferrum IaaS 2"
				secondHost = &copied
				second.Provider.HostAssessment.Text = "iaas-copy.xlsx"
			}
			again := scoring.Evaluate(fw, &second, first.Profile)
			scoring.Compose([]*scoring.Result{again, secondHost}, nil)
			require.Len(t, again.Hosts, 1)
			rc := scoring.Reconcile([]*scoring.Result{first, again})

			var buf bytes.Buffer
			require.NoError(t, WriteConsensus(&buf, &rc))
			// Written into the output folder, away from the host workbook.
			b, err := OpenBytes(buf.Bytes(), "moderation/consensus.xlsx", fw, ReadOptions{})
			require.NoError(t, err)
			defer b.Close()
			a := b.Assessment
			r := scoring.Evaluate(fw, a, first.Profile)
			scoring.Compose([]*scoring.Result{r, host}, nil)
			assert.Equal(t, first.Score, r.Score, "scored with its host, the consensus gives the panel's composed score")
			assert.Zero(t, r.Issues.Errors(), "%v", r.Issues)

			e84, _ := a.Entry("SOV-8.4")
			if tc.other {
				assert.Empty(t, a.Provider.HostAssessment.Text, "no host all assessments were composed with")
				for _, id := range []string{"SOV-8.1", "SOV-5.1"} {
					e, ok := a.Entry(id)
					require.True(t, ok, id)
					fa, _ := first.FactorResult(id)
					assert.True(t, strings.HasPrefix(e.Answer.Text, strconv.Itoa(fa.Option)+"."), "%s: the effective answer: %q", id, e.Answer.Text)
				}
				assert.True(t, strings.HasPrefix(e84.Answer.Text, "2."), "the effective answer, capped: %q", e84.Answer.Text)
				return
			}
			assert.Equal(t, "Ferrum Cloud / Ferrum IaaS", a.Provider.HostAssessment.Text, "the host every assessment was composed with, by name")
			for id, want := range map[string]string{"SOV-8.1": scoring.InheritedAnswer, "SOV-5.1": scoring.InheritedAnswer} {
				e, ok := a.Entry(id)
				require.True(t, ok, id)
				assert.Equal(t, want, e.Answer.Text, id)
				assert.Empty(t, e.Justification.Text, "%s: the host's evidence stays the host's", id)
			}
			assert.True(t, strings.HasPrefix(e84.Answer.Text, "5."), "the assessors' own claim, capped again when scored: %q", e84.Answer.Text)
		})
	}
}
