package report

// The comparison's first page: an executive summary, so that a reader of
// a run of hundreds of providers sees the outcome without turning a page.

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// summaryPage draws the title, the procedure and the method in brief, and
// three panels: the outcome (assessed, eligible, not eligible and why),
// the distribution of overall SEALs, and the top of the ranking.
func (c *comparison) summaryPage() {
	d := c.d
	n, el := len(c.input), c.eligible()
	d.heading(0, "Sovereignty comparison")
	dos := c.opts.Dossier
	if ref := joinNonEmpty(" · ", dos.authority(), dos.procedureRef()); ref != "" {
		d.paragraph(ref, "B", 10, pdfColHeading)
	}
	d.paragraph(fmt.Sprintf("%d cloud provider%s assessed against the %s %s and compared under profile %s.",
		n, pluralS(n), c.fw.Name, c.fw.Version, profileName(c.p)), "", 10, pdfColText)
	d.SetY(d.GetY() + 1)
	left := [][2]string{
		{"Document date", c.opts.date()},
		{"Profile", profileLabel(c.p)},
		{"Minimum SEALs", c.minimums()},
		{"Tie-break", scoring.TieBreakOrder(c.p)},
	}
	right := [][2]string{
		{"Framework", strings.TrimSpace(c.fw.Name + " " + c.fw.Version)},
		{"Providers", strconv.Itoa(n)},
		{"Eligible", fmt.Sprintf("%d of %d", el, n)},
	}
	if st := dos.statusText(); st != "" {
		right = append(right, [2]string{"Document", st})
	}
	right = append(right, [2]string{"Produced by", c.opts.tool()})
	d.keyValueColumns(left, right, 30)
	d.rule()
	if noMinimum(c.p) {
		d.noMinimumBox(c.p, "an offer at SEAL-0 can be eligible and rank above one at SEAL-3. "+
			"Read each provider's SEAL beside its score.")
	}
	if n == 0 {
		return
	}

	l, _, _, _ := d.GetMargins()
	const gap = 5.0
	// As tall as the longest panel needs, within what is left of the page.
	need := max(75, 20+float64(c.eligible())*5.2, 20+10*float64(len(c.rejections())))
	d.ensureSpace(75)
	y := d.GetY()
	h := min(d.pageBottom()-y, need, 120)
	w1, w2 := 84.0, 82.0
	w3 := d.contentWidth() - w1 - w2 - 2*gap
	c.outcomePanel(l, y, w1, h)
	c.sealPanel(l+w1+gap, y, w2, h)
	c.topPanel(l+w1+w2+2*gap, y, w3, h)
	d.SetXY(l, y+h)
	d.resetStyle()
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

// panelNoteSize is the size of a panel's footnote.
const panelNoteSize = 6.5

// panelNote wraps a panel's footnote to width w: its lines and the height
// to keep free for them at the panel's foot.
func (d *pdfDoc) panelNote(text string, w float64) ([]string, float64) {
	d.setFont("", panelNoteSize)
	lines := d.wrapLines(text, w)
	return lines, float64(len(lines)) * pdfLineHeight(panelNoteSize)
}

// drawPanelNote draws a footnote wrapped by panelNote so that it ends at
// bottom.
func (d *pdfDoc) drawPanelNote(x, w, bottom float64, lines []string) {
	h := float64(len(lines)) * pdfLineHeight(panelNoteSize)
	d.panelText(x, bottom-h, w, bottom, lines, "", panelNoteSize, pdfColMuted, "L")
}

// panelText draws lines of one style in a panel's column, from y, and
// returns the y below them; lines past bottom are not drawn.
func (d *pdfDoc) panelText(x, y, w, bottom float64, lines []string, style string, size float64, color rgb, align string) float64 {
	lh := pdfLineHeight(size)
	for _, s := range lines {
		if y+lh > bottom+pdfEps {
			break
		}
		d.setFont(style, size)
		d.setTextRGB(color)
		d.setFillRGB(colPanel)
		d.textLine(x, y, w, lh, s, align)
		y += lh
	}
	return y
}

// outcomePanel shows how many providers were assessed, are eligible and
// are not, and the reasons of those that are not, most frequent first.
func (c *comparison) outcomePanel(x, y, w, h float64) {
	d := c.d
	n, el := len(c.input), c.eligible()
	d.panel(x, y, w, h, "Outcome")
	third := w / 3
	for i, t := range []struct {
		n     int
		label string
		color rgb
	}{{n, "assessed", pdfColHeading}, {el, "eligible", colPass}, {n - el, "not eligible", colFail}} {
		d.centered(x+float64(i)*third, y+6, third, strconv.Itoa(t.n), "B", 18, t.color)
		d.centered(x+float64(i)*third, y+14.5, third, t.label, "", 7.5, pdfColMuted)
	}
	const pad, size = 3.0, 7.5
	bottom := y + h - 2
	ty := y + 21
	if n == el {
		d.panelText(x+pad, ty, w-2*pad, bottom, []string{"Every provider is eligible."}, "B", 8, colPass, "L")
		return
	}
	ty = d.panelText(x+pad, ty, w-2*pad, bottom, []string{"Not eligible because (providers):"}, "B", 8, pdfColText, "L")
	tallies := c.rejections()
	lh := pdfLineHeight(size)
	const countW = 9.0
	foot := "A provider may have several reasons; each is listed under “Providers not eligible”."
	footLines, footH := d.panelNote(foot, w-2*pad)
	for i, t := range tallies {
		d.setFont("", size)
		lines := d.wrapLines(t.text(), w-2*pad-countW-1)
		need := float64(len(lines)) * lh
		if i < len(tallies)-1 {
			need += lh // room for the "more" line
		}
		if ty+need > bottom-footH+pdfEps {
			rest := len(tallies) - i
			d.panelText(x+pad, ty, w-2*pad, bottom-footH, []string{fmt.Sprintf("… and %d more reason%s.", rest, pluralS(rest))},
				"", size, pdfColMuted, "L")
			break
		}
		d.panelText(x+pad, ty, countW, bottom, []string{strconv.Itoa(t.n)}, "B", size, colFail, "R")
		ty = d.panelText(x+pad+countW+1, ty, w-2*pad-countW-1, bottom, lines, "", size, pdfColText, "L")
	}
	d.drawPanelNote(x+pad, w-2*pad, bottom, footLines)
}

// reasonTally counts the providers rejected for one reason, and for a
// SEAL below a minimum the factors that set it.
type reasonTally struct {
	label   string
	n       int
	factors map[string]int
}

// text is the tally's line: "SOV-3 below the minimum SEAL-2, because of
// SOV-3.1 (25), SOV-3.4 (12)".
func (t *reasonTally) text() string {
	if len(t.factors) == 0 {
		return t.label
	}
	ids := make([]string, 0, len(t.factors))
	for id := range t.factors {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(t.factors[b], t.factors[a]), cmp.Compare(a, b))
	})
	const most = 3
	parts := make([]string, 0, most+1)
	for _, id := range ids[:min(most, len(ids))] {
		parts = append(parts, fmt.Sprintf("%s (%d)", id, t.factors[id]))
	}
	if len(ids) > most {
		parts = append(parts, fmt.Sprintf("%d more factor%s", len(ids)-most, pluralS(len(ids)-most)))
	}
	return t.label + ", because of " + joinAnd(parts)
}

// rejections tallies the reasons of the providers that are not eligible,
// most frequent first (then in the order first met).
func (c *comparison) rejections() []*reasonTally {
	byKey := map[string]*reasonTally{}
	var out []*reasonTally
	for _, r := range c.input {
		if r.Eligible {
			continue
		}
		seen := map[string]bool{}
		for _, rs := range r.Reasons {
			key, label := rs.Code, rs.Code
			switch rs.Code {
			case scoring.ReasonIncomplete:
				label = "incomplete assessment (unanswered factors)"
			case scoring.ReasonErrors:
				label = "validation errors in the workbook"
			case scoring.ReasonSEAL:
				key += " " + rs.Objective + " " + strconv.Itoa(rs.Required)
				label = rs.Objective + " below the minimum " + sealName(rs.Required)
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			t := byKey[key]
			if t == nil {
				t = &reasonTally{label: label, factors: map[string]int{}}
				byKey[key] = t
				out = append(out, t)
			}
			t.n++
			for _, f := range rs.Factors {
				t.factors[f]++
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *reasonTally) int { return cmp.Compare(b.n, a.n) })
	return out
}

// sealPanel draws how many providers reach each overall SEAL, the
// eligible ones in the SEAL's colour and the others in grey.
func (c *comparison) sealPanel(x, y, w, h float64) {
	d := c.d
	d.panel(x, y, w, h, "Overall SEAL of the providers")
	type bucket struct{ all, eligible int }
	counts := map[int]*bucket{}
	provisional, most := 0, 1
	for _, r := range c.input {
		lv := max(r.SEAL, -1)
		b := counts[lv]
		if b == nil {
			b = &bucket{}
			counts[lv] = b
		}
		b.all++
		if r.Eligible {
			b.eligible++
		}
		if r.Provisional {
			provisional++
		}
		most = max(most, b.all)
	}
	levels := []int{4, 3, 2, 1, 0}
	if counts[-1] != nil {
		levels = append(levels, -1)
	}
	const pad, badgeW, countW = 3.0, 15.0, 25.0
	legend := "Coloured: eligible; grey: not eligible."
	if provisional > 0 {
		legend += fmt.Sprintf(" %d provisional SEAL%s (*, incomplete assessments) counted at that level.", provisional, pluralS(provisional))
	}
	legendLines, legendH := d.panelNote(legend, w-2*pad)
	rowH := min(9.0, (h-8-legendH-3)/float64(len(levels)))
	barX := x + pad + badgeW + 2
	barW := w - 2*pad - badgeW - 2 - countW - 1
	ty := y + 7
	for _, lv := range levels {
		b := counts[lv]
		if b == nil {
			b = &bucket{}
		}
		bh := min(rowH-2, 5.0)
		by := ty + (rowH-bh)/2
		d.badge(x+pad, by, badgeW, bh, sealName(lv), sealColor(lv))
		d.setFillRGB(pdfColTrack)
		d.Rect(barX, by+0.6, barW, bh-1.2, "F")
		if b.eligible > 0 {
			d.setFillRGB(sealColor(lv))
			d.Rect(barX, by+0.6, barW*float64(b.eligible)/float64(most), bh-1.2, "F")
		}
		if rest := b.all - b.eligible; rest > 0 {
			d.setFillRGB(colIneligible)
			d.Rect(barX+barW*float64(b.eligible)/float64(most), by+0.6, barW*float64(rest)/float64(most), bh-1.2, "F")
		}
		label := strconv.Itoa(b.all)
		if b.all > 0 {
			label += " · " + strconv.Itoa(b.eligible) + " elig."
		}
		d.panelText(barX+barW+1, ty+(rowH-pdfLineHeight(7.5))/2, countW, ty+rowH, []string{label}, "", 7.5, pdfColText, "L")
		ty += rowH
	}
	d.drawPanelNote(x+pad, w-2*pad, y+h-2, legendLines)
	d.resetStyle()
}

// topPanel lists the first ranks, marking near ties, and says where the
// full ranking is.
func (c *comparison) topPanel(x, y, w, h float64) {
	d := c.d
	d.panel(x, y, w, h, "Top of the ranking")
	const pad, rankW, scoreW, sealW, rowH = 3.0, 9.0, 18.0, 16.0, 5.2
	el := c.eligible()
	bottom := y + h - 2
	if el == 0 {
		d.panelText(x+pad, y+8, w-2*pad, bottom, []string{"No provider is eligible: nothing is ranked."}, "B", 8, colFail, "L")
		return
	}
	near := map[*scoring.Summary]bool{}
	for _, nt := range c.rb.NearTies {
		near[c.input[nt.Better]], near[c.input[nt.Worse]] = true, true
	}
	foot := fmt.Sprintf("%d eligible provider%s ranked; the full ranking follows on the next page.", el, pluralS(el))
	if len(near) > 0 {
		foot += " ≈ within " + fmtFloat(scoring.NearTieGap, 1) + " points of a neighbour (see “Robustness of the ranking”)."
	}
	footLines, footH := d.panelNote(foot, w-2*pad)
	nameX := x + pad + rankW + 2
	nameW := w - 2*pad - rankW - 2 - scoreW - sealW - 5
	ty := y + 7
	head := func(tx, tw float64, s, align string) {
		d.panelText(tx, ty, tw, bottom, []string{s}, "B", 7, pdfColMuted, align)
	}
	head(x+pad, rankW, "Rank", "R")
	head(nameX, nameW, "Provider", "L")
	head(nameX+nameW, scoreW, "Score", "R")
	head(x+w-pad-sealW, sealW, "SEAL", "C")
	ty += pdfLineHeight(7) + 0.5
	for _, r := range c.order[:el] {
		if ty+rowH > bottom-footH-1+pdfEps {
			break
		}
		ly := ty + (rowH-pdfLineHeight(7.5))/2
		d.panelText(x+pad, ly, rankW, bottom, []string{strconv.Itoa(r.Rank)}, "B", 7.5, pdfColText, "R")
		d.setFont("", 7.5)
		d.panelText(nameX, ly, nameW, bottom, []string{d.truncateEnd(sanitizeText(coverText(r.ProviderName())), nameW)},
			"", 7.5, pdfColText, "L")
		score := fmtFloat(r.Score, 2) + " %"
		if near[r] {
			score = "≈ " + score
		}
		d.panelText(nameX+nameW, ly, scoreW, bottom, []string{score}, "B", 7.5, pdfColText, "R")
		d.badge(x+w-pad-sealW, ty+0.8, sealW, rowH-1.6, scoring.SEALLabel(r.SEAL, r.Provisional), sealColor(r.SEAL))
		ty += rowH
	}
	d.drawPanelNote(x+pad, w-2*pad, bottom, footLines)
	d.resetStyle()
}
