package report

// Blocks of the PDF toolkit: headings, paragraphs and key/value lists, each
// breaking pages itself.

import (
	"math"
	"strings"
)

// heading draws a section title (level 0 largest) and adds an outline entry
// at that level. It keeps at least a few lines of room below, so a heading
// is never left alone at the bottom of a page.
func (d *pdfDoc) heading(level int, text string) {
	if level < 0 {
		level = 0
	}
	sizes := []float64{15, 12, 10.5}
	size := sizes[min(level, len(sizes)-1)]
	before := []float64{5, 4, 2.5}[min(level, 2)]
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

// paragraph draws wrapped text across the content width in the given style
// and size (0 means the body size), breaking pages between lines.
func (d *pdfDoc) paragraph(text, style string, size float64) {
	if size <= 0 {
		size = pdfBodySize
	}
	lh := pdfLineHeight(size)
	l, _, _, _ := d.GetMargins()
	d.setFont(style, size)
	for _, ln := range d.wrapLines(text, d.contentWidth()) {
		d.ensureSpace(lh)
		d.setFont(style, size)
		d.setTextRGB(pdfColText)
		d.textLine(l, d.GetY(), d.contentWidth(), lh, ln, "L")
		d.SetXY(l, d.GetY()+lh)
	}
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
