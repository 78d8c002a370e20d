package report

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// WriteComparison writes the A4 landscape PDF that compares providers under
// one profile: a summary, the ranking, a heat-map of objective SEALs, score
// bars, a providers × objectives chart of the objective ratios, the reasons
// of the providers that are not eligible, the profile's weights and minimum
// SEALs, and the input files with their SHA-256.
//
// Providers appear eligible first by rank, then the others in input order.
// Long lists are paginated with repeated table and chart headers; nothing is
// shrunk to fit. p may be nil; it is then taken from the first result. The
// same input and opts.Created give byte-identical output.
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
	header := "Sovereignty comparison · profile " + profile + " · " + opts.date()
	d, err := newPDFDoc(pdfOptions{
		Landscape:    true,
		Created:      opts.Created,
		Title:        fmt.Sprintf("Sovereignty comparison: %d provider%s, profile %s", len(rs), pluralS(len(rs)), profile),
		Author:       opts.tool(),
		Subject:      strings.TrimSpace(fw.Name + " " + fw.Version + " comparison"),
		Keywords:     "cloud sovereignty, SEAL, comparison, " + fw.Name,
		Creator:      opts.tool(),
		Lang:         "en",
		FooterLeft:   opts.tool(),
		FooterCenter: fmt.Sprintf("Comparison of %d provider%s · profile %s · %s", len(rs), pluralS(len(rs)), profile, opts.date()),
		Header:       header,
		Font:         opts.Font,
	})
	if err != nil {
		return err
	}
	c := &comparison{d: d, fw: fw, p: p, opts: opts, input: rs, order: scoring.DisplayOrder(rs)}
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
	c.titleBlock()
	if len(c.input) == 0 {
		c.d.paragraph("No assessments were given, so there is nothing to compare.", "", 9, pdfColText)
		c.profileTable()
		return
	}
	c.ranking()
	c.heatMap()
	c.scoreBars()
	c.objectiveGrid()
	c.ineligible()
	c.hostsSection()
	c.profileTable()
	c.inputFiles()
}

// titleBlock names the comparison and summarises it in four panels.
func (c *comparison) titleBlock() {
	d := c.d
	n, el := len(c.input), c.eligible()
	d.heading(0, "Sovereignty comparison")
	d.paragraph(fmt.Sprintf("%d cloud provider%s assessed against the %s %s and compared under profile %s.",
		n, pluralS(n), c.fw.Name, c.fw.Version, profileName(c.p)), "", 10, pdfColText)
	d.SetY(d.GetY() + 1)
	left := [][2]string{
		{"Document date", c.opts.date()},
		{"Profile", profileLabel(c.p)},
		{"Minimum SEALs", c.minimums()},
	}
	if c.p != nil && strings.TrimSpace(c.p.Description) != "" {
		left = append(left, [2]string{"Description", c.p.Description})
	}
	right := [][2]string{
		{"Framework", strings.TrimSpace(c.fw.Name + " " + c.fw.Version)},
		{"Providers", strconv.Itoa(n)},
		{"Eligible", fmt.Sprintf("%d of %d", el, n)},
		{"Produced by", c.opts.tool()},
	}
	d.keyValueColumns(left, right, 30)
	d.rule()

	l, _, _, _ := d.GetMargins()
	const gap, h = 5.0, 24.0
	pw := (d.contentWidth() - 3*gap) / 4
	d.ensureSpace(h + 6)
	y := d.GetY()
	x := l
	d.panel(x, y, pw, h, "Providers compared")
	d.centered(x, y+8, pw, strconv.Itoa(n), "B", 22, pdfColHeading)
	x += pw + gap
	d.panel(x, y, pw, h, "Eligible")
	d.centered(x, y+8, pw, strconv.Itoa(el), "B", 22, colPass)
	x += pw + gap
	d.panel(x, y, pw, h, "Not eligible")
	d.centered(x, y+8, pw, strconv.Itoa(n-el), "B", 22, colFail)
	x += pw + gap
	d.panel(x, y, pw, h, "Ranked first")
	if el > 0 {
		best := c.order[0]
		d.centered(x, y+7, pw, coverText(best.ProviderName()), "B", 11, pdfColHeading)
		d.centered(x, y+13, pw, fmtFloat(best.Score, 2)+" % · "+scoring.SEALLabel(best.SEAL, best.Provisional), "", 9.5, pdfColText)
	} else {
		d.centered(x, y+9, pw, "no eligible provider", "I", 10, pdfColMuted)
	}
	d.SetXY(l, y+h+3)
}

// minimums lists the profile's minimum SEALs, e.g. "SOV-3: SEAL-3".
func (c *comparison) minimums() string {
	if c.p == nil {
		return "—"
	}
	var parts []string
	for _, o := range c.fw.Objectives {
		if m := c.p.MinSEAL[o.ID]; m > 0 {
			parts = append(parts, o.ID+": "+sealName(m))
		}
	}
	if len(parts) == 0 {
		return "none (every SEAL is accepted)"
	}
	return strings.Join(parts, ", ")
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
	c.d.section("Ranking", "Eligible providers are ranked by Sovereignty Score; the others follow in input order. "+
		"SEAL is the overall SEAL (the lowest objective SEAL); * marks a provisional SEAL of an incomplete assessment.",
		c.d.tableHeight(cols, firstRows(len(c.order), row), opt))
	c.d.tableRows(cols, len(c.order), row, opt)
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
	if c.p != nil && hasMinimum(c.p) {
		note += "“2 < 3”: below the profile's minimum of SEAL-3; "
	}
	note += "“—”: no factor of the objective was answered."
	c.d.section("SEAL heat-map", note, c.d.tableHeight(cols, firstRows(len(c.order), mkRow), opt))
	c.d.tableRows(cols, len(c.order), mkRow, opt)
}

// hasMinimum reports whether the profile sets any minimum SEAL.
func hasMinimum(p *scoring.Profile) bool {
	for _, m := range p.MinSEAL {
		if m > 0 {
			return true
		}
	}
	return false
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

// scoreBars draws one horizontal bar per provider, paginated: a provider
// list never shrinks to fit a page, it continues on the next one with the
// scale repeated.
func (c *comparison) scoreBars() {
	d := c.d
	l, _, _, _ := d.GetMargins()
	const (
		rowH   = 6.0
		rankW  = 12.0
		nameW  = 78.0
		scoreW = 20.0
		sealW  = 18.0
		scaleH = 5.0
		groupH = 6.0
	)
	barX := l + rankW + nameW + 3
	barW := d.contentWidth() - rankW - nameW - 3 - 4 - scoreW - sealW - 2
	ticks := func(y, h float64) {
		d.setDrawRGB(pdfColGrid)
		d.SetLineWidth(0.15)
		for t := 0; t <= 4; t++ {
			x := barX + barW*float64(t)/4
			d.Line(x, y, x, y+h)
		}
	}
	scale := func() {
		y := d.GetY()
		d.setFont("", 7)
		d.setTextRGB(pdfColMuted)
		d.setFillRGB(pdfColWhite)
		for t := 0; t <= 4; t++ {
			x := barX + barW*float64(t)/4
			d.textLine(x-10, y, 20, 4, strconv.Itoa(25*t)+" %", "C")
		}
		d.textLine(l+rankW+nameW+3+barW+4, y, scoreW, 4, "Score", "R")
		d.textLine(l+d.contentWidth()-sealW, y, sealW, 4, "SEAL", "C")
		d.SetXY(l, y+scaleH)
		d.resetStyle()
	}
	current := "" // the group being drawn, repeated on a new page
	groupLine := func(title string) {
		y := d.GetY()
		d.setFont("B", pdfSmallSize)
		d.setTextRGB(pdfColHeading)
		d.setFillRGB(pdfColWhite)
		d.textLine(l, y+1, d.contentWidth(), groupH-1, title, "L")
		d.SetXY(l, y+groupH)
	}
	need := func(h float64) {
		if d.GetY()+h > d.pageBottom()+pdfEps {
			d.AddPage()
			scale()
			if current != "" {
				groupLine(current + " (continued)")
			}
		}
	}
	c.d.section("Sovereignty Scores", "Score from 0 to 100 %. Eligible providers (blue) by rank, then the providers "+
		"that are not eligible (grey) in input order; their score does not rank.",
		scaleH+groupH+float64(min(3, len(c.order)))*rowH)
	scale()
	group := func(title string) {
		current = ""
		need(groupH + rowH)
		current = title
		groupLine(title)
	}
	el := c.eligible()
	for i, r := range c.order {
		switch {
		case i == 0 && el > 0:
			group(fmt.Sprintf("Eligible (%d), by rank", el))
		case i == el:
			group(fmt.Sprintf("Not eligible (%d), in input order", len(c.order)-el))
		}
		need(rowH)
		y := d.GetY()
		if i%2 == 1 {
			d.setFillRGB(pdfColZebra)
			d.Rect(l, y, d.contentWidth(), rowH, "F")
		}
		ticks(y, rowH)
		fill := pdfColChart
		rank := ""
		if r.Eligible {
			if r.Rank > 0 {
				rank = strconv.Itoa(r.Rank)
			}
		} else {
			fill = colIneligible
		}
		d.setFont("B", pdfTableSize)
		d.setTextRGB(pdfColText)
		d.textLine(l, y, rankW-2, rowH, rank, "R")
		style := ""
		if r.Eligible {
			style = "B"
		}
		d.setFont(style, pdfTableSize)
		d.setTextRGB(pdfColText)
		d.textLine(l+rankW, y, nameW, rowH, d.truncateEnd(sanitizeText(coverText(r.ProviderName())), nameW), "L")
		d.hbar(barX, y+1.4, barW, rowH-2.8, r.Score, 100, fill)
		d.setFont("B", pdfTableSize)
		d.setTextRGB(pdfColText)
		d.textLine(barX+barW+4, y, scoreW, rowH, fmtFloat(r.Score, 2)+" %", "R")
		d.badge(l+d.contentWidth()-sealW+1, y+0.9, sealW-2, rowH-1.8, scoring.SEALLabel(r.SEAL, r.Provisional), sealColor(r.SEAL))
		d.SetXY(l, y+rowH)
	}
	d.SetY(d.GetY() + 2)
	d.resetStyle()
}

// objectiveGrid draws a providers × objectives grid: in each cell a bar of
// the objective's ratio (points ÷ maximum), coloured by the objective's SEAL,
// and the ratio in percent. The header row repeats on every page.
func (c *comparison) objectiveGrid() {
	d := c.d
	l, _, _, _ := d.GetMargins()
	objs := c.fw.Objectives
	const (
		nameW = 62.0
		rowH  = 6.0
		pad   = 1.5
		pctW  = 10.0
	)
	colW := (d.contentWidth() - nameW) / float64(max(1, len(objs)))

	// The header: ID in bold, then the name on up to two lines.
	headLines := make([][]string, len(objs))
	nLines := 1
	d.setFont("", 7)
	for i, o := range objs {
		lines := d.wrapLines(o.Name, colW-2*pad)
		if len(lines) > 3 {
			lines = []string{lines[0], lines[1], d.truncateEnd(strings.Join(lines[2:], " "), colW-2*pad)}
		}
		headLines[i] = lines
		nLines = max(nLines, len(lines))
	}
	headH := 2*pad + pdfLineHeight(7.5) + float64(nLines)*pdfLineHeight(7)*0.95
	header := func() {
		y := d.GetY()
		d.setFillRGB(pdfColHeaderFill)
		d.Rect(l, y, d.contentWidth(), headH, "F")
		d.setFont("B", 7.5)
		d.setTextRGB(pdfColText)
		d.textLine(l+pad, y+pad, nameW-2*pad, pdfLineHeight(7.5), "Provider", "L")
		for i, o := range objs {
			x := l + nameW + float64(i)*colW
			d.setFont("B", 7.5)
			d.setTextRGB(pdfColText)
			d.textLine(x+pad, y+pad, colW-2*pad, pdfLineHeight(7.5), o.ID, "L")
			d.setFont("", 7)
			for k, s := range headLines[i] {
				d.textLine(x+pad, y+pad+pdfLineHeight(7.5)+float64(k)*pdfLineHeight(7)*0.95, colW-2*pad, pdfLineHeight(7)*0.95, s, "L")
			}
		}
		d.SetXY(l, y+headH)
		d.resetStyle()
	}
	c.d.section("Objectives compared", "Bar length: the objective's points as a share of its maximum; colour: the "+
		"objective's SEAL (grey: not answered). Same provider order as above.",
		headH+float64(min(3, len(c.order)))*rowH)
	header()
	for i, r := range c.order {
		if d.GetY()+rowH > d.pageBottom()+pdfEps {
			d.AddPage()
			header()
		}
		y := d.GetY()
		if i%2 == 1 {
			d.setFillRGB(pdfColZebra)
			d.Rect(l, y, d.contentWidth(), rowH, "F")
		}
		style := ""
		if r.Eligible {
			style = "B"
		}
		d.setFont(style, pdfTableSize)
		d.setTextRGB(pdfColText)
		d.textLine(l+pad, y, nameW-2*pad, rowH, d.truncateEnd(sanitizeText(coverText(r.ProviderName())), nameW-2*pad), "L")
		for k, o := range objs {
			x := l + nameW + float64(k)*colW
			or, ok := r.Objective(o.ID)
			ratio, seal := 0.0, -1
			if ok {
				ratio, seal = or.Ratio, or.SEAL
			}
			d.hbar(x+pad+0.5, y+1.6, colW-2*pad-pctW-1, rowH-3.2, ratio, 1, sealColor(seal))
			d.setFont("", 7)
			d.setTextRGB(pdfColText)
			d.textLine(x+colW-pad-pctW, y, pctW, rowH, fmtFloat(100*ratio, 0)+" %", "R")
		}
		// Separators keep a ratio apart from the next column's bar.
		d.setDrawRGB(pdfColGrid)
		d.SetLineWidth(0.15)
		for k := range objs {
			x := l + nameW + float64(k)*colW
			d.Line(x, y, x, y+rowH)
		}
		d.SetXY(l, y+rowH)
	}
	d.resetStyle()
	d.SetY(d.GetY() + 2)
}

// ineligible lists the providers that are not eligible and why.
func (c *comparison) ineligible() {
	d := c.d
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
		c.d.section("Providers not eligible", "", 10)
		d.paragraph("Every provider is eligible under this profile.", "", 9, pdfColText)
		return
	}
	cols := []pdfColumn{
		{Header: "Provider", Width: 70},
		{Header: "Score", Width: 20, Align: "R"},
		{Header: "SEAL", Width: 18, Align: "C"},
		{Header: "Reasons"},
	}
	opt := tableOptions{FontSize: pdfTableSize, Zebra: true}
	c.d.section("Providers not eligible", "In input order. A provider is eligible when its assessment is complete, "+
		"has no validation errors and reaches the profile's minimum SEAL on every objective.",
		d.tableHeight(cols, firstRows(len(which), row), opt))
	d.tableRows(cols, len(which), row, opt)
}

// profileTable shows the weights and minimum SEALs the providers were
// compared with.
func (c *comparison) profileTable() {
	d := c.d
	// The profile table is short: keep the section on one page.
	c.d.section("Profile: "+profileName(c.p), "", 110)
	if c.p == nil {
		d.paragraph("No profile was given.", "", 9, pdfColText)
		return
	}
	if desc := strings.TrimSpace(c.p.Description); desc != "" {
		d.paragraph(desc, "", 9, pdfColText)
	}
	src := "built into sovscore"
	switch {
	case c.p.Source != "":
		src = "read from " + filepath.Base(c.p.Source)
	case !c.p.BuiltIn:
		src = "set for this comparison"
	}
	d.paragraph("Profile "+src+". Score = 100 × Σ weight × points ÷ "+divisorText(c.p)+
		". An offer below a minimum SEAL on any objective is not eligible, whatever its score.", "", pdfSmallSize, pdfColMuted)
	cols := []pdfColumn{
		{Header: "ID", Width: 16},
		{Header: "Objective"},
		{Header: "Factors", Width: 18, Align: "R"},
		{Header: "Weight", Width: 20, Align: "R"},
		{Header: "Divisor", Width: 22, Align: "R"},
		{Header: "Minimum SEAL", Width: 62},
	}
	var rows [][]pdfCell
	total := 0.0
	for _, o := range c.fw.Objectives {
		w := c.p.Weights[o.ID]
		total += w
		div := strconv.FormatFloat(c.p.DivisorFor(o), 'f', -1, 64)
		minCell := pdfCell{Text: "none", TextColor: &pdfColMuted}
		if m := c.p.MinSEAL[o.ID]; m > 0 {
			minCell = sealCell(sealName(m)+" "+c.fw.SEALName(m), m)
		}
		rows = append(rows, []pdfCell{
			{Text: o.ID, Bold: true}, {Text: o.Name}, {Text: strconv.Itoa(len(o.Factors))},
			{Text: fmtPct(w, 1)}, {Text: div}, minCell,
		})
	}
	rows = append(rows, []pdfCell{{Text: "Total", Bold: true}, {}, {}, {Text: fmtPct(total, 1), Bold: true}, {}, {}})
	d.table(cols, rows, tableOptions{FontSize: pdfTableSize, Zebra: true})
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
	c.d.section("Input files", "In input order. The SHA-256 identifies the exact file scored; each provider's "+
		"scorecard carries the same value in its footer.", d.tableHeight(cols, firstRows(len(c.input), row), opt))
	d.tableRows(cols, len(c.input), row, opt)
}
