package report

// The comparison's last pages: the methodology appendix (the rule, the
// profile with its SHA-256, the SEAL definitions, the composition
// convention when it was applied, the disclaimer) and the panel's
// signature block.

import (
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sovscore/sovscore/scoring"
)

// tieBreakText is the tie-break rule as a sentence of its own.
func (c *comparison) tieBreakText() string { return "Tie-break: " + scoring.TieBreakOrder(c.p) }

// methodology draws the appendix that states the method the comparison
// applied, identified by the profile's SHA-256.
func (c *comparison) methodology() {
	d, p := c.d, c.p
	note := "The method the comparison applied."
	if p != nil {
		note = "The method below is that of profile " + p.Name + ", SHA-256 of its canonical form: " + p.SHA256() +
			". " + upperFirst(methodHashClaim) + "."
	}
	d.section("Methodology", note, 40)
	eligible := "A provider is eligible when its assessment is complete, has no validation errors and reaches the profile's " +
		"minimum SEAL on every objective; a provider below a minimum is not eligible, whatever its score."
	if noMinimum(p) {
		eligible = upperFirst(noMinimumNote) + ", whatever the SEALs reached."
	}
	d.bullets([]string{
		"Each factor scores the points and the SEAL of the answer chosen on the framework's ladder. An unanswered " +
			"factor scores 0 points and never counts as compliant.",
		"An objective's SEAL is the lowest SEAL of its factors (the weakest links set it); the overall SEAL is the " +
			"lowest objective SEAL. An incomplete assessment has provisional SEALs, marked *: the final SEAL can only be " +
			"the same or lower.",
		"Sovereignty Score = 100 × Σ weight × points ÷ " + divisorText(p) + ", computed exactly and rounded half up " +
			"to two decimals, the published score.",
		eligible,
		"Eligible providers are ranked on the published score, best first. " + upperFirst(scoring.TieBreakOrder(p)) + ".",
		"An objective's result is pass (at or above the profile's minimum SEAL), below minimum, no minimum (the " +
			"profile sets none for it), incomplete or errors.",
		"Robustness: the ranking is recomputed under each built-in profile's weights and divisor, with the same " +
			"eligibility; neighbours within " + fmtFloat(scoring.NearTieGap, 1) + " points are near ties; a factor is " +
			"fragile when an answer one rung lower would make the provider ineligible.",
	}, 8.5)
	c.profileTable()
	c.sealDefinitions()
	if anyHosted(c.input) {
		d.ensureSpace(headingHeight(2) + 20)
		d.heading(2, "Composition convention")
		d.paragraph(compositionRule, "", 8.5, pdfColText)
	}
	if s := strings.TrimSpace(c.disclaimer()); s != "" {
		d.ensureSpace(headingHeight(2) + 15)
		d.heading(2, "Disclaimer")
		d.paragraph(s, "", 8.5, pdfColText)
	}
}

// disclaimer is the dossier's disclaimer, "" without one.
func (c *comparison) disclaimer() string {
	if c.opts.Dossier == nil {
		return ""
	}
	return c.opts.Dossier.Disclaimer
}

// profileTable shows the weights and minimum SEALs the providers were
// compared with, the divisor, the tie-break and the profile's hash.
func (c *comparison) profileTable() {
	d := c.d
	// The profile table is short: keep it on one page with its heading.
	d.ensureSpace(headingHeight(2) + 100)
	d.heading(2, "Profile: "+profileName(c.p))
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
	d.SetY(d.GetY() + 2)
	d.keyValueBlock([][2]string{
		{"Divisor", divisorLabel(c.p)},
		{"Tie-break", scoring.TieBreakOrder(c.p)},
		{"SHA-256", c.p.SHA256() + " (of the profile's canonical form: name, weights, divisor, minimum SEALs, tie-break" +
			layersNote(c.p) + ")"},
	}, 30)
}

// layersNote names the layer overrides in the hash's description when
// the profile has some.
func layersNote(p *scoring.Profile) string {
	if len(p.Layers) == 0 {
		return ""
	}
	return ", layer overrides"
}

// sealDefinitions lists the framework's SEAL levels.
func (c *comparison) sealDefinitions() {
	d := c.d
	cols := []pdfColumn{
		{Header: "Level", Width: 22, Align: "C"},
		{Header: "Name in the framework", Width: 90},
		{Header: "Name in the 2026 guidance"},
	}
	var rows [][]pdfCell
	for _, l := range c.fw.SEALLevels {
		rows = append(rows, []pdfCell{sealCell(sealName(l.Level), l.Level), {Text: l.Name, Bold: true}, {Text: orDash(l.AltName)}})
	}
	d.ensureSpace(headingHeight(2) + d.tableHeight(cols, rows, tableOptions{FontSize: pdfTableSize}) + 10)
	d.heading(2, "SEAL definitions")
	d.paragraph("Sovereignty Effective Assurance Levels, from none (SEAL-0) to full digital sovereignty (SEAL-4); "+
		"each answer of the framework's ladders reaches one of them.", "", pdfSmallSize, pdfColMuted)
	d.table(cols, rows, tableOptions{FontSize: pdfTableSize})
}

// signatures draws the panel's signature block: for each member the name,
// the role, and lines to sign and date; three blank blocks when no panel
// is given.
func (c *comparison) signatures() {
	d := c.d
	panel := []PanelMember{{}, {}, {}}
	if c.opts.Dossier != nil && len(c.opts.Dossier.Panel) > 0 {
		panel = c.opts.Dossier.Panel
	}
	const gap, h = 8.0, 33.0
	d.section("Signatures of the evaluation panel", "The members of the evaluation panel sign to confirm that the "+
		"assessments were scored with the method above and that this report states the outcome.", h+4)
	if ref := joinNonEmpty(" · ", c.opts.Dossier.authority(), c.opts.Dossier.procedureRef(), c.opts.Dossier.statusText()); ref != "" {
		d.paragraph(ref, "B", 9, pdfColText)
	}
	l, _, _, _ := d.GetMargins()
	w := (d.contentWidth() - gap) / 2
	for i := 0; i < len(panel); i += 2 {
		d.ensureSpace(h + 4)
		y := d.GetY() + 2
		for k := i; k < min(i+2, len(panel)); k++ {
			c.signatureBlock(l+float64(k-i)*(w+gap), y, w, h, panel[k])
		}
		d.SetXY(l, y+h+2)
	}
	d.resetStyle()
}

// signatureBlock draws one member's block; a blank member gets lines to
// write the name and role on.
func (c *comparison) signatureBlock(x, y, w, h float64, m PanelMember) {
	d := c.d
	d.setDrawRGB(pdfColRule)
	d.SetLineWidth(0.2)
	d.Rect(x, y, w, h, "D")
	const pad, labelW = 3.0, 24.0
	row := func(ry float64, label, value string, bold bool) {
		d.setFont("B", 8)
		d.setTextRGB(pdfColMuted)
		d.setFillRGB(pdfColWhite)
		d.textLine(x+pad, ry, labelW, 5, label, "L")
		vx, vw := x+pad+labelW, w-2*pad-labelW
		if value == "" {
			d.setDrawRGB(pdfColMuted)
			d.SetLineWidth(0.2)
			d.Line(vx, ry+4.5, vx+vw, ry+4.5)
			return
		}
		style := ""
		if bold {
			style = "B"
		}
		d.setFont(style, 9.5)
		d.setTextRGB(pdfColText)
		d.textLine(vx, ry, vw, 5, d.truncateEnd(sanitizeText(coverText(value)), vw), "L")
	}
	row(y+2, "Name", m.Name, true)
	row(y+8.5, "Role", m.Role, false)
	row(y+18, "Signature", "", false)
	row(y+26, "Date", "", false)
	d.resetStyle()
}
