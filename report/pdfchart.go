package report

// Charts of the PDF toolkit: SEAL badges, score bars and the radar chart.

import (
	"math"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// badge draws a filled rounded rectangle with centred bold text in black or
// white (whichever contrasts more with fill). The text is shrunk, then
// shortened, to fit.
func (d *pdfDoc) badge(x, y, w, h float64, text string, fill rgb) {
	d.setFillRGB(fill)
	d.setDrawRGB(fill)
	d.SetLineWidth(0.1)
	d.RoundedRect(x, y, w, h, math.Min(1.5, h/3), "1234", "F")

	text = strings.ReplaceAll(sanitizeText(text), "\n", " ")
	inner := w - 2*math.Min(2, w/8)
	size := math.Max(5, math.Min(11, h/pdfPtToMM*0.55))
	d.setFont("B", size)
	for size > 5 && !d.fits(text, inner) {
		size -= 0.5
		d.setFont("B", size)
	}
	d.setTextRGB(textColorOn(fill))
	d.textLine(x, y, w, h, d.truncateEnd(text, inner), "C")
	d.resetStyle()
}

// hbar draws a horizontal score bar: a light track of width w and the part
// value/maxValue of it in fill. value is clamped to [0, maxValue].
func (d *pdfDoc) hbar(x, y, w, h, value, maxValue float64, fill rgb) {
	frac := 0.0
	if maxValue > 0 && !math.IsNaN(value) {
		frac = math.Min(1, math.Max(0, value/maxValue))
	}
	d.setFillRGB(pdfColTrack)
	d.Rect(x, y, w, h, "F")
	if frac > 0 {
		d.setFillRGB(fill)
		d.Rect(x, y, w*frac, h, "F")
	}
	d.resetStyle()
}

// radarChart draws a radar (spider) chart centred at (cx, cy) with radius r:
// grid polygons at 25/50/75/100 % (unlabelled: scale labels on an axis
// collide with the data), one axis per label clockwise from the top, the
// values (0..1, clamped) as a translucent polygon, and each label (with its
// annotation, e.g. "SEAL-3", as a bold last line) outside the circle.
// Leave radarLabelRoom(r) free left and right of the circle and about 15 mm
// above and below it. Fewer than three axes draw nothing.
func (d *pdfDoc) radarChart(cx, cy, r float64, labels []string, values []float64, annotations []string) {
	n := len(labels)
	if n < 3 || r <= 0 {
		return
	}
	angle := func(i int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(n) }
	point := func(i int, frac float64) fpdf.PointType {
		a := angle(i)
		return fpdf.PointType{X: cx + r*frac*math.Cos(a), Y: cy + r*frac*math.Sin(a)}
	}

	// Grid and axes.
	d.setDrawRGB(pdfColGrid)
	for _, frac := range []float64{0.25, 0.5, 0.75, 1} {
		pts := make([]fpdf.PointType, n)
		for i := range pts {
			pts[i] = point(i, frac)
		}
		d.SetLineWidth(0.15)
		if frac == 1 {
			d.SetLineWidth(0.3)
		}
		d.Polygon(pts, "D")
	}
	d.SetLineWidth(0.15)
	for i := 0; i < n; i++ {
		p := point(i, 1)
		d.Line(cx, cy, p.X, p.Y)
	}
	// Values.
	pts := make([]fpdf.PointType, n)
	for i := range pts {
		v := 0.0
		if i < len(values) && !math.IsNaN(values[i]) {
			v = math.Min(1, math.Max(0, values[i]))
		}
		pts[i] = point(i, v)
	}
	d.setFillRGB(pdfColChart)
	d.withAlpha(0.25, func() { d.Polygon(pts, "F") })
	d.setDrawRGB(pdfColChart)
	d.SetLineWidth(0.5)
	d.SetLineJoinStyle("round")
	d.Polygon(pts, "D")
	d.SetLineJoinStyle("miter")
	for _, p := range pts {
		d.Circle(p.X, p.Y, 0.7, "F")
	}

	d.radarLabels(cx, cy, r, labels, annotations)
	d.resetStyle()
}

// radarLabelGeometry gives the gap between the circle and the labels and the
// width labels are wrapped to, both in mm, for a chart of radius r.
func radarLabelGeometry(r float64) (gap, maxWidth float64) {
	return math.Max(2, r*0.06), math.Max(18, math.Min(40, 0.8*r))
}

// radarLabelRoom is the horizontal room (mm) that radarChart's labels may
// take beyond the circle on either side.
func radarLabelRoom(r float64) float64 {
	gap, maxW := radarLabelGeometry(r)
	return gap + maxW
}

// radarLabel is a label block placed around a radar chart.
type radarLabel struct {
	lines  []string
	bold   int // index of the first bold (annotation) line
	w, h   float64
	ux, uy float64 // unit vector of the axis
	dist   float64 // distance of the anchor from the centre
	x, y   float64 // top-left corner of the block
	align  string
}

// place puts the block beside the anchor at distance dist on its axis, on the
// side facing away from the centre (continuously: the block's near edge or
// corner touches the anchor point).
func (lb *radarLabel) place(cx, cy float64) {
	ax, ay := cx+lb.dist*lb.ux, cy+lb.dist*lb.uy
	lb.x = ax + lb.ux*lb.w/2 - lb.w/2
	lb.y = ay + lb.uy*lb.h/2 - lb.h/2
}

// distTo is the distance from (px, py) to the block (0 inside it).
func (lb *radarLabel) distTo(px, py float64) float64 {
	dx := math.Max(0, math.Max(lb.x-px, px-(lb.x+lb.w)))
	dy := math.Max(0, math.Max(lb.y-py, py-(lb.y+lb.h)))
	return math.Hypot(dx, dy)
}

// overlaps reports whether two blocks are closer than gap.
func (lb *radarLabel) overlaps(o *radarLabel, gap float64) bool {
	return lb.x < o.x+o.w+gap && o.x < lb.x+lb.w+gap && lb.y < o.y+o.h+gap && o.y < lb.y+lb.h+gap
}

// radarLabels lays out and draws the axis labels: each block starts just
// outside the circle and is pushed outwards along its axis until it clears
// the circle and its neighbours.
func (d *pdfDoc) radarLabels(cx, cy, r float64, labels, annotations []string) {
	const size = 7.5
	lh := pdfLineHeight(size) * 0.9
	gap, maxW := radarLabelGeometry(r)
	n := len(labels)
	blocks := make([]*radarLabel, n)
	for i := range labels {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		lb := &radarLabel{ux: math.Cos(a), uy: math.Sin(a), dist: r + gap}
		d.setFont("", size)
		lb.lines = d.wrapLines(labels[i], maxW)
		for _, s := range lb.lines {
			lb.w = math.Max(lb.w, d.textWidth(s))
		}
		lb.bold = len(lb.lines)
		if i < len(annotations) && annotations[i] != "" {
			d.setFont("B", size)
			for _, s := range d.wrapLines(annotations[i], maxW) {
				lb.lines = append(lb.lines, s)
				lb.w = math.Max(lb.w, d.textWidth(s))
			}
		}
		lb.h = float64(len(lb.lines)) * lh
		switch {
		case math.Abs(lb.ux) < 0.25:
			lb.align = "C"
		case lb.ux > 0:
			lb.align = "L"
		default:
			lb.align = "R"
		}
		lb.place(cx, cy)
		for k := 0; k < 400 && lb.distTo(cx, cy) < r+gap; k++ {
			lb.dist += 0.25
			lb.place(cx, cy)
		}
		blocks[i] = lb
	}
	// Separate neighbours; the axes diverge, so moving outwards always ends
	// an overlap. The iteration bound only guards against pathological input.
	for iter := 0; iter < 400; iter++ {
		moved := false
		for i := range blocks {
			j := (i + 1) % n
			if i == j || !blocks[i].overlaps(blocks[j], 1) {
				continue
			}
			for _, b := range []*radarLabel{blocks[i], blocks[j]} {
				b.dist += 0.25
				b.place(cx, cy)
			}
			moved = true
		}
		if !moved {
			break
		}
	}

	d.setFillRGB(pdfColWhite)
	for _, lb := range blocks {
		for k, s := range lb.lines {
			if k < lb.bold {
				d.setFont("", size)
				d.setTextRGB(pdfColText)
			} else {
				d.setFont("B", size)
				d.setTextRGB(pdfColHeading)
			}
			d.textLine(lb.x, lb.y+float64(k)*lh, lb.w, lh, s, lb.align)
		}
	}
}

// chartRow starts row i (from 0) of a chart whose rows are rowH high: on
// a new page, with the chart's header drawn again by header, when the row
// does not fit; every other row on a zebra band. It returns the row's top.
func (d *pdfDoc) chartRow(i int, rowH float64, header func()) float64 {
	if d.GetY()+rowH > d.pageBottom()+pdfEps {
		d.AddPage()
		header()
	}
	y := d.GetY()
	if i%2 == 1 {
		l, _, _, _ := d.GetMargins()
		d.setFillRGB(pdfColZebra)
		d.Rect(l, y, d.contentWidth(), rowH, "F")
	}
	return y
}
