package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// WriteDiffPDF writes the A4 landscape PDF of a comparison between
// assessments over time: a title block, an overview when several pairs
// or one-sided workbooks were found, then one section per provider pair
// with the headline deltas (score, overall SEAL, eligibility, factors
// re-evaluated), a chart of the objective ratios before and after, the
// objectives table, the changed factors by objective with old and new
// side by side, and the problems added and resolved. The same input and
// opts.Created give byte-identical output.
func WriteDiffPDF(w io.Writer, fw *scoring.Framework, p *scoring.Profile, c scoring.Comparison, opts PDFOptions) error {
	if fw == nil {
		fw = scoring.Default()
	}
	d, err := newReportDoc(opts, p, pdfOptions{
		Landscape:    true,
		Title:        fmt.Sprintf("Changes between assessments: %d pair%s, profile %s", len(c.Pairs), pluralS(len(c.Pairs)), profileName(p)),
		Subject:      strings.TrimSpace(fw.Name + " " + fw.Version + " assessments compared over time"),
		Keywords:     "cloud sovereignty, SEAL, changes, " + fw.Name,
		FooterCenter: "Changes between assessments · profile " + profileName(p) + " · " + opts.date(),
		Header:       "Changes between assessments · profile " + profileName(p),
	})
	if err != nil {
		return err
	}
	r := &diffReport{d: d, fw: fw, p: p, c: c, opts: opts}
	r.render()
	return d.writeTo(w, "diff")
}

// diffReport renders diff.pdf.
type diffReport struct {
	d    *pdfDoc
	fw   *scoring.Framework
	p    *scoring.Profile
	c    scoring.Comparison
	opts PDFOptions
}

func (r *diffReport) render() {
	d := r.d
	d.heading(0, "Changes between assessments")
	d.paragraph(fmt.Sprintf("Assessments of the same provider and service compared over time under profile %s: "+
		"what the assessors changed, factor by factor, and what it changed in the points, SEALs and eligibility. "+
		"A factor is re-evaluated when its answer or justification changed, carried over otherwise.",
		profileName(r.p)), "", 10, pdfColText)
	d.SetY(d.GetY() + 1)
	d.keyValueColumns([][2]string{
		{"Document date", r.opts.date()},
		{"Profile", profileLabel(r.p)},
		{"Framework", strings.TrimSpace(r.fw.Name + " " + r.fw.Version)},
	}, [][2]string{
		{"Pairs compared", strconv.Itoa(len(r.c.Pairs))},
		{"Only in the new set", strconv.Itoa(len(r.c.Added))},
		{"Only in the old set", strconv.Itoa(len(r.c.Removed))},
		{"Produced by", r.opts.tool()},
	}, 36)
	d.rule()
	if noMinimum(r.p) && len(r.c.Pairs)+len(r.c.Added)+len(r.c.Removed) > 0 {
		d.noMinimumBox(r.p, noMinimumSeeSEAL)
	}
	overview := len(r.c.Pairs) != 1 || len(r.c.Added)+len(r.c.Removed) > 0
	if overview {
		r.overview()
	}
	for i := range r.c.Pairs {
		if overview || i > 0 {
			d.AddPage()
		}
		r.pair(&r.c.Pairs[i])
	}
}

// overview lists every pair with its headline, then the one-sided workbooks.
func (r *diffReport) overview() {
	d := r.d
	if len(r.c.Pairs) > 0 {
		cols := []pdfColumn{
			{Header: "Provider and service"},
			{Header: "Old score", Width: 22, Align: "R"},
			{Header: "New score", Width: 22, Align: "R"},
			{Header: "Change", Width: 20, Align: "R"},
			{Header: "Old SEAL", Width: 20, Align: "C"},
			{Header: "New SEAL", Width: 20, Align: "C"},
			{Header: "Eligibility", Width: 30, Align: "C"},
			{Header: "Re-evaluated", Width: 24, Align: "R"},
			{Header: "Changed", Width: 20, Align: "R"},
		}
		row := func(i int) []pdfCell {
			p := &r.c.Pairs[i]
			return []pdfCell{
				{Text: p.New.ProviderAndService(), Bold: true},
				{Text: fmtFloat(p.Old.Score, 2) + " %"}, {Text: fmtFloat(p.New.Score, 2) + " %"},
				{Text: signedFloat(p.ScoreDelta, 2), Bold: true},
				sealCell(scoring.SEALLabel(p.Old.SEAL, p.Old.Provisional), p.Old.SEAL),
				sealCell(scoring.SEALLabel(p.New.SEAL, p.New.Provisional), p.New.SEAL),
				eligibilityCell(p),
				{Text: strconv.Itoa(p.Reevaluated)}, {Text: strconv.Itoa(len(p.Factors))},
			}
		}
		opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
		d.sectionTable("Pairs compared", "Workbooks of the old and new sets are paired by provider and service. "+
			"Each pair has its own section below.", cols, len(r.c.Pairs), row, opt)
	}
	for _, side := range []struct {
		title, note string
		rs          []*scoring.Result
	}{
		{"Only in the new set", "New workbooks whose provider and service no old workbook has.", r.c.Added},
		{"Only in the old set", "Old workbooks whose provider and service no new workbook has.", r.c.Removed},
	} {
		if len(side.rs) == 0 {
			continue
		}
		cols := []pdfColumn{
			{Header: "Provider and service"}, {Header: "File", Width: 90},
			{Header: "Score", Width: 22, Align: "R"}, {Header: "SEAL", Width: 20, Align: "C"}, {Header: "Eligible", Width: 20, Align: "C"},
		}
		row := func(i int) []pdfCell {
			s := &side.rs[i].Summary
			return []pdfCell{{Text: s.ProviderAndService(), Bold: true}, {Text: s.File}, {Text: fmtFloat(s.Score, 2) + " %"},
				sealCell(scoring.SEALLabel(s.SEAL, s.Provisional), s.SEAL), eligibleCell(s)}
		}
		opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
		d.sectionTable(side.title, side.note, cols, len(side.rs), row, opt)
	}
}

// eligibilityCell is a pair's eligibility change.
func eligibilityCell(p *scoring.PairDiff) pdfCell {
	switch p.EligibilityChange {
	case scoring.EligibilityGained:
		return pdfCell{Text: "became eligible", Bold: true, TextColor: &colPass}
	case scoring.EligibilityLost:
		return pdfCell{Text: "no longer eligible", Bold: true, TextColor: &colFail}
	}
	return pdfCell{Text: "unchanged: " + eligibleWord(p.New.Eligible)}
}

// pair draws the section of one provider pair.
func (r *diffReport) pair(p *scoring.PairDiff) {
	d := r.d
	title := p.New.ProviderAndService()
	d.setHeader("Changes between assessments · " + title)
	d.heading(1, title)
	o, n := &p.Old.Summary, &p.New.Summary
	text := func(f scoring.Field) string { return orDash(coverText(f.Text)) }
	d.table([]pdfColumn{{Header: "", Width: 34}, {Header: "Old assessment"}, {Header: "New assessment"}}, [][]pdfCell{
		{{Text: "File", Bold: true}, {Text: o.File}, {Text: n.File}},
		{{Text: "Assessment date", Bold: true}, {Text: assessmentDate(o)}, {Text: assessmentDate(n)}},
		{{Text: "Assessor", Bold: true}, {Text: text(o.Provider.Assessor)}, {Text: text(n.Provider.Assessor)}},
		{{Text: "Framework version", Bold: true}, {Text: text(o.Provider.FrameworkVersion)}, {Text: text(n.Provider.FrameworkVersion)}},
		{{Text: "SHA-256", Bold: true}, {Text: orDash(o.SHA256)}, {Text: orDash(n.SHA256)}},
	}, tableOptions{FontSize: pdfTableSize})
	d.SetY(d.GetY() + 3)
	if w := p.Warnings(); len(w) > 0 {
		for i := range w {
			w[i] = upperFirst(w[i]) + "."
		}
		d.noticeBox("Check before relying on this comparison", w, colCaution, colCautionFill)
	}
	r.headlines(p)
	r.objectives(p)
	r.factors(p)
	r.problems(p)
}

// headlines draws four panels: score, overall SEAL, eligibility, factors.
func (r *diffReport) headlines(p *scoring.PairDiff) {
	d := r.d
	l, _, _, _ := d.GetMargins()
	const gap, h = 5.0, 27.0
	pw := (d.contentWidth() - 3*gap) / 4
	d.ensureSpace(h + 4)
	y := d.GetY()
	x := l
	o, n := &p.Old.Summary, &p.New.Summary

	d.panel(x, y, pw, h, "Sovereignty Score")
	d.centered(x, y+6, pw, fmtFloat(o.Score, 2)+" % → "+fmtFloat(n.Score, 2)+" %", "B", 13, pdfColHeading)
	d.centered(x, y+15, pw, signedFloat(p.ScoreDelta, 2)+" percentage points", "", 9, pdfColText)
	x += pw + gap

	d.panel(x, y, pw, h, "Overall SEAL")
	bw := (pw - 20) / 2
	d.badge(x+5, y+7, bw, 8, scoring.SEALLabel(o.SEAL, o.Provisional), sealColor(o.SEAL))
	d.centered(x+5+bw, y+7.5, 10, "→", "B", 11, pdfColText)
	d.badge(x+15+bw, y+7, bw, 8, scoring.SEALLabel(n.SEAL, n.Provisional), sealColor(n.SEAL))
	d.centered(x, y+18, pw, map[scoring.SEALChange]string{scoring.SEALUp: "raised", scoring.SEALDown: "lowered", scoring.SEALSame: "unchanged"}[p.SEALChange], "", 9, pdfColText)
	x += pw + gap

	d.panel(x, y, pw, h, "Eligibility, profile "+profileName(r.p))
	c := eligibilityCell(p)
	color := pdfColText
	if c.TextColor != nil {
		color = *c.TextColor
	}
	d.centered(x, y+7, pw, c.Text, "B", 11, color)
	d.centered(x, y+15, pw, eligibleWord(o.Eligible)+" → "+eligibleWord(n.Eligible), "", 9, pdfColText)
	x += pw + gap

	d.panel(x, y, pw, h, "Factors")
	d.centered(x, y+6, pw, fmt.Sprintf("%d re-evaluated", p.Reevaluated), "B", 13, pdfColHeading)
	d.centered(x, y+15, pw, fmt.Sprintf("%d carried over, %d changed in some way", p.CarriedOver, len(p.Factors)), "", 9, pdfColText)
	d.SetXY(l, y+h+4)
}

// objectives draws the before-and-after chart and the objectives table.
func (r *diffReport) objectives(p *scoring.PairDiff) {
	d := r.d
	labels := make([]string, len(p.Objectives))
	before, after := make([]float64, len(p.Objectives)), make([]float64, len(p.Objectives))
	for i, o := range p.Objectives {
		labels[i] = o.Objective.ID + " " + o.Objective.Name
		before[i], after[i] = o.Old.Ratio, o.New.Ratio
	}
	d.section("Objectives before and after", "Bar length: the objective's points as a share of its maximum.",
		pairedBarsHeight(len(labels)))
	d.pairedBars(labels, [2]barSeries{
		{Name: "Old: " + assessmentDate(&p.Old.Summary), Color: colIneligible, Values: before},
		{Name: "New: " + assessmentDate(&p.New.Summary), Color: pdfColChart, Values: after},
	})
	cols := []pdfColumn{
		{Header: "ID", Width: 16}, {Header: "Objective"},
		{Header: "Old points", Width: 24, Align: "R"}, {Header: "New points", Width: 24, Align: "R"},
		{Header: "Change", Width: 22, Align: "R"},
		{Header: "Old SEAL", Width: 22, Align: "C"}, {Header: "New SEAL", Width: 22, Align: "C"},
	}
	var rows [][]pdfCell
	for _, o := range p.Objectives {
		rows = append(rows, []pdfCell{
			{Text: o.Objective.ID, Bold: true}, {Text: o.Objective.Name},
			{Text: scoring.FormatFraction(o.Old.Points, o.Old.Max)}, {Text: scoring.FormatFraction(o.New.Points, o.New.Max)},
			{Text: signedPoints(o.PointsDelta()), Bold: o.PointsDelta() != 0},
			sealCell(scoring.SEALLabel(o.Old.SEAL, !o.Old.Complete), o.Old.SEAL),
			sealCell(scoring.SEALLabel(o.New.SEAL, !o.New.Complete), o.New.SEAL),
		})
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	d.ensureSpace(d.tableHeight(cols, rows[:min(startRows, len(rows))], opt))
	d.table(cols, rows, opt)
}

// factors draws the changed factors by objective, old and new side by side.
func (r *diffReport) factors(p *scoring.PairDiff) {
	d := r.d
	if len(p.Factors) == 0 {
		d.emptySection("Changed factors", "No factor changed: every answer, confidence, source and justification is the same.")
		return
	}
	d.section("Changed factors", "By objective. Each row shows the answer, confidence, justification and sources "+
		"of the old and the new assessment.", 20)
	cols := []pdfColumn{
		{Header: "Factor", Width: 30}, {Header: "What changed", Width: 30},
		{Header: "Old"}, {Header: "New"},
		{Header: "Points", Width: 18, Align: "R"},
		{Header: "Old SEAL", Width: 18, Align: "C"}, {Header: "New SEAL", Width: 18, Align: "C"},
	}
	opt := tableOptions{FontSize: pdfTableSize}
	for _, o := range p.Objectives {
		var rows [][]pdfCell
		for i := range p.Factors {
			f := &p.Factors[i]
			if f.Factor.Objective.ID != o.Objective.ID {
				continue
			}
			rows = append(rows, []pdfCell{
				{Text: f.Factor.ID + "\n" + f.Factor.Name, Bold: true},
				{Text: status(f) + "\n" + changeList(f.Changes)},
				factorSide(f.Old), factorSide(f.New),
				{Text: signedPoints(f.PointsDelta()), Bold: f.PointsDelta() != 0},
				sealCell(scoring.SEALLabel(f.Old.SEAL, false), f.Old.SEAL),
				sealCell(scoring.SEALLabel(f.New.SEAL, false), f.New.SEAL),
			})
		}
		if len(rows) == 0 {
			continue
		}
		d.ensureSpace(10 + d.tableHeight(cols, rows[:1], opt))
		d.heading(2, o.Objective.ID+" "+o.Objective.Name)
		d.table(cols, rows, opt)
	}
}

// factorSide is one side of a changed factor: answer, confidence,
// justification and the sources as links.
func factorSide(f *scoring.FactorResult) pdfCell {
	text := answerText(f) + "\nConfidence: " + orDash(f.Confidence)
	if j := justificationOf(f); j != "" {
		text += "\n" + j
	}
	return pdfCell{Text: text, Links: f.Sources}
}

// problems lists the problems added and resolved.
func (r *diffReport) problems(p *scoring.PairDiff) {
	d := r.d
	for _, pr := range []struct {
		title, note string
		l           scoring.Issues
	}{
		{"Problems added", "Problems of the new workbook that the old one did not have.", p.ProblemsAdded},
		{"Problems resolved", "Problems of the old workbook that the new one no longer has.", p.ProblemsResolved},
	} {
		if len(pr.l) == 0 {
			d.emptySection(pr.title, "None.")
			continue
		}
		cols := []pdfColumn{
			{Header: "Where", Width: 24}, {Header: "Severity", Width: 20}, {Header: "Code", Width: 38}, {Header: "Message"},
		}
		row := func(i int) []pdfCell {
			is := pr.l[i]
			sev := pdfCell{Text: is.Severity.String(), Bold: true, TextColor: &colFail}
			if is.Severity == scoring.Warning {
				sev.TextColor = &pdfColMuted
			}
			return []pdfCell{{Text: orDash(is.Location())}, sev, {Text: is.Code}, {Text: is.Message}}
		}
		opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
		d.sectionTable(pr.title, pr.note, cols, len(pr.l), row, opt)
	}
}
