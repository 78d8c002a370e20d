package report

// Tables of the PDF toolkit: wrapped cells, links, repeated headers and
// rows split across pages.

import (
	"cmp"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// pdfColumn describes a table column. A Width of 0 shares the width left by
// the other columns; widths are scaled down when the table would be wider
// than the space to the right margin. Align is "L" (default), "C" or "R".
type pdfColumn struct {
	Header string
	Width  float64
	Align  string
}

// pdfCell is one table cell. Link makes the whole cell clickable and draws
// its text in blue (the URL itself is shown when Text is empty); each entry
// of Links is drawn on its own line(s) below Text, at most maxLinkLines of
// them (a longer URL is shown clipped, with an ellipsis), and is one
// clickable area of its own. Only http, https and mailto links become
// clickable; others are shown as text. Fill and TextColor override the
// zebra and default colours.
type pdfCell struct {
	Text      string
	Link      string
	Links     []string
	Fill      *rgb
	Bold      bool
	TextColor *rgb
}

// tableOptions tunes table(). Zero values give the defaults.
type tableOptions struct {
	FontSize   float64 // pt, default 8.5
	LineHeight float64 // mm, default 4.2 at 8.5 pt (scaled with FontSize)
	Padding    float64 // mm, inside each cell, default 1.2
	Zebra      bool    // shade every other row
	HeaderFill *rgb    // default light grey
	X          float64 // left edge, default the left margin
}

// cellLine is one laid-out line of a table cell.
type cellLine struct {
	text  string
	link  string // clickable target of this line and the next ones of its URL
	first bool   // the first line of its URL: a new clickable area starts here
	color rgb
}

// Bounds that keep a table's size proportional to its text: one URL
// takes at most maxLinkLines lines (and one clickable area), and only its
// first maxLinkRunes runes are laid out (more never fit in those lines).
const (
	maxLinkLines = 2
	maxLinkRunes = 1000
)

// cellLayout is a table cell wrapped to its column.
type cellLayout struct {
	lines    []cellLine
	bold     bool
	fill     *rgb
	cellLink string // clickable target of the whole cell
}

// metrics returns the font size, line height and padding of a table,
// with the defaults for what the options leave at zero.
func (opt tableOptions) metrics() (size, lineHeight, padding float64) {
	size, lineHeight, padding = opt.FontSize, opt.LineHeight, opt.Padding
	if size <= 0 {
		size = 8.5
	}
	if lineHeight <= 0 {
		lineHeight = 4.2 * size / 8.5
	}
	if padding <= 0 {
		padding = 1.2
	}
	return size, lineHeight, padding
}

// table draws rows under a header of cols at the current position. Each
// row's height is computed before drawing it; a row that does not fit goes
// to a new page, where the header row is repeated. A row taller than a page
// is split between pages line by line. The position ends below the table.
func (d *pdfDoc) table(cols []pdfColumn, rows [][]pdfCell, opt tableOptions) {
	d.tableRows(cols, len(rows), func(i int) []pdfCell { return rows[i] }, opt)
}

// tableRows is table with its n rows made one at a time by row, in order:
// a table with a row per provider is never held whole, whatever the number
// of providers.
func (d *pdfDoc) tableRows(cols []pdfColumn, n int, row func(i int) []pdfCell, opt tableOptions) {
	if len(cols) == 0 {
		return
	}
	size, lh, pad := opt.metrics()
	headerFill := pdfColHeaderFill
	if opt.HeaderFill != nil {
		headerFill = *opt.HeaderFill
	}
	x0, widths := d.tableX(opt), d.tableWidths(cols, opt)

	layout := func(c pdfCell, col int) cellLayout {
		inner := widths[col] - 2*pad
		lay := cellLayout{bold: c.Bold, fill: c.Fill}
		style := ""
		if c.Bold {
			style = "B"
		}
		d.setFont(style, size)
		color := pdfColText
		if c.TextColor != nil {
			color = *c.TextColor
		}
		text := c.Text
		if c.Link != "" {
			lay.cellLink = linkTarget(c.Link)
			if text == "" {
				text = c.Link
			}
			if lay.cellLink != "" && c.TextColor == nil {
				color = pdfColLink
			}
		}
		if text != "" || len(c.Links) == 0 {
			for _, s := range d.wrapLines(text, inner) {
				lay.lines = append(lay.lines, cellLine{text: s, color: color})
			}
		}
		// A trailing newline in workbook text should not add an empty line.
		for len(lay.lines) > 1 && lay.lines[len(lay.lines)-1].text == "" {
			lay.lines = lay.lines[:len(lay.lines)-1]
		}
		for _, u := range c.Links {
			target := linkTarget(u)
			lc := color
			if target != "" && c.TextColor == nil {
				lc = pdfColLink
			}
			for i, s := range d.linkLines(u, inner) {
				lay.lines = append(lay.lines, cellLine{text: s, link: target, first: i == 0, color: lc})
			}
		}
		return lay
	}

	header := make([]cellLayout, len(cols))
	headerLines := 1
	for i, c := range cols {
		header[i] = layout(pdfCell{Text: c.Header, Bold: true}, i)
		headerLines = max(headerLines, len(header[i].lines))
	}
	headerH := float64(headerLines)*lh + 2*pad
	drawHeader := func() {
		d.drawRow(x0, widths, cols, header, 0, headerLines, headerH, lh, pad, size, &headerFill)
	}

	// Start on a new page unless the header and a line of the first row fit.
	d.ensureSpace(headerH + lh + 2*pad)
	drawHeader()
	newPage := func() {
		d.AddPage()
		drawHeader()
	}
	for ri := range n {
		row := row(ri)
		cells := make([]cellLayout, len(cols))
		n := 1
		for ci := range cols {
			var c pdfCell
			if ci < len(row) {
				c = row[ci]
			}
			cells[ci] = layout(c, ci)
			n = max(n, len(cells[ci].lines))
		}
		var zebra *rgb
		if opt.Zebra && ri%2 == 1 {
			zebra = &pdfColZebra
		}
		rowH := float64(n)*lh + 2*pad
		fresh := d.pageBottom() - d.topAfterHeader(headerH)
		if d.GetY()+rowH > d.pageBottom()+pdfEps && (rowH <= fresh+pdfEps || d.linesThatFit(lh, pad) < 3) {
			newPage() // the row fits on a new page, or too little of it fits here
		}
		for start := 0; start < n; {
			avail := d.linesThatFit(lh, pad)
			if avail < 1 {
				if !d.justBrokeTable(headerH) {
					newPage()
					continue
				}
				avail = 1 // page too small for even one line: overflow, but advance
			}
			k := min(avail, n-start)
			d.drawRow(x0, widths, cols, cells, start, k, float64(k)*lh+2*pad, lh, pad, size, zebra)
			start += k
			if start < n {
				newPage()
			}
		}
	}
	l, _, _, _ := d.GetMargins()
	d.SetXY(l, d.GetY())
	d.resetStyle()
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
			n += len(d.linkLines(u, w-2*pad))
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

// tableWidths returns the column widths of a table starting at opt.X
// (the left margin when zero) and running to the right margin.
func (d *pdfDoc) tableWidths(cols []pdfColumn, opt tableOptions) []float64 {
	l, _, _, _ := d.GetMargins()
	return d.columnWidths(cols, l+d.contentWidth()-d.tableX(opt))
}

// tableX is the left edge of a table: opt.X, or the left margin when zero.
func (d *pdfDoc) tableX(opt tableOptions) float64 {
	if opt.X > 0 {
		return opt.X
	}
	l, _, _, _ := d.GetMargins()
	return l
}

// topAfterHeader is where rows start on a new page: the top margin plus the
// repeated header row.
func (d *pdfDoc) topAfterHeader(headerH float64) float64 {
	_, t, _, _ := d.GetMargins()
	return t + headerH
}

// justBrokeTable reports whether only the table header has been drawn on
// this page, in which case a new page would not give more room.
func (d *pdfDoc) justBrokeTable(headerH float64) bool {
	return d.GetY() <= d.topAfterHeader(headerH)+pdfEps
}

// linesThatFit is how many table lines of height lh (plus cell padding) fit
// between the current position and the bottom margin.
func (d *pdfDoc) linesThatFit(lh, pad float64) int {
	return int(math.Floor((d.pageBottom() - d.GetY() - 2*pad + pdfEps) / lh))
}

// columnWidths resolves zero widths and scales the columns to avail.
func (d *pdfDoc) columnWidths(cols []pdfColumn, avail float64) []float64 {
	widths := make([]float64, len(cols))
	fixed, zero := 0.0, 0
	for i, c := range cols {
		if c.Width > 0 {
			widths[i] = c.Width
			fixed += c.Width
		} else {
			zero++
		}
	}
	if zero > 0 {
		share := math.Max((avail-fixed)/float64(zero), 10)
		for i := range widths {
			if widths[i] == 0 {
				widths[i] = share
			}
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if total > avail && total > 0 {
		for i := range widths {
			widths[i] *= avail / total
		}
	}
	return widths
}

// drawRow draws lines [start, start+k) of every cell as one row of height h
// at the current y, then moves below it. rowFill is the default background
// (header or zebra colour) for cells without their own Fill.
func (d *pdfDoc) drawRow(x0 float64, widths []float64, cols []pdfColumn, cells []cellLayout,
	start, k int, h, lh, pad, size float64, rowFill *rgb) {
	y := d.GetY()
	x := x0
	d.SetLineWidth(0.15)
	d.setDrawRGB(pdfColRule)
	for ci, c := range cells {
		w := widths[ci]
		fill := rowFill
		if c.fill != nil {
			fill = c.fill
		}
		if fill != nil {
			d.setFillRGB(*fill)
			d.Rect(x, y, w, h, "FD")
		} else {
			d.Rect(x, y, w, h, "D")
		}
		if c.cellLink != "" {
			d.LinkString(x, y, w, h, c.cellLink)
		}
		style := ""
		if c.bold {
			style = "B"
		}
		d.setFont(style, size)
		align := strings.ToUpper(cols[ci].Align)
		if align != "C" && align != "R" {
			align = "L"
		}
		inner := w - 2*pad
		end := min(start+k, len(c.lines))
		for i := start; i < end; i++ {
			ln := c.lines[i]
			ly := y + pad + float64(i-start)*lh
			d.setTextRGB(ln.color)
			if fill != nil {
				d.setFillRGB(*fill)
			} else {
				d.setFillRGB(pdfColWhite)
			}
			d.textLine(x+pad, ly, inner, lh, ln.text, align)
			if ln.link != "" && (ln.first || i == start) {
				d.linkArea(c.lines[i:end], x+pad, ly, inner, lh, align)
			}
		}
		x += w
	}
	d.SetXY(x0, y+h)
}

// linkLines lays out a URL of a cell's Links: wrapped to width, on at most
// maxLinkLines lines, the last ending in an ellipsis when it is clipped.
func (d *pdfDoc) linkLines(u string, width float64) []string {
	clipped := false
	if utf8.RuneCountInString(u) > maxLinkRunes {
		u, clipped = string([]rune(u)[:maxLinkRunes]), true
	}
	lines := d.wrapLines(u, width)
	if len(lines) > maxLinkLines {
		lines, clipped = lines[:maxLinkLines], true
	}
	if clipped {
		last := []rune(lines[len(lines)-1])
		for len(last) > 1 && !d.fits(string(last)+pdfEllipsis, width) {
			last = last[:len(last)-1]
		}
		lines[len(lines)-1] = string(last) + pdfEllipsis
	}
	return lines
}

// linkArea makes the lines of one URL that start lines, drawn from
// (x, y) one below the other, a single clickable area: as wide as the
// widest of them, as tall as all of them.
func (d *pdfDoc) linkArea(lines []cellLine, x, y, inner, lh float64, align string) {
	tw, n := 0.0, 0
	for i, ln := range lines {
		if i > 0 && (ln.first || ln.link != lines[0].link) {
			break
		}
		tw = math.Max(tw, math.Min(d.textWidth(ln.text), inner))
		n++
	}
	if tw <= 0 {
		return
	}
	switch align {
	case "C":
		x += (inner - tw) / 2
	case "R":
		x += inner - tw
	}
	d.LinkString(x, y, tw, float64(n)*lh, lines[0].link)
}

// linkTarget returns the URI to use for a clickable link, or "" when s is
// not an http, https or mailto URL: links come from supplier workbooks and
// must not smuggle javascript: or file: actions into the report. Spaces,
// control and non-ASCII bytes are percent-encoded (PDF URIs are ASCII).
func linkTarget(s string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	ok := false
	for _, p := range []string{"http://", "https://", "mailto:"} {
		if strings.HasPrefix(lower, p) && len(s) > len(p) {
			ok = true
		}
	}
	if !ok {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// sectionTable draws a section (see section) holding a table of n rows
// made by row; the heading stays on the page of the table's first rows.
func (d *pdfDoc) sectionTable(title, note string, cols []pdfColumn, n int, row func(i int) []pdfCell, opt tableOptions) {
	d.section(title, note, d.tableHeight(cols, firstRows(n, row), opt))
	d.tableRows(cols, n, row, opt)
}

// startRows is how many rows of a table must follow its heading on the
// same page.
const startRows = 3

// firstRows is the start of a table of n rows made by row, which must
// follow its heading on the same page.
func firstRows(n int, row func(i int) []pdfCell) [][]pdfCell {
	rows := make([][]pdfCell, min(startRows, n))
	for i := range rows {
		rows[i] = row(i)
	}
	return rows
}

// sealCell is a table cell coloured for a SEAL level.
func sealCell(text string, level int) pdfCell {
	fill, fg := sealColor(level), sealTextColor(level)
	return pdfCell{Text: text, Fill: &fill, TextColor: &fg, Bold: true}
}
