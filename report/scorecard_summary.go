package report

// The first page of a scorecard: the verdict (radar chart, overall SEAL,
// score, eligibility), the objectives with the factors that set their
// SEALs, and the evidence behind the answers.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// weakestMark marks, in the factor tables, the factors whose SEAL is the
// objective's: the weakest links, which one better answer alone cannot
// lift.
const (
	weakestMark   = "►"
	weakestLegend = "sets the objective's SEAL: its SEAL is the objective's (the weakest link)"
)

// overview draws the radar chart of the objectives with the three result
// panels (overall SEAL, score, eligibility) beside it, the SEAL scale
// under them and, for an ineligible provider, the reasons.
func (sc *scorecard) overview() {
	d, r := sc.d, sc.r
	l, _, _, _ := d.GetMargins()
	// The radar's radius, the gap between the panels right of it and the
	// heights of the first two (overall SEAL, score); the third's,
	// eligibility, depends on the profile.
	const radius, gap, sealH, scoreH = 24.0, 3.0, 24.0, 22.0
	room := radarLabelRoom(radius)
	chartW := 2 * (radius + room)
	eligH := 22.0
	if noMinimum(r.Profile) {
		eligH = 28 // two more lines: what eligible means here
	}
	chartH := max(2*radius+32, 3+sealH+gap+scoreH+gap+eligH+2)
	d.ensureSpace(chartH)
	y0 := d.GetY()

	labels := make([]string, len(r.Objectives))
	values := make([]float64, len(r.Objectives))
	ann := make([]string, len(r.Objectives))
	for i, o := range r.Objectives {
		labels[i] = o.Objective.ID + " " + o.Objective.Name
		values[i] = o.Ratio
		ann[i] = scoring.SEALLabel(o.SEAL, !o.Complete) + " · " + fmtPct(o.Ratio, 0)
	}
	d.radarChart(l+room+radius, y0+16+radius, radius, labels, values, ann)

	x := l + chartW + 4
	pw := l + d.contentWidth() - x
	y := y0 + 3

	// Overall SEAL.
	d.panel(x, y, pw, sealH, "Overall SEAL")
	d.badge(x+8, y+5.8, pw-16, 8.5, scoring.SEALLabel(r.SEAL, r.Provisional), sealColor(r.SEAL))
	level := sc.fw.SEALName(r.SEAL)
	if r.SEAL < 0 {
		level = "no factor could be scored"
	}
	d.centered(x, y+14.8, pw, level, "B", 9, pdfColText)
	if r.Provisional {
		d.centered(x, y+19.2, pw, fmt.Sprintf("provisional: %d of %d factors unanswered", r.Unanswered(), len(r.Factors)),
			"", 7.5, colFail)
	}
	y += sealH + gap

	// Score.
	d.panel(x, y, pw, scoreH, "Sovereignty Score")
	d.centered(x, y+4.8, pw, fmtFloat(r.Score, 2)+" %", "B", 20, pdfColHeading)
	d.hbar(x+10, y+14, pw-20, 2, r.Score, 100, pdfColChart)
	d.centered(x, y+17.2, pw, "profile "+profileName(r.Profile), "", 7.5, pdfColMuted)
	y += scoreH + gap

	// Eligibility.
	d.panel(x, y, pw, eligH, "Eligibility under the profile")
	if r.Eligible {
		d.badge(x+8, y+5.8, pw-16, 8.5, "ELIGIBLE", colPass)
		rank := "eligible, not ranked"
		if r.Rank > 0 {
			rank = "rank " + strconv.Itoa(r.Rank)
			if r.Ranked > 0 {
				rank += " of " + strconv.Itoa(r.Ranked)
			}
		}
		d.centered(x, y+15, pw, rank, "B", 10, pdfColText)
	} else {
		d.badge(x+8, y+5.8, pw-16, 8.5, "NOT ELIGIBLE", colFail)
		n := len(r.Reasons)
		d.centered(x, y+15, pw, fmt.Sprintf("%d reason%s, see below", n, pluralS(n)), "", 8.5, pdfColText)
	}
	if noMinimum(r.Profile) {
		d.setFont("", 7)
		for i, s := range d.wrapLines(upperFirst(noMinimumNote)+".", pw-6) {
			if i < 2 {
				d.centered(x, y+20.3+float64(i)*pdfLineHeight(7)*0.95, pw, s, "", 7, colCaution)
			}
		}
	}
	d.SetXY(l, y0+chartH)
	sc.sealScale()

	if !r.Eligible && len(r.Reasons) > 0 {
		items := make([]string, len(r.Reasons))
		for i, rs := range r.Reasons {
			items[i] = upperFirst(rs.Message)
		}
		d.ensureSpace(2 * pdfLineHeight(9))
		d.setFont("B", 9)
		d.setTextRGB(colFail)
		d.setFillRGB(pdfColWhite)
		d.textLine(l, d.GetY(), d.contentWidth(), pdfLineHeight(9), "Not eligible because:", "L")
		d.SetXY(l, d.GetY()+pdfLineHeight(9))
		d.bullets(items, 9)
	}
	if r.Provisional {
		d.paragraph("* provisional: the lowest SEAL of the answered factors; an unanswered factor never counts as "+
			"compliant, so the final SEAL can only be the same or lower.", "", 7.5, pdfColMuted)
	}
	d.resetStyle()
}

// sealScale draws the five SEAL levels with their names on one row, spread
// evenly; names wrap onto two lines only when one row is too narrow.
func (sc *scorecard) sealScale() {
	d := sc.d
	l, _, _, _ := d.GetMargins()
	const size, badgeW, h = 7.0, 14.0, 7.0
	n := scoring.MaxSEAL + 1
	d.setFont("", size)
	widths := make([]float64, n)
	total := 0.0
	for i := range widths {
		widths[i] = badgeW + 1.5 + d.GetStringWidth(sanitizeText(sc.fw.SEALName(scoring.MaxSEAL-i)))
		total += widths[i]
	}
	gap := (d.contentWidth() - total) / float64(n-1)
	if gap < 3 { // too long for one row: equal cells, names wrapped
		for i := range widths {
			widths[i] = d.contentWidth()/float64(n) - 1.5
		}
		gap = 1.5
	}
	d.ensureSpace(h + 2)
	y := d.GetY()
	x := l
	for i := 0; i < n; i++ {
		lv := scoring.MaxSEAL - i
		d.badge(x, y+1, badgeW, 4.6, sealName(lv), sealColor(lv))
		textW := widths[i] - badgeW - 1.5
		d.setFont("", size)
		lines := d.wrapLines(sc.fw.SEALName(lv), textW)
		if len(lines) > 2 {
			lines = []string{lines[0], d.truncateEnd(strings.Join(lines[1:], " "), textW)}
		}
		lh := pdfLineHeight(size) * 0.95
		ty := y + 3.3 - float64(len(lines))*lh/2
		for k, s := range lines {
			d.setFont("", size)
			d.setTextRGB(pdfColText)
			d.setFillRGB(pdfColWhite)
			d.textLine(x+badgeW+1.5, ty+float64(k)*lh, textW+1, lh, s, "L")
		}
		x += widths[i] + gap
	}
	d.SetXY(l, y+h+1.5)
	d.resetStyle()
}

// objectivesTable draws one row per objective and a total row.
func (sc *scorecard) objectivesTable() {
	d, r := sc.d, sc.r
	cols := []pdfColumn{
		{Header: "ID", Width: 11},
		{Header: "Objective"},
		{Header: "Points", Width: 14, Align: "R"},
		{Header: "Ratio", Width: 14, Align: "R"},
		{Header: "Weight", Width: 12, Align: "R"},
		{Header: "Contribution", Width: 18, Align: "R"},
		{Header: "SEAL", Width: 14, Align: "C"},
		{Header: "Set by", Width: 20},
		{Header: "Min. SEAL", Width: 15.5, Align: "C"},
		{Header: "Result", Width: 18, Align: "C"},
	}
	var rows [][]pdfCell
	for i := range r.Objectives {
		o := &r.Objectives[i]
		minSEAL := pdfCell{Text: "none", TextColor: &pdfColMuted}
		if o.MinSEAL > 0 {
			minSEAL = pdfCell{Text: sealName(o.MinSEAL)}
		}
		rows = append(rows, []pdfCell{
			{Text: o.Objective.ID, Bold: true},
			{Text: o.Objective.Name},
			{Text: o.Points.String()},
			{Text: fmtPct(o.Ratio, 2)},
			{Text: fmtPct(o.Weight, 0)},
			{Text: fmtFloat(o.Contribution, 2)},
			sealCell(scoring.SEALLabel(o.SEAL, !o.Complete), o.SEAL),
			setByCell(r, o),
			minSEAL,
			statusCell(o),
		})
	}
	bold := func(s string) pdfCell { return pdfCell{Text: s, Bold: true} }
	rows = append(rows, []pdfCell{
		bold("Total"), bold("Sovereignty Score"), {}, {}, bold("100 %"), bold(fmtFloat(r.Score, 2)),
		sealCell(scoring.SEALLabel(r.SEAL, r.Provisional), r.SEAL), {}, {}, eligibleCell(&r.Summary),
	})
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true, Padding: 1}
	note := "Contribution: weight × points ÷ " + divisorText(r.Profile) + ", in percentage points of the score. " +
		"Set by: the factors whose SEAL is the objective's (the weakest links, " + weakestMark + " in the factor tables)."
	if noMinimum(r.Profile) {
		note += " " + upperFirst(noMinimumNote) + "."
	}
	// A table of eight rows reads badly when split: move it whole to the
	// next page when it does not fit here.
	d.ensureSpace(headingHeight(1) + d.tableHeight(cols, rows, opt) + 1.5 + d.textHeight(note, "", 7.5))
	d.heading(1, "Objectives")
	d.table(cols, rows, opt)
	d.SetY(d.GetY() + 1.5)
	d.paragraph(note, "", 7.5, pdfColMuted)
}

// statusCell is an objective's result against the profile (see
// scoring.ObjectiveResult.Status): "pass" only where a minimum applies.
func statusCell(o *scoring.ObjectiveResult) pdfCell {
	st := o.Status()
	c := pdfCell{Text: string(st), Bold: true}
	switch st {
	case scoring.StatusPass:
		c.TextColor = &colPass
	case scoring.StatusBelow, scoring.StatusErrors:
		c.TextColor = &colFail
	default: // no minimum, incomplete: nothing passed or failed
		c.Bold, c.TextColor = false, &pdfColMuted
	}
	return c
}

// setByCell names the factors that set an objective's SEAL: "SOV-6.1,
// 6.2, 6.4", "all factors" when every factor shares it, "(host)" after a
// factor whose answer comes from a host.
func setByCell(r *scoring.Result, o *scoring.ObjectiveResult) pdfCell {
	if len(o.BoundBy) == 0 {
		return pdfCell{Text: "—", TextColor: &pdfColMuted}
	}
	parts := make([]string, 0, len(o.BoundBy))
	fromHost := false
	for i, id := range o.BoundBy {
		s := id
		if i > 0 {
			s = strings.TrimPrefix(id, "SOV-")
		}
		if fr, ok := r.FactorResult(id); ok && fr.InheritedFrom != "" {
			s += " (host)"
			fromHost = true
		}
		parts = append(parts, s)
	}
	if !fromHost && len(parts) == len(o.Objective.Factors) && len(parts) > 1 {
		return pdfCell{Text: "all factors"}
	}
	return pdfCell{Text: strings.Join(parts, ", ")}
}

// evidence draws how well the answers are supported: the answered
// factors by confidence (a bar and the counts), those that cite no
// valid source, and the low-confidence answers to confirm with the
// provider.
func (sc *scorecard) evidence() {
	d, r := sc.d, sc.r
	e := r.Evidence
	l, _, _, _ := d.GetMargins()
	answered := len(r.Factors) - r.Unanswered()
	counts := fmt.Sprintf("%d high, %d medium, %d low confidence", e.High, e.Medium, e.Low)
	if e.Unrated > 0 {
		counts += fmt.Sprintf(", %d invalid", e.Unrated)
	}
	counts += fmt.Sprintf(" of %d answer%s; %d without a valid source", answered, pluralS(answered), e.Unsourced)
	confirm := "No answer has low confidence: nothing to confirm with the provider."
	if len(e.ToConfirm) > 0 {
		confirm = fmt.Sprintf("To confirm with the provider (low confidence, %d): %s.", len(e.ToConfirm), strings.Join(e.ToConfirm, ", "))
	}
	const label, barW, size = "Evidence", 30.0, 8.0
	lh := pdfLineHeight(size)
	d.setFont("B", 9)
	labelW := d.textWidth(label) + 3
	d.setFont("", size)
	textX := l + labelW + barW + 3
	textW := l + d.contentWidth() - textX
	lines := d.wrapLines(counts, textW)
	d.ensureSpace(1 + float64(len(lines))*lh + d.textHeight(confirm, "", size))
	y := d.GetY() + 1
	d.setFont("B", 9)
	d.setTextRGB(pdfColHeading)
	d.setFillRGB(pdfColWhite)
	d.textLine(l, y, labelW, lh, label, "L")

	// The confidence mix as one stacked bar: high, medium, low, other.
	bx := l + labelW
	d.setFillRGB(pdfColTrack)
	d.Rect(bx, y+0.8, barW, lh-1.6, "F")
	for _, part := range []struct {
		n int
		c rgb
	}{{e.High, colPass}, {e.Medium, sealColor(2)}, {e.Low, colFail}, {e.Unrated, colIneligible}} {
		if part.n == 0 || answered == 0 {
			continue
		}
		w := barW * float64(part.n) / float64(answered)
		d.setFillRGB(part.c)
		d.Rect(bx, y+0.8, w, lh-1.6, "F")
		bx += w
	}
	d.setFont("", size)
	d.setTextRGB(pdfColText)
	d.setFillRGB(pdfColWhite)
	for _, s := range lines {
		d.textLine(textX, y, textW, lh, s, "L")
		y += lh
	}
	d.SetXY(l, y)
	color := pdfColText
	if len(e.ToConfirm) > 0 {
		color = colCaution
	}
	d.paragraph(confirm, "", size, color)
	d.resetStyle()
}
