package report

// The comparison's charts of every provider: score bars and the grid of
// objective ratios, both paginated with their scale or header repeated.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

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
	header := func() {
		scale()
		if current != "" {
			groupLine(current + " (continued)")
		}
	}
	need := func(h float64) {
		if d.GetY()+h > d.pageBottom()+pdfEps {
			d.AddPage()
			header()
		}
	}
	c.d.section("Sovereignty Scores", "Score from 0 to 100 %. Eligible providers (blue) by rank, then the providers "+
		"that are not eligible (grey) in input order; their score does not rank.",
		scaleH+groupH+float64(min(startRows, len(c.order)))*rowH)
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
		y := d.chartRow(i, rowH, header)
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
		y := d.chartRow(i, rowH, header)
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
