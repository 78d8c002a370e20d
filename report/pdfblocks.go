package report

// Blocks of the PDF toolkit: headings, paragraphs and key/value lists, each
// breaking pages itself.

import (
	"math"
	"strings"
)

// headingSizes and headingSpace are the type size and the space above a
// heading of each level.
var (
	headingSizes = []float64{15, 12, 10.5}
	headingSpace = []float64{5, 4, 2.5}
)

// headingHeight is the height of a one-line heading of a level, with the
// space above and below it.
func headingHeight(level int) float64 {
	level = min(max(level, 0), len(headingSizes)-1)
	return headingSpace[level] + pdfLineHeight(headingSizes[level]) + 1.5
}

// heading draws a section title (level 0 largest) and adds an outline entry
// at that level. It keeps at least a few lines of room below, so a heading
// is never left alone at the bottom of a page.
func (d *pdfDoc) heading(level int, text string) {
	if level < 0 {
		level = 0
	}
	size := headingSizes[min(level, len(headingSizes)-1)]
	before := headingSpace[min(level, len(headingSpace)-1)]
	lh := pdfLineHeight(size)

	d.setFont("B", size)
	lines := d.wrapLines(text, d.contentWidth())
	h := float64(len(lines)) * lh
	if !d.ensureSpace(before+h+15) && !d.atPageTop() {
		d.SetY(d.GetY() + before)
	}
	d.setFont("B", size) // AddPage may have been called: restate the font

	// fpdf's outline needs levels that rise by at most one at a time.
	bl := min(level, d.outlineLvl+1)
	d.Bookmark(sanitizeText(strings.Join(lines, " ")), bl, -1)
	d.outlineLvl = bl

	l, _, _, _ := d.GetMargins()
	d.setTextRGB(pdfColHeading)
	d.setFillRGB(pdfColWhite)
	y := d.GetY()
	for _, ln := range lines {
		d.textLine(l, y, d.contentWidth(), lh, ln, "L")
		y += lh
	}
	if level == 0 {
		d.setDrawRGB(pdfColHeading)
		d.SetLineWidth(0.4)
		d.Line(l, y+0.6, l+d.contentWidth(), y+0.6)
		y += 1.2
	}
	d.SetXY(l, y+1.5)
	d.resetStyle()
}

// keyValueBlock draws label/value pairs in two columns (labels bold and grey
// in labelWidth mm, values wrapped in the rest), as used for report headers.
// Short pairs are kept on one page; long values continue on the next.
func (d *pdfDoc) keyValueBlock(pairs [][2]string, labelWidth float64) {
	const size = 9.0
	lh := pdfLineHeight(size)
	l, _, _, _ := d.GetMargins()
	cw := d.contentWidth()
	labelWidth = math.Max(0, math.Min(labelWidth, cw/2))
	valueW := cw - labelWidth
	for _, kv := range pairs {
		d.setFont("B", size)
		labels := d.wrapLines(kv[0], labelWidth-2)
		d.setFont("", size)
		values := d.wrapLines(kv[1], valueW)
		n := max(len(labels), len(values))
		d.ensureSpace(float64(min(n, 4)) * lh)
		for i := 0; i < n; i++ {
			d.ensureSpace(lh)
			y := d.GetY()
			d.setFillRGB(pdfColWhite)
			if i < len(labels) {
				d.setFont("B", size)
				d.setTextRGB(pdfColMuted)
				d.textLine(l, y, labelWidth, lh, labels[i], "L")
			}
			if i < len(values) {
				d.setFont("", size)
				d.setTextRGB(pdfColText)
				d.textLine(l+labelWidth, y, valueW, lh, values[i], "L")
			}
			d.SetXY(l, y+lh)
		}
		d.SetY(d.GetY() + 0.8)
	}
	d.resetStyle()
}

// paragraph draws wrapped text across the content width in the given
// style, size and colour, breaking pages between lines, and leaves 1 mm
// below it.
func (d *pdfDoc) paragraph(text, style string, size float64, color rgb) {
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

// textHeight is the height paragraph needs for text.
func (d *pdfDoc) textHeight(text, style string, size float64) float64 {
	d.setFont(style, size)
	n := len(d.wrapLines(text, d.contentWidth()))
	d.resetStyle()
	return float64(n)*pdfLineHeight(size) + 1
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
		d.paragraph(note, "", pdfSmallSize, pdfColMuted)
	}
}

// emptySection draws a section with nothing to show but a sentence
// saying so ("None.").
func (d *pdfDoc) emptySection(title, text string) {
	d.section(title, "", 10)
	d.paragraph(text, "", 9, pdfColText)
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
		d.paragraph(title, "B", 10, edge)
		for _, p := range paragraphs {
			d.paragraph(p, "", size, pdfColText)
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
