package report

// Paired bars of the PDF toolkit: two values per row, before and after.

import (
	"math"
)

// barSeries is one series of pairedBars: its legend name, colour and a
// value (0..1) per row.
type barSeries struct {
	Name   string
	Color  rgb
	Values []float64
}

// Geometry of pairedBars, in mm.
const (
	pairedBarH    = 3.2
	pairedRowH    = 2*pairedBarH + 0.8 + 3
	pairedLegendH = 6.0
)

// pairedBarsHeight is the height of a pairedBars chart of n rows on one page.
func pairedBarsHeight(n int) float64 { return pairedLegendH + 2 + float64(n)*pairedRowH + 2 }

// pairedBars draws one row per label with a bar for each of the two
// series (the first above the second) on a 0..100 % scale, the value in
// percent at each bar's end, and a legend above. Rows that do not fit
// continue on the next page below the legend. It uses the content width
// and moves below the chart.
func (d *pdfDoc) pairedBars(labels []string, series [2]barSeries) {
	const (
		labelW = 70.0
		pctW   = 14.0
		barH   = pairedBarH
		gap    = 0.8
		rowH   = pairedRowH
		legH   = pairedLegendH
	)
	l, _, _, _ := d.GetMargins()
	barX := l + labelW + 2
	barW := d.contentWidth() - labelW - 2 - pctW - 2
	legend := func() {
		y := d.GetY()
		x := barX
		d.setFont("", pdfSmallSize)
		for _, s := range series {
			d.setFillRGB(s.Color)
			d.Rect(x, y+1.2, 6, 2.6, "F")
			d.setTextRGB(pdfColText)
			d.setFillRGB(pdfColWhite)
			w := d.GetStringWidth(sanitizeText(s.Name)) + 1
			d.textLine(x+7.5, y, w, 5, s.Name, "L")
			x += 7.5 + w + 6
		}
		d.setFont("", 7)
		d.setTextRGB(pdfColMuted)
		for t := 0; t <= 4; t++ {
			tx := barX + barW*float64(t)/4
			d.textLine(tx-8, y+legH-1.5, 16, 3, fmtFloat(25*float64(t), 0)+" %", "C")
		}
		d.SetXY(l, y+legH+2)
		d.resetStyle()
	}
	// The whole chart on one page when a page can hold it.
	d.ensureSpace(pairedBarsHeight(len(labels)))
	legend()
	for i, label := range labels {
		y := d.chartRow(i, rowH, legend)
		d.setDrawRGB(pdfColGrid)
		d.SetLineWidth(0.15)
		for t := 0; t <= 4; t++ {
			tx := barX + barW*float64(t)/4
			d.Line(tx, y, tx, y+rowH)
		}
		d.setFont("", pdfTableSize)
		d.setTextRGB(pdfColText)
		d.textLine(l+1, y, labelW-2, rowH, d.truncateEnd(sanitizeText(label), labelW-2), "L")
		for k, s := range series {
			by := y + 1.5 + float64(k)*(barH+gap)
			v := 0.0
			if i < len(s.Values) && !math.IsNaN(s.Values[i]) {
				v = s.Values[i]
			}
			d.hbar(barX, by, barW, barH, v, 1, s.Color)
			d.setFont("", 7)
			d.setTextRGB(pdfColText)
			d.textLine(barX+barW+2, by-0.4, pctW, barH+0.8, fmtPct(v, 0), "R")
		}
		d.SetXY(l, y+rowH)
	}
	d.SetY(d.GetY() + 2)
	d.resetStyle()
}
