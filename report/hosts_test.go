package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/scoring"
)

// composedResults is a three-level chain, SaaS on PaaS on IaaS, and a
// provider without a host, composed and ranked under a profile that
// reclassifies one factor and requires SEAL-1 on every objective (so that
// objectives pass or fail a minimum): the SaaS inherits SOV-8.1 and
// SOV-5.1 from the IaaS and is capped on SOV-3.4 (composite).
func composedResults(t *testing.T) (*scoring.Framework, *scoring.Profile, []*scoring.Result) {
	t.Helper()
	fw := scoring.Default()
	p, err := fw.ParseProfile([]byte("name: tender-hosts\nbase: eucsf-1.2.1\nlayers: {SOV-6.3: composite}\n"+
		"min_seal: {SOV-1: 1, SOV-2: 1, SOV-3: 1, SOV-4: 1, SOV-5: 1, SOV-6: 1, SOV-7: 1, SOV-8: 1}\n"), false)
	require.NoError(t, err)
	build := func(name, service, host string, answers map[string]string) *scoring.Assessment {
		a := fixtureAssessment(fw, name, service, func(i int, f *scoring.Factor) (fixtureEntry, bool) {
			e := answered("x", i, f, len(f.Answers))
			if v, ok := answers[f.ID]; ok {
				e.answer = v
				if v == "" || v == scoring.InheritedAnswer {
					e.confidence, e.justification = "", ""
				}
			}
			return e, true
		})
		a.Provider.HostAssessment = scoring.Field{Text: host, Loc: scoring.Location{Sheet: "Cover", Cell: "B9"}}
		return a
	}
	iaas := build("Ferrum Cloud", "Ferrum IaaS", "", map[string]string{"SOV-8.1": "3", "SOV-5.1": "2", "SOV-3.4": "4"})
	paas := build("Vela Platform", "Vela PaaS", "Ferrum Cloud", map[string]string{"SOV-8.1": "", "SOV-5.1": "inherited"})
	saas := build("Lumen Docs", "Lumen SaaS", "vela-platform.xlsx", map[string]string{"SOV-8.1": "", "SOV-5.1": "", "SOV-3.4": "5"})
	other := build("Solo Cloud", "Solo", "", nil)
	var rs []*scoring.Result
	for _, a := range []*scoring.Assessment{saas, paas, iaas, other} {
		rs = append(rs, scoring.Evaluate(fw, a, p))
	}
	scoring.Compose(rs, nil)
	scoring.Rank(scoring.Summaries(rs))
	require.Len(t, rs[0].Hosts, 2, "%v", rs[0].Issues)
	return fw, p, rs
}

func TestJSONComposition(t *testing.T) {
	fw, p, rs := composedResults(t)
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, testRun, fw, p, rs))
	var doc struct {
		Composition string
		Profile     struct{ Layers map[string]string }
		Providers   []struct {
			Provider string
			Hosts    []struct {
				Provider, Service, File, SHA256, Date string
				Level                                 int
			}
			Factors []struct {
				ID, Layer     string
				Option        int
				OwnOption     int    `json:"own_option"`
				HostOption    int    `json:"host_option"`
				InheritedFrom string `json:"inherited_from"`
				Capped        bool
				SEAL          int
			}
		}
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	assert.Contains(t, doc.Composition, "sovscore's own convention")
	assert.Equal(t, map[string]string{"SOV-6.3": "composite"}, doc.Profile.Layers)
	saas := doc.Providers[0]
	require.Len(t, saas.Hosts, 2)
	assert.Equal(t, "Vela Platform", saas.Hosts[0].Provider)
	assert.Equal(t, "in/vela-platform.xlsx", saas.Hosts[0].File)
	assert.Equal(t, rs[1].SHA256, saas.Hosts[0].SHA256)
	assert.Equal(t, "2026-11-02", saas.Hosts[0].Date)
	assert.Equal(t, 1, saas.Hosts[0].Level)
	assert.Equal(t, "Ferrum Cloud", saas.Hosts[1].Provider)
	assert.Equal(t, 2, saas.Hosts[1].Level)
	byID := map[string]int{}
	for i, f := range saas.Factors {
		byID[f.ID] = i
	}
	f81 := saas.Factors[byID["SOV-8.1"]]
	assert.Equal(t, "infrastructure", f81.Layer)
	assert.Equal(t, 3, f81.Option)
	assert.Equal(t, 0, f81.OwnOption)
	assert.Equal(t, 3, f81.HostOption)
	assert.Equal(t, "Ferrum Cloud", f81.InheritedFrom)
	f34 := saas.Factors[byID["SOV-3.4"]]
	assert.Equal(t, "composite", f34.Layer)
	assert.Equal(t, 5, f34.OwnOption)
	assert.Equal(t, 4, f34.Option)
	assert.True(t, f34.Capped)
	f63 := saas.Factors[byID["SOV-6.3"]]
	assert.Equal(t, "composite", f63.Layer, "the profile's class")
	f11 := saas.Factors[byID["SOV-1.1"]]
	assert.Equal(t, "service", f11.Layer)
	assert.Equal(t, "", f11.InheritedFrom)
	assert.Empty(t, doc.Providers[3].Hosts)
	assert.Contains(t, buf.String(), `"hosts": [],`, "never null")

	// Without composition nothing is said about it.
	_, _, plain := fixtureResults(t)
	buf.Reset()
	require.NoError(t, WriteJSON(&buf, testRun, nil, nil, plain))
	assert.NotContains(t, buf.String(), `"composition"`)
	assert.Contains(t, buf.String(), `"layers": {}`)
}

func TestScorecardComposition(t *testing.T) {
	_, _, rs := composedResults(t)
	saas := rs[0]
	pdf := scorecardPDF(t, saas)
	checkPDFTools(t, savePDF(t, "scorecard-composed.pdf", pdf))
	pages := pdfToText(t, pdf)
	first := pdfFlat(pages[:1])
	assert.Contains(t, first, "Host chain Lumen Docs / Lumen SaaS on Vela Platform / Vela PaaS on Ferrum Cloud / Ferrum IaaS")
	assert.Contains(t, first, "Hosted on Vela Platform / Vela PaaS, assessed 2026-11-02, vela-platform.xlsx, SHA-256 "+rs[1].SHA256)
	assert.Contains(t, first, "Host, level 2 Ferrum Cloud / Ferrum IaaS")
	assert.Contains(t, first, "sovscore's own composition convention")
	all := pdfFlat(pages)
	assert.Contains(t, all, "Inherited from Ferrum Cloud")
	assert.Contains(t, all, "Capped to the host's answer (Ferrum Cloud); the workbook says 5.")
	assert.Contains(t, all, "SEAL-1 set by SOV-5.1 (inherited from Ferrum Cloud) · pass")
	assert.Contains(t, all, "SEAL-1 set by SOV-3.4 (capped to Ferrum Cloud) · pass")
	assert.Contains(t, all, "SEAL-4 set by SOV-8.1 (inherited from Ferrum Cloud), SOV-8.2, SOV-8.3 and SOV-8.4 · pass")
	assert.Contains(t, all, "SEAL-4 set by every factor (own answers) · pass")
	assert.Contains(t, all, "The host's answer and evidence: see the assessment of Ferrum Cloud.")
	assert.Contains(t, all, "Composition is sovscore's own convention")

	// A scorecard without a host says nothing of composition.
	plain := pdfFlat(pdfToText(t, scorecardPDF(t, rs[3])))
	assert.NotContains(t, plain, "Host chain")
	assert.NotContains(t, plain, "set by")
	assert.NotContains(t, plain, "composition")
}

func TestComparisonComposition(t *testing.T) {
	_, p, rs := composedResults(t)
	pdf := comparisonPDF(t, rs, p)
	checkPDFTools(t, savePDF(t, "comparison-composed.pdf", pdf))
	all := pdfFlat(pdfToText(t, pdf))
	assert.Contains(t, all, "Hosted on")
	assert.Contains(t, all, "Hosts and subcontractors")
	assert.Contains(t, all, "Vela Platform / Vela PaaS (level 1): vela-platform.xlsx, SHA-256 "+rs[1].SHA256)
	assert.Contains(t, all, "Ferrum Cloud / Ferrum IaaS (level 2)")
	assert.Contains(t, all, "No host assessment named")
	assert.Contains(t, all, "Composition is sovscore's own convention")

	_, fp, plain := fixtureResults(t)
	text := pdfFlat(pdfToText(t, comparisonPDF(t, plain, fp)))
	assert.NotContains(t, text, "Hosted on")
	assert.NotContains(t, text, "subcontractors")
}

func TestMarkdownComposition(t *testing.T) {
	_, _, rs := composedResults(t)
	var buf bytes.Buffer
	require.NoError(t, WriteMarkdown(&buf, rs))
	md := buf.String()
	assert.Contains(t, md, "Host chain: Lumen Docs on Vela Platform / Vela PaaS on Ferrum Cloud / Ferrum IaaS.")
	assert.Contains(t, md, "sovscore's own composition convention")
	assert.Contains(t, md, "| SOV-8.1 | Energy efficiency (PUE) | [inherited from Ferrum Cloud: 3. PUE < 1.5 + roadmap] | 125/250 | SEAL-4 |")
	assert.Contains(t, md, "| SOV-5.1 | Origin of components (physical parts) | [inherited from Ferrum Cloud: 2. Partial disclosure] |")
	assert.Contains(t, md, "[capped to the host's answer, Ferrum Cloud: 4. Data in the EU by default, tightly controlled exceptions]")
}

// TestCompositionLongNames: an 8,000-character provider name in the host
// chain is clipped like the scorecard header's, wherever it is shown.
func TestCompositionLongNames(t *testing.T) {
	_, p, rs := composedResults(t)
	long := strings.Repeat("Ferrum ", 1200)
	for _, r := range rs {
		for i := range r.Hosts {
			r.Hosts[i].Provider = long
		}
		for i := range r.Factors {
			if r.Factors[i].InheritedFrom != "" {
				r.Factors[i].InheritedFrom = long
			}
		}
	}
	plain := len(pdfToText(t, scorecardPDF(t, rs[3])))
	pages := pdfToText(t, scorecardPDF(t, rs[0]))
	assert.LessOrEqual(t, len(pages), plain+2, "a long host name adds no pages")
	assert.Contains(t, pdfFlat(pages), "Ferrum F…")
	assert.Less(t, len(pdfToText(t, comparisonPDF(t, rs, p))), 8)
}
