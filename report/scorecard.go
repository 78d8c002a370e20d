package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sovscore/sovscore/scoring"
)

// WriteScorecard writes the A4 PDF scorecard of one provider: who was
// assessed and with what, the overall SEAL, score and eligibility, a radar
// chart and table of the eight objectives, the answers and evidence of every
// factor by objective, and the problems found in the workbook. A workbook
// that could not be read gets a short scorecard that says why.
//
// The output depends only on r and opts: the same input and the same
// opts.Created give byte-identical files.
func WriteScorecard(w io.Writer, r *scoring.Result, opts PDFOptions) error {
	if r == nil {
		return fmt.Errorf("report: scorecard: no result")
	}
	fw := r.Framework
	if fw == nil {
		fw = scoring.Default()
	}
	name := coverText(r.ProviderName())
	header := "Sovereignty scorecard · " + name
	if svc := coverText(r.Provider.Service.Text); svc != "" {
		header += " · " + svc
	}
	d, err := newPDFDoc(pdfOptions{
		Created:      opts.Created,
		Title:        "Sovereignty scorecard: " + name,
		Author:       opts.tool(),
		Subject:      strings.TrimSpace(fw.Name + " " + fw.Version + " assessment of " + name),
		Keywords:     "cloud sovereignty, SEAL, " + fw.Name,
		Creator:      opts.tool(),
		Lang:         "en",
		FooterLeft:   opts.tool(),
		FooterCenter: footerHash(r.SHA256),
		Header:       header,
		Font:         opts.Font,
	})
	if err != nil {
		return err
	}
	sc := &scorecard{d: d, r: r, fw: fw, opts: opts}
	sc.render()
	return d.writeTo(w, "scorecard")
}

// footerHash is the footer text that ties every page to the input file.
func footerHash(sum string) string {
	if sum == "" {
		return ""
	}
	return "Input file SHA-256: " + sum
}

// scorecard renders one provider.
type scorecard struct {
	d    *pdfDoc
	r    *scoring.Result
	fw   *scoring.Framework
	opts PDFOptions
}

func (sc *scorecard) render() {
	d, r := sc.d, sc.r
	d.heading(0, "Sovereignty scorecard: "+coverText(r.ProviderName()))
	sc.about()
	sc.hostChain()
	if fileUnreadable(&r.Summary) {
		sc.unreadableNotice()
		sc.problems()
		return
	}
	sc.overview()
	sc.objectivesTable()
	if d.PageNo() == 1 {
		d.AddPage() // the first page is the summary; the detail starts on its own page
	}
	for i := range r.Objectives {
		sc.factorSection(&r.Objectives[i])
	}
	sc.problems()
	sc.method()
}

// fileUnreadable reports whether the workbook could not be read at all.
func fileUnreadable(r *scoring.Summary) bool {
	for _, is := range r.Issues {
		if is.Code == scoring.CodeFileUnreadable {
			return true
		}
	}
	return false
}

// about draws the header block: the assessment on the left, how it was
// scored on the right, and the input file across the page.
func (sc *scorecard) about() {
	r, fw := sc.r, sc.fw
	norm := func(f scoring.Field) string {
		if s := coverText(f.Text); s != "" {
			return s
		}
		return "—"
	}
	hosting := coverText(r.Provider.Hosting.Text)
	if q := coverText(r.Provider.HostingQualifications.Text); q != "" {
		if hosting != "" {
			hosting += " (" + q + ")"
		} else {
			hosting = q
		}
	}
	left := [][2]string{
		{"Provider", coverText(r.ProviderName())},
		{"Service", norm(r.Provider.Service)},
		{"Assessor", norm(r.Provider.Assessor)},
		{"Assessment date", norm(r.Provider.Date)},
	}
	if hosting != "" {
		left = append(left, [2]string{"Hosting", hosting})
	}
	right := [][2]string{
		{"Profile", profileName(r.Profile)},
		{"Score divisor", divisorLabel(r.Profile)},
		{"Framework", strings.TrimSpace(fw.Name + " " + fw.Version)},
		{"Document date", sc.opts.date()},
		{"Produced by", sc.opts.tool()},
	}
	file := filepath.Base(r.File)
	if r.File == "" {
		file = "—"
	}
	full := [][2]string{{"Input file", file}}
	if r.SHA256 != "" {
		full = append(full, [2]string{"SHA-256", r.SHA256})
	}
	sc.d.keyValueColumns(left, right, 31)
	sc.d.keyValueBlock(full, 31)
	sc.d.rule()
}

// coverLimit caps a cover-sheet value in the header block: it is a summary,
// and a pasted page of text must not push the results off the first page.
const coverLimit = 240

// coverText is a cover-sheet value with white space folded, shortened to
// coverLimit runes.
func coverText(s string) string {
	s = scoring.Normalize(s)
	if c := scoring.Clip(s, coverLimit); c != s {
		// Clip may cut just after a space; the ellipsis follows the last word.
		return strings.TrimSpace(strings.TrimSuffix(c, "…")) + "…"
	}
	return s
}

// unreadableNotice explains why there is nothing to score.
func (sc *scorecard) unreadableNotice() {
	d := sc.d
	var msgs []string
	for _, is := range sc.r.Issues {
		if is.Code == scoring.CodeFileUnreadable {
			msgs = append(msgs, is.Message)
		}
	}
	text := "The workbook could not be read, so none of its answers was scored: there is no SEAL, no " +
		"Sovereignty Score, and the provider is not eligible. Ask for a readable copy of the assessment " +
		"(an unprotected .xlsx made from the sovscore template) and score it again."
	d.noticeBox("Not scored: the file could not be read", append(msgs, text), colFail, colNotice)
}

// overview draws the radar chart of the objectives with the three result
// panels (overall SEAL, score, eligibility) beside it, the SEAL scale
// under them and, for an ineligible provider, the reasons.
func (sc *scorecard) overview() {
	d, r := sc.d, sc.r
	l, _, _, _ := d.GetMargins()
	const radius, gap = 29.0, 3.0
	room := radarLabelRoom(radius)
	chartW := 2 * (radius + room)
	chartH := 2*radius + 32
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
	d.panel(x, y, pw, 27, "Overall SEAL")
	d.badge(x+8, y+6.5, pw-16, 9, sealName(r.SEAL), sealColor(r.SEAL))
	level := sc.fw.SEALName(r.SEAL)
	if r.SEAL < 0 {
		level = "no factor could be scored"
	}
	d.centered(x, y+16.5, pw, level, "B", 9, pdfColText)
	if r.Provisional {
		d.centered(x, y+21.3, pw, fmt.Sprintf("provisional: %d of %d factors unanswered", r.Unanswered(), len(r.Factors)),
			"", 7.5, colFail)
	}
	y += 27 + gap

	// Score.
	d.panel(x, y, pw, 25, "Sovereignty Score")
	d.centered(x, y+5.5, pw, fmtFloat(r.Score, 2)+" %", "B", 22, pdfColHeading)
	d.hbar(x+10, y+16, pw-20, 2, r.Score, 100, pdfColChart)
	d.centered(x, y+19.5, pw, "profile "+profileName(r.Profile), "", 7.5, pdfColMuted)
	y += 25 + gap

	// Eligibility.
	d.panel(x, y, pw, 25, "Eligibility under the profile")
	if r.Eligible {
		d.badge(x+8, y+6.5, pw-16, 9, "ELIGIBLE", colPass)
		rank := "eligible, not ranked"
		if r.Rank > 0 {
			rank = "rank " + strconv.Itoa(r.Rank)
			if r.Ranked > 0 {
				rank += " of " + strconv.Itoa(r.Ranked)
			}
		}
		d.centered(x, y+17, pw, rank, "B", 10, pdfColText)
	} else {
		d.badge(x+8, y+6.5, pw-16, 9, "NOT ELIGIBLE", colFail)
		n := len(r.Reasons)
		d.centered(x, y+17, pw, fmt.Sprintf("%d reason%s, see below", n, pluralS(n)), "", 8.5, pdfColText)
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
		d.paragraph("SEALs marked * are provisional: an unanswered factor never counts as compliant, so they are "+
			"only the lowest SEAL of the answered factors; the final SEAL can only be the same or lower.", "", 7.5, pdfColMuted)
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
		{Header: "ID", Width: 12},
		{Header: "Objective"},
		{Header: "Points", Width: 15, Align: "R"},
		{Header: "Max", Width: 15, Align: "R"},
		{Header: "Ratio", Width: 15, Align: "R"},
		{Header: "Weight", Width: 13, Align: "R"},
		{Header: "Contribution", Width: 19, Align: "R"},
		{Header: "SEAL", Width: 15, Align: "C"},
		{Header: "Min. SEAL", Width: 16, Align: "C"},
		{Header: "Result", Width: 17, Align: "C"},
	}
	var rows [][]pdfCell
	for _, o := range r.Objectives {
		minSEAL := pdfCell{Text: "none", TextColor: &pdfColMuted}
		if o.MinSEAL > 0 {
			minSEAL = pdfCell{Text: sealName(o.MinSEAL)}
		}
		rows = append(rows, []pdfCell{
			{Text: o.Objective.ID, Bold: true},
			{Text: o.Objective.Name},
			{Text: o.Points.String()},
			{Text: o.Max.String()},
			{Text: fmtPct(o.Ratio, 2)},
			{Text: fmtPct(o.Weight, 0)},
			{Text: fmtFloat(o.Contribution, 2)},
			sealCell(scoring.SEALLabel(o.SEAL, !o.Complete), o.SEAL),
			minSEAL,
			resultCell(o),
		})
	}
	bold := func(s string) pdfCell { return pdfCell{Text: s, Bold: true} }
	rows = append(rows, []pdfCell{
		bold("Total"), bold("Sovereignty Score"), {}, {}, {}, bold("100 %"), bold(fmtFloat(r.Score, 2)),
		sealCell(scoring.SEALLabel(r.SEAL, r.Provisional), r.SEAL), {}, eligibleCell(&r.Summary),
	})
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	// A table of eight rows reads badly when split: move it whole to the
	// next page when it does not fit here.
	d.ensureSpace(d.tableHeight(cols, rows, opt) + 20)
	d.heading(1, "Objectives")
	d.table(cols, rows, opt)
	d.SetY(d.GetY() + 1.5)
	d.paragraph("Points are the sum of the factors' points (2 decimals). Contribution is the objective's share of "+
		"the score in percentage points: weight × points ÷ "+divisorText(r.Profile)+".", "", 7.5, pdfColMuted)
}

// resultCell says whether an objective meets the profile.
func resultCell(o scoring.ObjectiveResult) pdfCell {
	switch {
	case o.Pass:
		return pdfCell{Text: "pass", Bold: true, TextColor: &colPass}
	case o.SEAL >= 0 && o.SEAL < o.MinSEAL:
		return pdfCell{Text: "fail", Bold: true, TextColor: &colFail}
	default:
		return pdfCell{Text: "incomplete", TextColor: &pdfColMuted}
	}
}

// factorSection draws an objective's heading, its figures and its factor
// table.
func (sc *scorecard) factorSection(o *scoring.ObjectiveResult) {
	d, r := sc.d, sc.r
	nIssues := 0
	for _, is := range r.Issues {
		if is.Sheet == o.Objective.ID || strings.HasPrefix(is.Factor, o.Objective.ID+".") {
			nIssues++
		}
	}
	facts := []string{
		"Points " + o.Points.String() + " of " + o.Max.String() + " (" + fmtPct(o.Ratio, 2) + ")",
		"weight " + fmtPct(o.Weight, 0),
		"contribution " + fmtFloat(o.Contribution, 2),
		scoring.SEALLabel(o.SEAL, !o.Complete) + sealSetBy(r, o),
	}
	if o.MinSEAL > 0 {
		facts = append(facts, "required "+sealName(o.MinSEAL))
	}
	facts = append(facts, resultCell(*o).Text)
	if nIssues > 0 {
		facts = append(facts, fmt.Sprintf("%d problem%s (see Problems)", nIssues, pluralS(nIssues)))
	}
	factLine := strings.Join(facts, " · ")
	desc := strings.TrimSpace(o.Objective.Description)

	cols := []pdfColumn{
		{Header: "ID", Width: 13},
		{Header: "Factor", Width: 25},
		{Header: "Answer", Width: 34},
		{Header: "Points", Width: 13.5, Align: "C"},
		{Header: "SEAL", Width: 14, Align: "C"},
		{Header: "Conf.", Width: 12.5, Align: "C"},
		{Header: "Justification and sources"},
	}
	var rows [][]pdfCell
	for _, f := range r.Factors {
		if f.Factor.Objective != o.Objective {
			continue
		}
		rows = append(rows, []pdfCell{
			{Text: f.Factor.ID, Bold: true},
			{Text: f.Factor.Name},
			answerCell(f),
			{Text: scoring.FormatFraction(f.Points, f.Max)},
			factorSEALCell(f),
			confidenceCell(f),
			justificationCell(f),
		})
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}

	// Keep the heading, figures, description and the table header with the
	// first factor: table() moves a row that does not fit whole to the next
	// page, which would leave the header alone here.
	need := d.textHeight(factLine, "B", pdfSmallSize) + 1 + d.tableHeight(cols, rows[:min(1, len(rows))], opt)
	if desc != "" {
		need += d.textHeight(desc, "", 7.5)
	}
	d.section(o.Objective.ID+" "+o.Objective.Name, "", need)
	d.paragraph(factLine, "B", pdfSmallSize, pdfColText)
	if desc != "" {
		d.paragraph(desc, "", 7.5, pdfColMuted)
	}
	d.SetY(d.GetY() + 1)
	d.table(cols, rows, opt)
}

// answerCell shows the chosen answer in its numbered form and, when the
// assessor wrote something else, what was written.
func answerCell(f scoring.FactorResult) pdfCell {
	raw := ""
	if f.Entry != nil {
		raw = clipCell(scoring.Normalize(f.Entry.Answer.Text), maxAnswerRunes, f.Entry.Answer.Loc)
	}
	a, ok := f.Answer()
	if !ok {
		c := pdfCell{Text: "No usable answer", Bold: true, TextColor: &colFail}
		if raw != "" {
			c.Text += "\nWritten: “" + raw + "”"
		} else if f.Entry == nil {
			c.Text += "\n(row missing)"
		}
		return c
	}
	text := a.Display()
	if m := inheritedMark(f); m != "" {
		return pdfCell{Text: text + "\n" + m}
	}
	if raw != "" && !sameAnswer(raw, a) {
		text += "\nWritten: “" + raw + "”"
	}
	return pdfCell{Text: text}
}

// sameAnswer reports whether the assessor's text is just the answer's
// number or one of its official forms, which need no repeating.
func sameAnswer(raw string, a scoring.Answer) bool {
	key := func(s string) string { return strings.ToLower(strings.TrimRight(strings.TrimSpace(s), ". ")) }
	k := key(raw)
	return k == strconv.Itoa(a.Number) || k == key(a.Display()) || k == key(a.Label) || k == key(a.Text())
}

// factorSEALCell colours a factor's SEAL; an unanswered factor has none.
func factorSEALCell(f scoring.FactorResult) pdfCell {
	if f.SEAL < 0 {
		return sealCell(scoring.NoSEAL, -1)
	}
	return sealCell(sealName(f.SEAL), f.SEAL)
}

// confidenceCell shows the parsed confidence, or what was written when it
// is not one of high, medium, low.
func confidenceCell(f scoring.FactorResult) pdfCell {
	if f.Confidence != "" {
		return pdfCell{Text: f.Confidence}
	}
	if f.Entry != nil {
		if raw := clipCell(scoring.Normalize(f.Entry.Confidence.Text), maxAnswerRunes, f.Entry.Confidence.Loc); raw != "" {
			return pdfCell{Text: "“" + raw + "” (invalid)", TextColor: &colFail}
		}
	}
	return pdfCell{Text: "—", TextColor: &pdfColMuted}
}

// justificationCell is the assessor's text as written, then the valid
// sources as links under a "Sources:" line; a long text and a long list of
// sources are clipped, with a pointer to the workbook.
func justificationCell(f scoring.FactorResult) pdfCell {
	text := "—"
	var loc, srcLoc scoring.Location
	if f.InheritedFrom != "" && !f.Capped {
		text = "The host's answer and evidence: see the assessment of " + coverText(f.InheritedFrom) + "."
	}
	if f.Entry != nil {
		loc, srcLoc = f.Entry.Justification.Loc, f.Entry.Sources.Loc
		if s := strings.TrimSpace(f.Entry.Justification.Text); s != "" {
			text = clipCell(s, maxCellRunes, loc)
		}
	}
	links := f.Sources
	switch {
	case len(links) > maxCellLinks:
		text += fmt.Sprintf("\nSources (the first %d of %d; all are in %s):", maxCellLinks, len(links), where(srcLoc))
		links = links[:maxCellLinks]
	case len(links) > 0:
		text += "\nSources:"
	}
	return pdfCell{Text: text, Links: links}
}

// Bounds on the text of one scorecard cell, so that a scorecard's size
// follows its workbook's text and a pasted page does not fill pages: the
// rest stays in the workbook, at the cell named.
const (
	maxCellRunes    = 2000 // a justification
	maxAnswerRunes  = 300  // an answer or confidence as written
	maxMessageRunes = 1000 // a problem's message
	maxCellLinks    = 20   // sources listed in one cell
)

// clipCell shortens text to n runes, saying where the rest is.
func clipCell(text string, n int, loc scoring.Location) string {
	if len(text) <= n || utf8.RuneCountInString(text) <= n {
		return text
	}
	return scoring.Clip(text, n) + " [clipped: the full text is in " + where(loc) + "]"
}

// where names a cell of the workbook for the reader of a scorecard.
func where(loc scoring.Location) string {
	if loc.Sheet != "" && loc.Cell != "" {
		return "the workbook at " + loc.Sheet + "!" + loc.Cell
	}
	return "the workbook"
}

// problems lists every problem of the assessment.
func (sc *scorecard) problems() {
	d, r := sc.d, sc.r
	e, w := r.Issues.Errors(), r.Issues.Warnings()
	d.section("Problems", "", 30)
	if len(r.Issues) == 0 {
		d.paragraph("No problems were found in this assessment.", "", 9, pdfColText)
		return
	}
	d.paragraph(fmt.Sprintf("%d error%s and %d warning%s. Errors make the assessment invalid (the provider "+
		"is not eligible until they are fixed); warnings are worth a look. Locations are sheet!cell in the input workbook.",
		e, pluralS(e), w, pluralS(w)), "", 8.5, pdfColText)
	d.SetY(d.GetY() + 1)
	cols := []pdfColumn{
		{Header: "Location", Width: 20},
		{Header: "Severity", Width: 17, Align: "C"},
		{Header: "Code", Width: 34},
		{Header: "Message"},
	}
	rows := make([][]pdfCell, 0, len(r.Issues))
	for _, is := range r.Issues {
		loc := is.Location()
		if loc == "" {
			loc = "file"
		}
		rows = append(rows, []pdfCell{{Text: loc}, severityCell(is.Severity), {Text: is.Code},
			{Text: clipCell(is.Message, maxMessageRunes, scoring.Location{Sheet: is.Sheet, Cell: is.Cell})}})
	}
	d.table(cols, rows, tableOptions{FontSize: pdfTableSize, Zebra: true})
}

// severityCell colours errors red and warnings amber.
func severityCell(s scoring.Severity) pdfCell {
	fill := colFail
	if s == scoring.Warning {
		fill = colWarnFill
	}
	fg := textColorOn(fill)
	return pdfCell{Text: s.String(), Fill: &fill, TextColor: &fg, Bold: true}
}

// method explains how the figures were computed, for a reader of the
// dossier who does not know the framework.
func (sc *scorecard) method() {
	d := sc.d
	d.section("How this scorecard is computed", "", 35)
	var composition []string
	if len(sc.r.Hosts) > 0 {
		composition = append(composition, compositionRule+" An objective's SEAL names the factors that set it and "+
			"whether their answers come from the host.")
	}
	d.bullets(append([]string{
		"Each factor scores the points and the SEAL of the chosen answer on the framework's ladder; " +
			"points are shown rounded over the rounded maximum (94/125), sums use two decimals.",
		"An objective's SEAL is the lowest SEAL of its factors; the overall SEAL is the lowest objective SEAL. " +
			"An unanswered factor scores 0 points and never counts as compliant.",
		"The Sovereignty Score is 100 × the sum over objectives of weight × points ÷ " + divisorText(sc.r.Profile) +
			", with the weights of profile " + profileName(sc.r.Profile) + ".",
		"The radar chart shows each objective's points as a share of its maximum, with the objective's SEAL.",
		"A provider is eligible when the assessment is complete, has no errors and reaches the profile's minimum " +
			"SEAL on every objective; eligible providers are ranked by score. SEAL prevails over score.",
	}, composition...), 8)
}
