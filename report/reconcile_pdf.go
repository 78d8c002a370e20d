package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// WriteReconcilePDF writes the A4 landscape PDF a panel takes into its
// moderation meeting: the assessors and the score each one's workbook
// gives, the SEAL each gives every objective, then the divergent factors,
// largest SEAL spread first, each with every assessor's answer, SEAL,
// confidence, justification and sources side by side, then the agreed
// factors and the input files. The same input and opts.Created give
// byte-identical output.
func WriteReconcilePDF(w io.Writer, rc *scoring.Reconciliation, opts PDFOptions) error {
	fw := scoring.Default()
	p := rc.Profile()
	title := "Reconciliation"
	if len(rc.Results) > 0 {
		first := rc.Results[0]
		if first.Framework != nil {
			fw = first.Framework
		}
		title = first.ProviderAndService()
	}
	d, err := newReportDoc(opts, p, pdfOptions{
		Landscape:    true,
		Title:        "Moderation: " + title,
		Subject:      strings.TrimSpace(fw.Name + " " + fw.Version + " assessments of one provider by several assessors"),
		Keywords:     "cloud sovereignty, SEAL, moderation, " + fw.Name,
		FooterCenter: fmt.Sprintf("Moderation of %d assessments · profile %s · %s", len(rc.Results), profileName(p), opts.date()),
		Header:       "Moderation · " + title,
	})
	if err != nil {
		return err
	}
	r := &reconcileReport{d: d, fw: fw, p: p, rc: rc, opts: opts, title: title}
	r.render()
	return d.writeTo(w, "reconcile")
}

// reconcileReport renders reconcile.pdf.
type reconcileReport struct {
	d     *pdfDoc
	fw    *scoring.Framework
	p     *scoring.Profile
	rc    *scoring.Reconciliation
	opts  PDFOptions
	title string
}

func (r *reconcileReport) render() {
	d, rc := r.d, r.rc
	div := rc.Divergent()
	d.heading(0, "Moderation: "+r.title)
	d.paragraph(fmt.Sprintf("%d assessments of the same offer by different assessors, side by side. The factors on which "+
		"they differ come first, the largest SEAL spread first; the consensus workbook holds the agreed answers and "+
		"leaves these blank, with each assessor's view in a note, for the panel to decide.", len(rc.Results)), "", 10, pdfColText)
	d.SetY(d.GetY() + 1)
	d.keyValueColumns([][2]string{
		{"Document date", r.opts.date()},
		{"Profile", profileLabel(r.p)},
		{"Framework", strings.TrimSpace(r.fw.Name + " " + r.fw.Version)},
	}, [][2]string{
		{"Assessors", strings.Join(rc.Assessors, ", ")},
		{"Factors", fmt.Sprintf("%d agreed, %d divergent", rc.Agreed(), len(div))},
		{"Produced by", r.opts.tool()},
	}, 30)
	d.rule()
	if noMinimum(r.p) {
		d.noMinimumBox(r.p, noMinimumSeeSEAL)
	}
	if w := rc.Warnings(); len(w) > 0 {
		for i := range w {
			w[i] = upperFirst(w[i]) + "."
		}
		d.noticeBox("Check before the moderation", w, colCaution, colCautionFill)
	}
	r.assessors()
	r.objectives()
	r.divergent(div)
	r.agreed()
	r.inputFiles()
}

// assessors lists each assessor's workbook and what it scores.
func (r *reconcileReport) assessors() {
	cols := []pdfColumn{
		{Header: "Assessor"}, {Header: "Assessment date", Width: 30},
		{Header: "Score", Width: 22, Align: "R"}, {Header: "SEAL", Width: 20, Align: "C"},
		{Header: "Complete", Width: 24, Align: "C"}, {Header: "Errors", Width: 16, Align: "R"},
		{Header: "Warnings", Width: 18, Align: "R"}, {Header: "Status", Width: 26, Align: "C"},
	}
	row := func(i int) []pdfCell {
		s := &r.rc.Results[i].Summary
		return []pdfCell{
			{Text: r.rc.Assessors[i], Bold: true}, {Text: assessmentDate(s)},
			{Text: fmtFloat(s.Score, 2) + " %"}, sealCell(scoring.SEALLabel(s.SEAL, s.Provisional), s.SEAL),
			{Text: yesNo(s.Complete)}, {Text: strconv.Itoa(s.Issues.Errors())}, {Text: strconv.Itoa(s.Issues.Warnings())},
			eligibleCell(s),
		}
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	r.d.sectionTable("Assessors", "Each assessor's workbook scored on its own under the profile.",
		cols, len(r.rc.Results), row, opt)
}

// objectives shows the SEAL each assessor gives every objective.
func (r *reconcileReport) objectives() {
	cols := []pdfColumn{{Header: "ID", Width: 16}, {Header: "Objective"}}
	for _, a := range r.rc.Assessors {
		cols = append(cols, pdfColumn{Header: a, Width: 30, Align: "C"})
	}
	cols = append(cols, pdfColumn{Header: "Range", Width: 36, Align: "C"})
	var rows [][]pdfCell
	for _, o := range r.rc.Objectives {
		row := []pdfCell{{Text: o.Objective.ID, Bold: true}, {Text: o.Objective.Name}}
		for _, x := range o.Results {
			level := -1
			if x != nil {
				level = x.SEAL
			}
			row = append(row, sealCell(objectiveSEAL(x), level))
		}
		rg := pdfCell{Text: sealRange(o.SEALMin, o.SEALMax)}
		if o.SEALMin != o.SEALMax {
			rg.Bold, rg.TextColor = true, &colFail
		}
		rows = append(rows, append(row, rg))
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	r.d.sectionTable("Objectives", "The SEAL each assessment gives each objective (the lowest SEAL of its factors); "+
		"* marks a provisional SEAL of an objective with unanswered factors.", cols, len(rows), func(i int) []pdfCell { return rows[i] }, opt)
}

// divergent draws a table per divergent factor: the assessors' answers
// side by side.
func (r *reconcileReport) divergent(div []*scoring.FactorAgreement) {
	d := r.d
	if len(div) == 0 {
		d.emptySection("Divergent factors", "None: every assessor gave every factor the same answer.")
		return
	}
	d.section("Divergent factors", "Largest SEAL spread first, then the largest points spread. The consensus "+
		"workbook leaves these answers blank.", 20)
	cols := []pdfColumn{
		{Header: "Assessor", Width: 40}, {Header: "Answer", Width: 70},
		{Header: "Points", Width: 18, Align: "R"}, {Header: "SEAL", Width: 18, Align: "C"},
		{Header: "Confidence", Width: 22}, {Header: "Justification and sources"},
	}
	opt := tableOptions{FontSize: pdfTableSize}
	for _, fa := range div {
		var rows [][]pdfCell
		for i, a := range fa.Answers {
			pts := "—"
			if a.Option > 0 {
				pts = scoring.FormatFraction(a.Points, a.Max)
			}
			rows = append(rows, []pdfCell{
				{Text: r.rc.Assessors[i], Bold: true}, {Text: answerText(a)}, {Text: pts},
				sealCell(scoring.SEALLabel(a.SEAL, false), a.SEAL), {Text: orDash(a.Confidence)},
				{Text: orDash(justificationOf(a)), Links: a.Sources},
			})
		}
		d.ensureSpace(12 + d.tableHeight(cols, rows[:1], opt))
		title := fmt.Sprintf("%s %s · SEAL spread %d, points spread %s", fa.Factor.ID, fa.Factor.Name,
			fa.SEALSpread(), fa.PointsSpread())
		if n := fa.Unanswered(); n > 0 {
			title += fmt.Sprintf(" · %d without an answer", n)
		}
		d.heading(2, title)
		d.table(cols, rows, opt)
	}
}

// agreed lists the factors every assessor answered alike.
func (r *reconcileReport) agreed() {
	d := r.d
	var list []*scoring.FactorAgreement
	for i := range r.rc.Factors {
		if r.rc.Factors[i].Agreed {
			list = append(list, &r.rc.Factors[i])
		}
	}
	if len(list) == 0 {
		d.emptySection("Agreed factors", "None.")
		return
	}
	cols := []pdfColumn{
		{Header: "ID", Width: 16}, {Header: "Factor", Width: 70}, {Header: "Answer"},
		{Header: "SEAL", Width: 18, Align: "C"}, {Header: "Confidence (" + strings.Join(r.rc.Assessors, " / ") + ")", Width: 60},
	}
	row := func(i int) []pdfCell {
		fa := list[i]
		confs := make([]string, len(fa.Answers))
		for k, a := range fa.Answers {
			confs[k] = orDash(a.Confidence)
		}
		return []pdfCell{{Text: fa.Factor.ID, Bold: true}, {Text: fa.Factor.Name}, {Text: answerText(fa.Answers[0])},
			sealCell(scoring.SEALLabel(fa.SEALMin, false), fa.SEALMin), {Text: strings.Join(confs, " / ")}}
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	d.sectionTable("Agreed factors", "Every assessor chose the same answer; the consensus workbook holds it.",
		cols, len(list), row, opt)
}

// inputFiles ties the report to the workbooks by their SHA-256.
func (r *reconcileReport) inputFiles() {
	cols := []pdfColumn{{Header: "Assessor", Width: 50}, {Header: "File"}, {Header: "SHA-256", Width: 100}}
	row := func(i int) []pdfCell {
		s := r.rc.Results[i]
		return []pdfCell{{Text: r.rc.Assessors[i], Bold: true}, {Text: orDash(s.File)}, {Text: orDash(s.SHA256)}}
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	r.d.sectionTable("Input files", "The SHA-256 identifies the exact file each assessment was read from.",
		cols, len(r.rc.Results), row, opt)
}
