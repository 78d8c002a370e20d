package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sovscore/sovscore/scoring"
)

// PDFOptions configures the PDF reports.
type PDFOptions struct {
	// Created is the document date, printed in the report and written as
	// the PDF's creation date. The caller fixes it (e.g. from the
	// assessment date) so that the same input gives byte-identical output;
	// it must not be zero.
	Created time.Time
	// ToolName and ToolVersion identify the program in the footer and the
	// document properties ("sovscore v1.4.0").
	ToolName    string
	ToolVersion string
}

// tool returns "name version", defaulting the name to sovscore.
func (o PDFOptions) tool() string {
	name := strings.TrimSpace(o.ToolName)
	if name == "" {
		name = "sovscore"
	}
	return strings.TrimSpace(name + " " + o.ToolVersion)
}

// date is the report date as an ISO date, unambiguous in every EU language.
func (o PDFOptions) date() string { return o.Created.UTC().Format("2006-01-02") }

// Colours of the reports, on top of the toolkit's palette.
var (
	colPass     = rgb{46, 125, 50}
	colFail     = rgb{198, 40, 40}
	colPanel    = rgb{244, 246, 249}
	colNotice   = rgb{253, 237, 237}
	colWarnFill = rgb{249, 190, 35}
)

// Type sizes of the report tables; nothing is drawn below 7 pt.
const (
	pdfTableSize = 7.5
	pdfSmallSize = 8.0
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
	name := r.ProviderName()
	header := "Sovereignty scorecard · " + name
	if svc := scoring.Normalize(r.Provider.Service.Text); svc != "" {
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
	d.heading(0, "Sovereignty scorecard: "+r.ProviderName())
	sc.about()
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
	if r := []rune(s); len(r) > coverLimit {
		return strings.TrimSpace(string(r[:coverLimit-1])) + "…"
	}
	return s
}

// profileLabel names a profile and its divisor.
func profileLabel(p *scoring.Profile) string {
	if p == nil {
		return "—"
	}
	return p.Name + " (divided by the " + divisorLabel(p) + ")"
}

// divisorLabel says what objective points are divided by in the score.
func divisorLabel(p *scoring.Profile) string {
	switch {
	case p == nil:
		return "—"
	case p.Divisor == scoring.DivisorNominal:
		return "nominal 1000"
	default:
		return "exact objective maximum"
	}
}

// keyValueColumns draws two key/value blocks side by side. When either is
// too tall for the rest of the page (long workbook text), they are drawn one
// after the other instead, so that no value is cut.
func (d *pdfDoc) keyValueColumns(left, right [][2]string, labelWidth float64) {
	const gap = 8.0
	l, t, rm, _ := d.GetMargins()
	colW := (d.contentWidth() - gap) / 2
	height := func(pairs [][2]string) float64 {
		h := 0.0
		for _, kv := range pairs {
			d.setFont("", 9)
			n := len(d.wrapLines(kv[1], colW-labelWidth))
			d.setFont("B", 9)
			n = max(n, len(d.wrapLines(kv[0], labelWidth-2)))
			h += float64(n)*pdfLineHeight(9) + 0.8
		}
		return h
	}
	if y := d.GetY(); y+max(height(left), height(right)) > d.pageBottom() {
		d.keyValueBlock(append(append([][2]string{}, left...), right...), labelWidth)
		return
	}
	y0 := d.GetY()
	d.SetMargins(l, t, rm+colW+gap)
	d.SetXY(l, y0)
	d.keyValueBlock(left, labelWidth)
	y1 := d.GetY()
	d.SetMargins(l+colW+gap, t, rm)
	d.SetXY(l+colW+gap, y0)
	d.keyValueBlock(right, labelWidth)
	y2 := d.GetY()
	d.SetMargins(l, t, rm)
	d.SetXY(l, math.Max(y1, y2))
}

// rule draws a thin horizontal line across the content width with some
// space around it.
func (d *pdfDoc) rule() {
	l, _, _, _ := d.GetMargins()
	y := d.GetY() + 1.5
	d.setDrawRGB(pdfColRule)
	d.SetLineWidth(0.2)
	d.Line(l, y, l+d.contentWidth(), y)
	d.SetXY(l, y+3)
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

// noticeBox draws a titled box with a coloured left edge, for messages a
// reader must not miss.
func (d *pdfDoc) noticeBox(title string, paragraphs []string, edge, fill rgb) {
	l, _, _, _ := d.GetMargins()
	w := d.contentWidth()
	const pad, size = 3.0, 9.0
	lh := pdfLineHeight(size)
	d.setFont("B", 10)
	titleLines := d.wrapLines(title, w-2*pad-2)
	d.setFont("", size)
	var lines []string
	for i, p := range paragraphs {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, d.wrapLines(p, w-2*pad-2)...)
	}
	h := float64(len(titleLines))*pdfLineHeight(10) + 1 + float64(len(lines))*lh + 2*pad
	if _, top, _, _ := d.GetMargins(); h > d.pageBottom()-top {
		// Taller than a page (pathological input): plain paragraphs break pages.
		d.paragraphColored(title, "B", 10, edge)
		for _, p := range paragraphs {
			d.paragraphColored(p, "", size, pdfColText)
		}
		return
	}
	d.ensureSpace(h)
	y := d.GetY()
	d.setFillRGB(fill)
	d.Rect(l, y, w, h, "F")
	d.setFillRGB(edge)
	d.Rect(l, y, 1.5, h, "F")
	ty := y + pad
	d.setFont("B", 10)
	d.setTextRGB(edge)
	for _, s := range titleLines {
		d.textLine(l+pad+2, ty, w-2*pad-2, pdfLineHeight(10), s, "L")
		ty += pdfLineHeight(10)
	}
	ty++
	d.setFont("", size)
	d.setTextRGB(pdfColText)
	for _, s := range lines {
		d.textLine(l+pad+2, ty, w-2*pad-2, lh, s, "L")
		ty += lh
	}
	d.SetXY(l, y+h+4)
	d.resetStyle()
}

// sealName is "SEAL-3" or "no SEAL" for a level.
func sealName(level int) string {
	if level < 0 {
		return "no SEAL"
	}
	return "SEAL-" + strconv.Itoa(level)
}

// sealShort is "SEAL-3", "SEAL-3*" when provisional, or "—". In Markdown
// a "*" after a digit and before a space or "|" can only close emphasis,
// never open it, so it needs no escape there either.
func sealShort(level int, provisional bool) string {
	if level < 0 {
		return "—"
	}
	s := "SEAL-" + strconv.Itoa(level)
	if provisional {
		s += "*"
	}
	return s
}

// sealCell is a table cell coloured for a SEAL level.
func sealCell(text string, level int) pdfCell {
	fill, fg := sealColor(level), sealTextColor(level)
	return pdfCell{Text: text, Fill: &fill, TextColor: &fg, Bold: true}
}

// fmtFloat formats x with the given decimals, rounding half away from zero.
func fmtFloat(x float64, decimals int) string {
	return strconv.FormatFloat(round(x, decimals), 'f', decimals, 64)
}

// fmtPct formats a ratio (0..1) as a percentage.
func fmtPct(ratio float64, decimals int) string { return fmtFloat(100*ratio, decimals) + " %" }

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
		ann[i] = sealShort(o.SEAL, !o.Complete) + " · " + fmtPct(o.Ratio, 0)
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
		d.paragraphColored("SEALs marked * are provisional: an unanswered factor never counts as compliant, so they are "+
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

// pluralS is the "s" of a plural noun for n things.
func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// upperFirst capitalises the first letter of a message for a list item.
func upperFirst(s string) string {
	for i, c := range s {
		if c >= 'a' && c <= 'z' {
			return s[:i] + strings.ToUpper(string(c)) + s[i+1:]
		}
		break
	}
	return s
}

// panel draws a light rounded box with a small caption at its top.
func (d *pdfDoc) panel(x, y, w, h float64, caption string) {
	d.setFillRGB(colPanel)
	d.setDrawRGB(pdfColRule)
	d.SetLineWidth(0.2)
	d.RoundedRect(x, y, w, h, 2, "1234", "FD")
	d.centered(x, y+1.8, w, strings.ToUpper(caption), "B", 7, pdfColMuted)
}

// centered draws one line of text centred in [x, x+w] at y, shortened to fit.
func (d *pdfDoc) centered(x, y, w float64, text, style string, size float64, color rgb) {
	d.setFont(style, size)
	d.setTextRGB(color)
	d.setFillRGB(pdfColWhite)
	d.textLine(x+1, y, w-2, pdfLineHeight(size), d.truncateEnd(sanitizeText(text), w-4), "C")
	d.resetStyle()
}

// bullets draws a list with hanging indents, breaking pages between lines.
func (d *pdfDoc) bullets(items []string, size float64) {
	l, _, _, _ := d.GetMargins()
	lh := pdfLineHeight(size)
	const indent = 4.0
	for _, it := range items {
		d.setFont("", size)
		lines := d.wrapLines(it, d.contentWidth()-indent)
		for i, s := range lines {
			d.ensureSpace(lh)
			d.setFont("", size)
			d.setTextRGB(pdfColText)
			d.setFillRGB(pdfColWhite)
			if i == 0 {
				d.textLine(l+0.5, d.GetY(), indent, lh, "•", "L")
			}
			d.textLine(l+indent, d.GetY(), d.contentWidth()-indent, lh, s, "L")
			d.SetXY(l, d.GetY()+lh)
		}
	}
	d.SetXY(l, d.GetY()+1)
	d.resetStyle()
}

// section draws a level-1 heading and an optional note in small grey type,
// first moving to a new page unless they and need mm of what follows fit.
func (d *pdfDoc) section(title, note string, need float64) {
	d.setFont("B", 12)
	h := 4 + float64(len(d.wrapLines(title, d.contentWidth())))*pdfLineHeight(12) + 1.5
	if note != "" {
		h += d.textHeight(note, "", pdfSmallSize)
	}
	d.ensureSpace(h + need)
	d.heading(1, title)
	if note != "" {
		d.paragraphColored(note, "", pdfSmallSize, pdfColMuted)
	}
}

// textHeight is the height paragraphColored needs for text.
func (d *pdfDoc) textHeight(text, style string, size float64) float64 {
	d.setFont(style, size)
	n := len(d.wrapLines(text, d.contentWidth()))
	d.resetStyle()
	return float64(n)*pdfLineHeight(size) + 1
}

// paragraphColored is paragraph in a given colour.
func (d *pdfDoc) paragraphColored(text, style string, size float64, color rgb) {
	lh := pdfLineHeight(size)
	l, _, _, _ := d.GetMargins()
	d.setFont(style, size)
	for _, ln := range d.wrapLines(text, d.contentWidth()) {
		d.ensureSpace(lh)
		d.setFont(style, size)
		d.setTextRGB(color)
		d.setFillRGB(pdfColWhite)
		d.textLine(l, d.GetY(), d.contentWidth(), lh, ln, "L")
		d.SetXY(l, d.GetY()+lh)
	}
	d.SetXY(l, d.GetY()+1)
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
			sealCell(sealShort(o.SEAL, !o.Complete), o.SEAL),
			minSEAL,
			resultCell(o),
		})
	}
	bold := func(s string) pdfCell { return pdfCell{Text: s, Bold: true} }
	rows = append(rows, []pdfCell{
		bold("Total"), bold("Sovereignty Score"), {}, {}, {}, bold("100 %"), bold(fmtFloat(r.Score, 2)),
		sealCell(sealShort(r.SEAL, r.Provisional), r.SEAL), {}, eligibleCell(&r.Summary),
	})
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	// A table of eight rows reads badly when split: move it whole to the
	// next page when it does not fit here.
	d.ensureSpace(d.tableHeight(cols, rows, opt) + 20)
	d.heading(1, "Objectives")
	d.table(cols, rows, opt)
	d.SetY(d.GetY() + 1.5)
	d.paragraphColored("Points are the sum of the factors' points (2 decimals). Contribution is the objective's share of "+
		"the score in percentage points: weight × points ÷ "+divisorText(r.Profile)+".", "", 7.5, pdfColMuted)
}

// tableHeight is the height table() needs for rows, without page breaks.
// It follows table()'s layout: every cell's text and links wrapped to its
// column, one line height per line, padding above and below.
func (d *pdfDoc) tableHeight(cols []pdfColumn, rows [][]pdfCell, opt tableOptions) float64 {
	size, lh, pad := opt.metrics()
	widths := d.tableWidths(cols, opt)
	lines := func(c pdfCell, w float64) int {
		style := ""
		if c.Bold {
			style = "B"
		}
		d.setFont(style, size)
		n := 0
		if c.Text != "" || c.Link != "" || len(c.Links) == 0 {
			n = len(d.wrapLines(cmp.Or(c.Text, c.Link), w-2*pad))
		}
		for _, u := range c.Links {
			n += len(d.wrapLines(u, w-2*pad))
		}
		return max(n, 1)
	}
	row := func(cells []pdfCell) float64 {
		n := 1
		for i, c := range cells {
			if i < len(widths) {
				n = max(n, lines(c, widths[i]))
			}
		}
		return float64(n)*lh + 2*pad
	}
	header := make([]pdfCell, len(cols))
	for i, c := range cols {
		header[i] = pdfCell{Text: c.Header, Bold: true}
	}
	h := row(header)
	for _, r := range rows {
		h += row(r)
	}
	d.resetStyle()
	return h
}

// divisorText says what objective points are divided by.
func divisorText(p *scoring.Profile) string {
	if p != nil && p.Divisor == scoring.DivisorNominal {
		return "1000"
	}
	return "the objective's maximum"
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

// eligibleCell is the overall verdict for the total row.
func eligibleCell(r *scoring.Summary) pdfCell {
	if r.Eligible {
		return pdfCell{Text: "eligible", Bold: true, TextColor: &colPass}
	}
	return pdfCell{Text: "not eligible", Bold: true, TextColor: &colFail}
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
		sealShort(o.SEAL, !o.Complete),
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
	d.paragraphColored(factLine, "B", pdfSmallSize, pdfColText)
	if desc != "" {
		d.paragraphColored(desc, "", 7.5, pdfColMuted)
	}
	d.SetY(d.GetY() + 1)
	d.table(cols, rows, opt)
}

// answerCell shows the chosen answer in its numbered form and, when the
// assessor wrote something else, what was written.
func answerCell(f scoring.FactorResult) pdfCell {
	raw := ""
	if f.Entry != nil {
		raw = scoring.Normalize(f.Entry.Answer.Text)
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
		return sealCell("—", -1)
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
		if raw := scoring.Normalize(f.Entry.Confidence.Text); raw != "" {
			return pdfCell{Text: "“" + raw + "” (invalid)", TextColor: &colFail}
		}
	}
	return pdfCell{Text: "—", TextColor: &pdfColMuted}
}

// justificationCell is the assessor's text as written, then the valid
// sources as links under a "Sources:" line.
func justificationCell(f scoring.FactorResult) pdfCell {
	text := "—"
	if f.Entry != nil {
		if s := strings.TrimSpace(f.Entry.Justification.Text); s != "" {
			text = s
		}
	}
	if len(f.Sources) > 0 {
		text += "\nSources:"
	}
	return pdfCell{Text: text, Links: f.Sources}
}

// problems lists every problem of the assessment.
func (sc *scorecard) problems() {
	d, r := sc.d, sc.r
	e, w := r.Issues.Errors(), r.Issues.Warnings()
	d.section("Problems", "", 30)
	if len(r.Issues) == 0 {
		d.paragraphColored("No problems were found in this assessment.", "", 9, pdfColText)
		return
	}
	d.paragraphColored(fmt.Sprintf("%d error%s and %d warning%s. Errors make the assessment invalid (the provider "+
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
		rows = append(rows, []pdfCell{{Text: loc}, severityCell(is.Severity), {Text: is.Code}, {Text: is.Message}})
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
	d.bullets([]string{
		"Each factor scores the points and the SEAL of the chosen answer on the framework's ladder; " +
			"points are shown rounded over the rounded maximum (94/125), sums use two decimals.",
		"An objective's SEAL is the lowest SEAL of its factors; the overall SEAL is the lowest objective SEAL. " +
			"An unanswered factor scores 0 points and never counts as compliant.",
		"The Sovereignty Score is 100 × the sum over objectives of weight × points ÷ " + divisorText(sc.r.Profile) +
			", with the weights of profile " + profileName(sc.r.Profile) + ".",
		"The radar chart shows each objective's points as a share of its maximum, with the objective's SEAL.",
		"A provider is eligible when the assessment is complete, has no errors and reaches the profile's minimum " +
			"SEAL on every objective; eligible providers are ranked by score. SEAL prevails over score.",
	}, 8)
}

func profileName(p *scoring.Profile) string {
	if p == nil {
		return "—"
	}
	return p.Name
}
