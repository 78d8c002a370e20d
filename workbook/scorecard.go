package workbook

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// annScorecardTitle starts the scorecard's title; it identifies a scorecard
// sovscore made when the record sheet is gone.
const annScorecardTitle = "Sovereignty scorecard"

// Scorecard columns: A labels and IDs, B names, C..J numbers and outcomes,
// K the factors that set each objective's SEAL.
var annScorecardWidths = []float64{25, 40, 11, 11, 11, 11, 18, 11, 11, 14, 24}

func (a *annotator) scorecard() error {
	f, r := a.f, a.r
	const sheet = ScorecardSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	w := &annSheet{f: f, sheet: sheet, widths: annScorecardWidths}
	if err := w.setWidths(); err != nil {
		return err
	}
	nCols := len(annScorecardWidths)
	p := r.Provider
	fwName, fwVersion := "Cloud Sovereignty Framework", ""
	if r.Framework != nil {
		fwName, fwVersion = r.Framework.Name, r.Framework.Version
	}
	w.text(1, 1, annScorecardTitle+": "+r.ProviderName(), a.st.title)
	sub := fmt.Sprintf("%s %s", fwName, fwVersion)
	// Created is the document's date (the assessment's, --date or
	// SOURCE_DATE_EPOCH), not the day it was scored: named as the PDFs
	// name it.
	if a.opts.Created.IsZero() {
		sub += ", not dated,"
	} else {
		sub += ", document date " + a.opts.Created.UTC().Format("2006-01-02") + ","
	}
	if a.opts.ToolVersion != "" {
		sub += " by sovscore " + a.opts.ToolVersion
	} else {
		sub += " by sovscore"
	}
	w.text(1, 2, sub+".", a.st.subtitle)

	row := 4
	w.text(1, row, "Assessment", a.st.heading)
	row++
	profile := ""
	if r.Profile != nil {
		divisor := "each objective's exact maximum"
		if r.Profile.Divisor == scoring.DivisorNominal {
			divisor = "1000 (nominal)"
		}
		profile = fmt.Sprintf("%s (objective points divided by %s)", r.Profile.Name, divisor)
	}
	fv := fwVersion
	if wv := scoring.Normalize(p.FrameworkVersion.Text); wv != "" && wv != fwVersion {
		fv += " (the workbook says " + wv + ")"
	}
	tool := a.opts.ToolVersion
	if tool == "" {
		tool = "unknown"
	}
	info := []struct{ label, value string }{
		{cover.Provider, p.Name.Text},
		{cover.Service, p.Service.Text},
		{cover.Assessor, p.Assessor.Text},
		{cover.Date, r.DateText()},
		{"Profile", profile},
		{"Profile SHA-256", annProfileHash(r)},
		{"Framework version", fv},
		{"Tool version", "sovscore " + tool},
		{"File", filepath.Base(r.File)},
		{"Input SHA-256", r.SHA256},
		{cover.Notes, strings.TrimSpace(p.Notes.Text)},
	}
	info = append(info, annHostInfo(r)...)
	for _, it := range info {
		w.text(1, row, it.label, a.st.label)
		w.paragraph(2, nCols, row, it.value, a.st.valueWrap)
		w.fit(row, wrappedLines(it.label, annScorecardWidths[0]))
		row++
	}

	row++
	w.text(1, row, "Result", a.st.heading)
	row++
	w.text(1, row, "Sovereignty Score", a.st.label)
	w.number(2, row, r.Score, a.st.score)
	w.paragraph(3, nCols, row, fmt.Sprintf("percent, weighted under profile %s; the SEAL levels prevail over the score", annProfileName(r)), a.st.muted)
	row++
	w.text(1, row, "Overall SEAL", a.st.label)
	w.text(2, row, scoring.SEALLabel(r.SEAL, r.Provisional), a.st.sealStyle(r.SEAL))
	note := ""
	if r.Framework != nil && r.SEAL >= 0 {
		note = r.Framework.SEALName(r.SEAL)
	}
	if r.Provisional {
		note = fmt.Sprintf("provisional: %d of %d factors have no usable answer, so the SEAL may be lower once they are answered", r.Unanswered(), len(r.Factors))
	}
	w.paragraph(3, nCols, row, note, a.st.muted)
	row++
	w.text(1, row, "Eligibility", a.st.label)
	if r.Eligible {
		w.text(2, row, "ELIGIBLE", a.st.good)
	} else {
		w.text(2, row, "NOT ELIGIBLE", a.st.bad)
	}
	reasons := make([]string, 0, len(r.Reasons))
	for _, rs := range r.Reasons {
		reasons = append(reasons, "• "+rs.Message)
	}
	switch {
	case len(reasons) > 0:
	case r.Profile != nil && !r.Profile.HasMinimum():
		reasons = append(reasons, scoring.NoMinimumNote)
	default:
		reasons = append(reasons, "complete, free of errors and at or above the minimum SEAL of every objective")
	}
	w.paragraph(3, nCols, row, strings.Join(reasons, "\n"), a.st.muted)
	row++
	w.text(1, row, "Problems", a.st.label)
	w.text(2, row, fmt.Sprintf("%d error(s), %d warning(s)", r.Issues.Errors(), r.Issues.Warnings()), a.st.cell)
	row++
	if len(a.noRoom) > 0 {
		w.paragraph(1, nCols, row, fmt.Sprintf("The Points, SEAL and Check columns are not on sheet(s) %s: their rows use every column up to XFD, the last; "+
			"delete the cells at the far right of those rows and score again to get them.", strings.Join(a.noRoom, ", ")), a.st.muted)
		row++
	}

	row++
	w.text(1, row, "Objectives", a.st.heading)
	row++
	heads := []string{"Objective", "Name", "Points", "Max", "Ratio", "Weight", "Contribution (pp)", "SEAL", "Minimum", "Result", "Set by (weakest links)"}
	for i, h := range heads {
		w.text(i+1, row, h, a.st.header)
	}
	w.fit(row, rowLines(heads, annScorecardWidths))
	row++
	var sumPoints, sumMax scoring.Points
	sumWeight := 0.0
	for _, o := range r.Objectives {
		w.text(1, row, o.Objective.ID, a.st.cellBold)
		w.text(2, row, o.Objective.Name, a.st.cellWrap)
		w.number(3, row, o.Points.Float(), a.st.points)
		w.number(4, row, o.Max.Float(), a.st.points)
		w.number(5, row, o.Ratio, a.st.percent2)
		w.number(6, row, o.Weight, a.percentStyle(o.Weight))
		w.number(7, row, o.Contribution, a.st.points)
		w.text(8, row, scoring.SEALLabel(o.SEAL, !o.Complete), a.st.sealStyle(o.SEAL))
		minimum := "none"
		if o.MinSEAL > 0 {
			minimum = scoring.SEALLabel(o.MinSEAL, false)
		}
		w.text(9, row, minimum, a.st.cellCenter)
		w.text(10, row, string(o.Status()), a.st.statusStyle(o.Status(), a.st.cellCenter))
		setBy := strings.Join(o.BoundBy, ", ")
		w.text(11, row, setBy, a.st.cellWrap)
		w.fit(row, max(wrappedLines(o.Objective.Name, annScorecardWidths[1]), wrappedLines(setBy, annScorecardWidths[10])))
		sumPoints += o.Points
		sumMax += o.Max
		sumWeight += o.Weight
		row++
	}
	w.text(1, row, "Total", a.st.cellBold)
	w.text(2, row, "", a.st.cell)
	w.number(3, row, sumPoints.Float(), a.st.points)
	w.number(4, row, sumMax.Float(), a.st.points)
	w.text(5, row, "", a.st.cell)
	w.number(6, row, sumWeight, a.percentStyle(sumWeight))
	w.number(7, row, r.Score, a.st.points)
	w.text(8, row, scoring.SEALLabel(r.SEAL, r.Provisional), a.st.sealStyle(r.SEAL))
	w.text(9, row, "", a.st.cell)
	if r.Eligible {
		w.text(10, row, "ELIGIBLE", a.st.good)
	} else {
		w.text(10, row, "NOT ELIGIBLE", a.st.bad)
	}
	w.text(11, row, "", a.st.cell)
	row++
	if r.Provisional {
		w.paragraph(1, nCols, row, "* provisional: computed over an incomplete answer set; the final SEAL can only be the same or lower.", a.st.muted)
		row++
	}

	row++
	w.text(1, row, fmt.Sprintf("Problems (%d)", len(r.Issues)), a.st.heading)
	row++
	if len(r.Issues) == 0 {
		w.paragraph(1, nCols, row, "No problem found.", a.st.muted)
	} else {
		w.text(1, row, "Severity", a.st.header)
		w.merged(2, 6, row, "Problem and how to fix it", a.st.header)
		w.merged(7, 8, row, "Location", a.st.header)
		w.merged(9, 11, row, "Code", a.st.header)
		row++
		sheets := map[string]bool{}
		for _, s := range f.GetSheetList() {
			sheets[s] = true
		}
		msgWidth := annSum(annScorecardWidths[1:6])
		for _, is := range r.Issues {
			sevStyle := a.st.warn
			if is.Severity == scoring.Error {
				sevStyle = a.st.bad
			}
			w.text(1, row, annSeverityWord(is.Severity), sevStyle)
			w.merged(2, 6, row, is.Message, a.st.cellWrap)
			loc := is.Location()
			if loc == "" {
				loc = "whole file"
			}
			locStyle := a.st.cell
			if is.Sheet != "" && sheets[is.Sheet] && is.Sheet != sheet {
				locStyle = a.st.link
				w.link(7, row, annLinkTarget(is.Sheet, is.Cell), "Go to "+loc)
			}
			w.merged(7, 8, row, loc, locStyle)
			w.merged(9, 11, row, is.Code, a.st.cell)
			w.fit(row, wrappedLines(is.Message, msgWidth))
			row++
		}
	}
	if w.err != nil {
		return w.err
	}
	show := false
	if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &show}); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	tb := &tplBuilder{f: f}
	if err := tb.landscape(sheet); err != nil {
		return err
	}
	if err := tb.protect(sheet); err != nil {
		return err
	}
	return annMakeFirstActive(f, sheet)
}

func annProfileName(r *scoring.Result) string {
	if r.Profile == nil {
		return "(none)"
	}
	return r.Profile.Name
}

func (a *annotator) percentStyle(w float64) int {
	if math.Abs(w*100-math.Round(w*100)) > 1e-9 {
		return a.st.percent2
	}
	return a.st.percent
}

// annProfileHash is the SHA-256 of the profile's canonical form: which
// method was applied.
func annProfileHash(r *scoring.Result) string {
	if r.Profile == nil {
		return ""
	}
	return r.Profile.SHA256()
}

// annLinkTarget is an internal hyperlink location: 'SOV-3'!D7, or A1 of a
// sheet for problems of a whole sheet.
func annLinkTarget(sheet, cell string) string {
	if cell == "" {
		cell = "A1"
	}
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cell
}

func annSum(ws []float64) float64 {
	t := 0.0
	for _, w := range ws {
		t += w
	}
	return t
}

// annSheet writes cells of one sheet and keeps the first error.
type annSheet struct {
	f      *excelize.File
	sheet  string
	widths []float64
	err    error
}

func (w *annSheet) setWidths() error {
	for i, wd := range w.widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := w.f.SetColWidth(w.sheet, col, col, wd); err != nil {
			return err
		}
	}
	return nil
}

// text writes a string cell: SetCellStr keeps text such as "=1+1" a string.
func (w *annSheet) text(col, row int, s string, style int) {
	if w.err != nil {
		return
	}
	ref := tplCell(col, row)
	if w.err = w.f.SetCellStr(w.sheet, ref, escapeXString(s)); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

func (w *annSheet) number(col, row int, v float64, style int) {
	if w.err != nil {
		return
	}
	ref := tplCell(col, row)
	if w.err = w.f.SetCellFloat(w.sheet, ref, v, -1, 64); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

// merged writes text across columns col1..col2 of a row.
func (w *annSheet) merged(col1, col2, row int, s string, style int) {
	w.text(col1, row, s, style)
	if w.err != nil || col2 <= col1 {
		return
	}
	if w.err = w.f.SetCellStyle(w.sheet, tplCell(col1, row), tplCell(col2, row), style); w.err == nil {
		w.err = w.f.MergeCell(w.sheet, tplCell(col1, row), tplCell(col2, row))
	}
}

// paragraph writes wrapped text across columns col1..col2 and makes the row
// tall enough for it: no spreadsheet auto-fits merged cells.
func (w *annSheet) paragraph(col1, col2, row int, s string, style int) {
	w.merged(col1, col2, row, s, style)
	w.fit(row, wrappedLines(s, annSum(w.widths[col1-1:col2])))
}

// fit makes a row tall enough for lines of text; rows only grow.
func (w *annSheet) fit(row, lines int) {
	if w.err != nil || lines <= 1 {
		return
	}
	want := linesHeight(lines)
	cur, err := w.f.GetRowHeight(w.sheet, row)
	if err != nil {
		w.err = err
		return
	}
	if cur < want {
		w.err = w.f.SetRowHeight(w.sheet, row, want)
	}
}

func (w *annSheet) link(col, row int, target, tip string) {
	if w.err != nil {
		return
	}
	tip = clipUTF16(tip, maxPromptChars)
	w.err = w.f.SetCellHyperLink(w.sheet, tplCell(col, row), target, "Location", excelize.HyperlinkOpts{Tooltip: &tip})
}
