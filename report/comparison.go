package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// WriteComparison writes the A4 landscape PDF that compares providers under
// one profile, as an evaluation report a panel can sign: an executive
// summary page (who passes and why the others do not, the SEAL
// distribution, the top of the ranking), the ranking, a heat-map of
// objective SEALs, score bars, a providers × objectives chart of the
// objective ratios, the reasons of the providers that are not eligible
// with the factors that cause them, the evidence behind each provider's
// answers, a robustness annex (the ranking under each built-in profile,
// near ties, the answers an eligibility rests on, the tie-break rule), the
// hosts when composition was applied, the input files with their SHA-256,
// a methodology appendix (the rule, the profile and its SHA-256, the SEAL
// definitions) and a signature block for the panel (opts.Dossier).
//
// Providers appear eligible first by rank, then the others in input order.
// Long lists are paginated with repeated table and chart headers; nothing is
// shrunk to fit. p may be nil; it is then taken from the first result. The
// same input and opts give byte-identical output.
func WriteComparison(w io.Writer, results []*scoring.Summary, p *scoring.Profile, opts PDFOptions) error {
	var rs []*scoring.Summary
	for _, r := range results {
		if r != nil {
			rs = append(rs, r)
		}
	}
	fw := scoring.Default()
	if len(rs) > 0 && rs[0].Framework != nil {
		fw = rs[0].Framework
	}
	if p == nil && len(rs) > 0 {
		p = rs[0].Profile
	}
	profile := profileName(p)
	header := joinNonEmpty(" · ", "Sovereignty comparison", "profile "+profile, opts.date(), opts.Dossier.procedureRef())
	d, err := newReportDoc(opts, p, pdfOptions{
		Landscape:    true,
		Title:        fmt.Sprintf("Sovereignty comparison: %d provider%s, profile %s", len(rs), pluralS(len(rs)), profile),
		Subject:      strings.TrimSpace(fw.Name + " " + fw.Version + " comparison"),
		Keywords:     "cloud sovereignty, SEAL, comparison, " + fw.Name,
		FooterCenter: fmt.Sprintf("Comparison of %d provider%s · %s", len(rs), pluralS(len(rs)), opts.date()),
		Header:       header,
	})
	if err != nil {
		return err
	}
	c := &comparison{d: d, fw: fw, p: p, opts: opts, input: rs, order: scoring.DisplayOrder(rs)}
	if len(rs) > 0 {
		c.rb = scoring.Assess(fw, rs)
	}
	c.render()
	return d.writeTo(w, "comparison")
}

// comparison renders the report.
type comparison struct {
	d     *pdfDoc
	fw    *scoring.Framework
	p     *scoring.Profile
	opts  PDFOptions
	input []*scoring.Summary // input order
	order []*scoring.Summary // eligible by rank, then the others
	rb    scoring.Robustness // indexes are in input order
}

func (c *comparison) eligible() int {
	n := 0
	for _, r := range c.input {
		if r.Eligible {
			n++
		}
	}
	return n
}

func (c *comparison) render() {
	c.summaryPage()
	if len(c.input) == 0 {
		c.d.paragraph("No assessments were given, so there is nothing to compare.", "", 9, pdfColText)
		c.methodology()
		c.signatures()
		return
	}
	c.d.AddPage() // the summary page stands alone
	c.ranking()
	c.heatMap()
	c.scoreBars()
	c.objectiveGrid()
	c.ineligible()
	c.evidence()
	c.robustness()
	c.hostsSection()
	c.inputFiles()
	c.methodology()
	c.signatures()
}

// ranking is the main table: one row per provider in report order.
func (c *comparison) ranking() {
	cols := []pdfColumn{
		{Header: "Rank", Width: 13, Align: "C"},
		{Header: "Provider"},
		{Header: "Service", Width: 72},
		{Header: "Score", Width: 20, Align: "R"},
		{Header: "SEAL", Width: 18, Align: "C"},
		{Header: "Complete", Width: 25, Align: "C"},
		{Header: "Errors", Width: 15, Align: "R"},
		{Header: "Warnings", Width: 17, Align: "R"},
		{Header: "Status", Width: 26, Align: "C"},
	}
	hosted := anyHosted(c.input)
	if hosted {
		cols = withHostedOn(cols)
	}
	row := func(i int) []pdfCell {
		r := c.order[i]
		rank := "—"
		if r.Eligible && r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		complete := pdfCell{Text: "yes"}
		if !r.Complete {
			complete = pdfCell{Text: fmt.Sprintf("no (%d unanswered)", r.Unanswered()), TextColor: &colFail}
		}
		errs := pdfCell{Text: strconv.Itoa(r.Issues.Errors())}
		if r.Issues.Errors() > 0 {
			errs.TextColor, errs.Bold = &colFail, true
		}
		cells := []pdfCell{
			{Text: rank, Bold: true},
			{Text: coverText(r.ProviderName()), Bold: r.Eligible},
			{Text: orDash(coverText(r.Provider.Service.Text))},
			{Text: fmtFloat(r.Score, 2) + " %"},
			sealCell(scoring.SEALLabel(r.SEAL, r.Provisional), r.SEAL),
			complete,
			errs,
			{Text: strconv.Itoa(r.Issues.Warnings())},
			eligibleCell(r),
		}
		if hosted {
			cells = slices.Insert(cells, 3, pdfCell{Text: orDash(coverText(r.HostedOn()))})
		}
		return cells
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	note := "Eligible providers are ranked by Sovereignty Score; the others follow in input order. " +
		"SEAL is the overall SEAL (the lowest objective SEAL); * marks a provisional SEAL of an incomplete assessment. " +
		c.tieBreakText() + "."
	if noMinimum(c.p) {
		note += " " + upperFirst(noMinimumNote) + "."
	}
	c.d.sectionTable("Ranking", note, cols, len(c.order), row, opt)
}

// heatMap is a providers × objectives table of coloured SEAL cells.
func (c *comparison) heatMap() {
	cols := []pdfColumn{{Header: "Provider"}}
	for _, o := range c.fw.Objectives {
		h := o.ID + "\n" + o.Name
		if c.p != nil && c.p.MinSEAL[o.ID] > 0 {
			h += "\nmin. " + sealName(c.p.MinSEAL[o.ID])
		}
		cols = append(cols, pdfColumn{Header: h, Width: 23, Align: "C"})
	}
	cols = append(cols, pdfColumn{Header: "Overall", Width: 20, Align: "C"})
	mkRow := func(i int) []pdfCell {
		r := c.order[i]
		row := make([]pdfCell, 0, len(cols))
		row = append(row, pdfCell{Text: coverText(r.ProviderName()), Bold: r.Eligible})
		for _, o := range c.fw.Objectives {
			or, ok := r.Objective(o.ID)
			if !ok {
				row = append(row, sealCell(scoring.NoSEAL, -1))
				continue
			}
			row = append(row, sealCell(heatText(or), or.SEAL))
		}
		overall := scoring.NoSEAL
		if r.SEAL >= 0 {
			overall = strconv.Itoa(r.SEAL)
			if r.Provisional {
				overall += "*"
			}
		}
		return append(row, sealCell(overall, r.SEAL))
	}
	opt := tableOptions{FontSize: pdfTableSize}
	note := "Each cell is the objective's SEAL level, the lowest SEAL of its factors. " +
		"“3*”: provisional (the objective has unanswered factors); "
	if c.p != nil && c.p.HasMinimum() {
		note += "“2 < 3”: below the profile's minimum of SEAL-3; "
	}
	note += "“—”: no factor of the objective was answered."
	c.d.sectionTable("SEAL heat-map", note, cols, len(c.order), mkRow, opt)
}

// heatText is the SEAL digit of an objective, marked when provisional or
// below the minimum.
func heatText(o *scoring.ObjectiveResult) string {
	if o.SEAL < 0 {
		return scoring.NoSEAL
	}
	s := strconv.Itoa(o.SEAL)
	if !o.Complete {
		s += "*"
	}
	if o.SEAL < o.MinSEAL {
		s += " < " + strconv.Itoa(o.MinSEAL)
	}
	return s
}

// ineligible lists the providers that are not eligible and why.
func (c *comparison) ineligible() {
	var which []int // indexes in c.input
	for i, r := range c.input {
		if !r.Eligible {
			which = append(which, i)
		}
	}
	row := func(i int) []pdfCell {
		r := c.input[which[i]]
		var reasons []string
		for _, rs := range r.Reasons {
			reasons = append(reasons, "• "+upperFirst(rs.Message))
		}
		if len(reasons) == 0 {
			reasons = []string{"• Not eligible"}
		}
		return []pdfCell{
			{Text: coverText(r.ProviderName()), Bold: true},
			{Text: fmtFloat(r.Score, 2) + " %"},
			sealCell(scoring.SEALLabel(r.SEAL, r.Provisional), r.SEAL),
			{Text: strings.Join(reasons, "\n")},
		}
	}
	if len(which) == 0 {
		c.d.emptySection("Providers not eligible", "Every provider is eligible under this profile.")
		return
	}
	cols := []pdfColumn{
		{Header: "Provider", Width: 70},
		{Header: "Score", Width: 20, Align: "R"},
		{Header: "SEAL", Width: 18, Align: "C"},
		{Header: "Reasons"},
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	c.d.sectionTable("Providers not eligible", "In input order. A provider is eligible when its assessment is complete, "+
		"has no validation errors and reaches the profile's minimum SEAL on every objective.", cols, len(which), row, opt)
}

// inputFiles lists every input with its SHA-256, in input order, so that the
// comparison can be tied to the files in the dossier.
func (c *comparison) inputFiles() {
	d := c.d
	row := func(i int) []pdfCell {
		r := c.input[i]
		return []pdfCell{
			{Text: strconv.Itoa(i + 1)},
			{Text: coverText(r.ProviderName())},
			{Text: orDash(r.File)},
			{Text: orDash(r.SHA256)},
		}
	}
	cols := []pdfColumn{
		{Header: "#", Width: 11, Align: "R"},
		{Header: "Provider", Width: 70},
		{Header: "File"},
		{Header: "SHA-256", Width: 100},
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	d.sectionTable("Input files", "In input order. The SHA-256 identifies the exact file scored; each provider's "+
		"scorecard carries the same value in its footer.", cols, len(c.input), row, opt)
}
