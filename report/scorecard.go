package report

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sovscore/sovscore/scoring"
)

// WriteScorecard writes the A4 PDF scorecard of one provider: who was
// assessed and with what (and, with a dossier, for which procedure), the
// cover's notes, the overall SEAL, score and eligibility, a radar chart and
// table of the eight objectives with the factors that set each SEAL, the
// evidence behind the answers and those to confirm with the provider, the
// answers and evidence of every factor by objective with the weakest links
// marked, and the problems found in the workbook. A workbook that could
// not be read gets a short scorecard that says why. Every page's footer
// names the input file's and the profile's SHA-256.
//
// The output depends only on r and opts: the same input and the same
// opts give byte-identical files.
func WriteScorecard(w io.Writer, r *scoring.Result, opts PDFOptions) error {
	if r == nil {
		return fmt.Errorf("report: scorecard: no result")
	}
	fw := r.Framework
	if fw == nil {
		fw = scoring.Default()
	}
	name := coverText(r.ProviderName())
	header := "Sovereignty scorecard · " + name
	if svc := coverText(r.Provider.Service.Text); svc != "" {
		header += " · " + svc
	}
	if ref := opts.Dossier.procedureRef(); ref != "" {
		header += " · " + ref
	}
	d, err := newReportDoc(opts, r.Profile, pdfOptions{
		Title:        "Sovereignty scorecard: " + name,
		Subject:      strings.TrimSpace(fw.Name + " " + fw.Version + " assessment of " + name),
		Keywords:     "cloud sovereignty, SEAL, " + fw.Name,
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
	d.heading(0, "Sovereignty scorecard: "+coverText(r.ProviderName()))
	sc.about()
	sc.hostChain()
	if r.Unreadable() {
		sc.unreadableNotice()
		sc.problems()
		return
	}
	sc.overview()
	sc.evidence()
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
		{"Assessment date", assessmentDate(&r.Summary)},
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
	var full [][2]string
	if dos := sc.opts.Dossier; dos != nil {
		if ref := joinNonEmpty(" · ", dos.authority(), dos.procedureRef()); ref != "" {
			full = append(full, [2]string{"Procedure", ref})
		}
		if st := dos.statusText(); st != "" {
			right = append(right, [2]string{"Document", st})
		}
	}
	file := filepath.Base(r.File)
	if r.File == "" {
		file = "—"
	}
	full = append(full, [2]string{"Input file", file})
	if r.SHA256 != "" {
		full = append(full, [2]string{"SHA-256", r.SHA256})
	}
	if n := r.Provider.Notes; strings.TrimSpace(n.Text) != "" {
		full = append(full, [2]string{"Cover notes", clipCell(scoring.Normalize(n.Text), maxNotesRunes, n.Loc)})
	}
	sc.d.keyValueColumns(left, right, 31)
	sc.d.keyValueBlock(full, 31)
	sc.d.rule()
}

// maxNotesRunes caps the cover's notes on the first page; the rest stays
// in the workbook, at the cell named.
const maxNotesRunes = 400

// coverLimit caps a cover-sheet value in the header block: it is a summary,
// and a pasted page of text must not push the results off the first page.
const coverLimit = 240

// coverText is a cover-sheet value with white space folded, shortened to
// coverLimit runes.
func coverText(s string) string {
	s = scoring.Normalize(s)
	if c := scoring.Clip(s, coverLimit); c != s {
		// Clip may cut just after a space; the ellipsis follows the last word.
		return strings.TrimSpace(strings.TrimSuffix(c, "…")) + "…"
	}
	return s
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
	}
	// The requirement, then the SEAL reached and the outcome.
	if o.MinSEAL > 0 {
		facts = append(facts, "required "+sealName(o.MinSEAL))
	}
	facts = append(facts, scoring.SEALLabel(o.SEAL, !o.Complete)+sealSetBy(r, o), statusCell(o).Text)
	if nIssues > 0 {
		facts = append(facts, fmt.Sprintf("%d problem%s (see Problems)", nIssues, pluralS(nIssues)))
	}
	factLine := strings.Join(facts, " · ")
	desc := strings.TrimSpace(o.Objective.Description)

	cols := []pdfColumn{
		{Header: "ID", Width: 16},
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
		id := f.Factor.ID
		if slices.Contains(o.BoundBy, id) {
			id += " " + weakestMark
		}
		rows = append(rows, []pdfCell{
			{Text: id, Bold: true},
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
	need := d.textHeight(factLine, "B", pdfSmallSize) + 1 + d.tableHeight(cols, rows[:min(1, len(rows))], opt) +
		pdfLineHeight(7.5) + 1
	if desc != "" {
		need += d.textHeight(desc, "", 7.5)
	}
	d.section(o.Objective.ID+" "+o.Objective.Name, "", need)
	d.paragraph(factLine, "B", pdfSmallSize, pdfColText)
	if len(o.BoundBy) > 0 {
		d.paragraph(weakestMark+" "+weakestLegend+".", "", 7.5, pdfColMuted)
	}
	if desc != "" {
		d.paragraph(desc, "", 7.5, pdfColMuted)
	}
	d.SetY(d.GetY() + 1)
	d.table(cols, rows, opt)
}

// answerCell shows the chosen answer in its numbered form and, when the
// assessor wrote something else, what was written.
func answerCell(f scoring.FactorResult) pdfCell {
	raw := ""
	if f.Entry != nil {
		raw = clipCell(scoring.Normalize(f.Entry.Answer.Text), maxAnswerRunes, f.Entry.Loc(f.Entry.Answer))
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
	if m := inheritedMark(f); m != "" {
		return pdfCell{Text: text + "\n" + m}
	}
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
		return sealCell(scoring.NoSEAL, -1)
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
		if raw := clipCell(scoring.Normalize(f.Entry.Confidence.Text), maxAnswerRunes, f.Entry.Loc(f.Entry.Confidence)); raw != "" {
			return pdfCell{Text: "“" + raw + "” (invalid)", TextColor: &colFail}
		}
	}
	return pdfCell{Text: "—", TextColor: &pdfColMuted}
}

// justificationCell is the assessor's text as written, then the valid
// sources as links under a "Sources:" line; a long text and a long list of
// sources are clipped, with a pointer to the workbook.
func justificationCell(f scoring.FactorResult) pdfCell {
	text := "—"
	var loc, srcLoc scoring.Location
	if f.InheritedFrom != "" && !f.Capped {
		text = "The host's answer and evidence: see the assessment of " + coverText(f.InheritedFrom) + "."
	}
	if f.Entry != nil {
		loc, srcLoc = f.Entry.Loc(f.Entry.Justification), f.Entry.Loc(f.Entry.Sources)
		if s := strings.TrimSpace(f.Entry.Justification.Text); s != "" {
			text = clipCell(s, maxCellRunes, loc)
		}
	}
	links := f.Sources
	switch {
	case len(links) > maxCellLinks:
		text += fmt.Sprintf("\nSources (the first %d of %d; all are in %s):", maxCellLinks, len(links), where(srcLoc))
		links = links[:maxCellLinks]
	case len(links) > 0:
		text += "\nSources:"
	}
	return pdfCell{Text: text, Links: links}
}

// Bounds on the text of one scorecard cell, so that a scorecard's size
// follows its workbook's text and a pasted page does not fill pages: the
// rest stays in the workbook, at the cell named.
const (
	maxCellRunes    = 2000 // a justification
	maxAnswerRunes  = 300  // an answer or confidence as written
	maxMessageRunes = 1000 // a problem's message
	maxCellLinks    = 20   // sources listed in one cell
)

// clipCell shortens text to n runes, saying where the rest is.
func clipCell(text string, n int, loc scoring.Location) string {
	if len(text) <= n || utf8.RuneCountInString(text) <= n {
		return text
	}
	return scoring.Clip(text, n) + " [clipped: the full text is in " + where(loc) + "]"
}

// where names a cell of the workbook for the reader of a scorecard.
func where(loc scoring.Location) string {
	if loc.Sheet != "" && loc.Cell != "" {
		return "the workbook at " + loc.Sheet + "!" + loc.Cell
	}
	return "the workbook"
}

// problems lists every problem of the assessment.
func (sc *scorecard) problems() {
	d, r := sc.d, sc.r
	e, w := r.Issues.Errors(), r.Issues.Warnings()
	d.section("Problems", "", 30)
	if len(r.Issues) == 0 {
		d.paragraph("No problems were found in this assessment.", "", 9, pdfColText)
		return
	}
	d.paragraph(fmt.Sprintf("%d error%s and %d warning%s. Errors make the assessment invalid (the provider "+
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
		rows = append(rows, []pdfCell{{Text: loc}, severityCell(is.Severity), {Text: is.Code},
			{Text: clipCell(is.Message, maxMessageRunes, scoring.Location{Sheet: is.Sheet, Cell: is.Cell})}})
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
	d, p := sc.d, sc.r.Profile
	d.section("How this scorecard is computed", "", 35)
	var composition []string
	if len(sc.r.Hosts) > 0 {
		composition = append(composition, compositionRule+" An objective's SEAL names the factors that set it and "+
			"whether their answers come from the host.")
	}
	eligible := "A provider is eligible when the assessment is complete, has no errors and reaches the profile's minimum " +
		"SEAL on every objective; eligible providers are ranked by score. SEAL prevails over score."
	if noMinimum(p) {
		eligible = "Profile " + profileName(p) + " sets no minimum SEAL: eligible means complete and free of errors, " +
			"whatever the SEALs; eligible providers are ranked by score."
	}
	items := append([]string{
		"Each factor scores the points and the SEAL of the chosen answer on the framework's ladder; " +
			"points are shown rounded over the rounded maximum (94/125), sums use two decimals.",
		"An objective's SEAL is the lowest SEAL of its factors: " + weakestMark + " marks those weakest links. " +
			"The overall SEAL is the lowest objective SEAL. An unanswered factor scores 0 points and never counts as compliant.",
		"The Sovereignty Score is 100 × the sum over objectives of weight × points ÷ " + divisorText(p) +
			", with the weights of profile " + profileName(p) + ", computed exactly and rounded half up to two decimals.",
		"The radar chart shows each objective's points as a share of its maximum, with the objective's SEAL.",
		"The SEAL levels of the framework: " + sealLevels(sc.fw) + ".",
		eligible,
		"An objective's result is pass (at or above the profile's minimum SEAL), below minimum, no minimum " +
			"(the profile sets none for it), incomplete (a factor has no usable answer) or errors (a factor has an error).",
	}, composition...)
	if p != nil {
		items = append(items, "The method is that of profile "+p.Name+", whose canonical form has the SHA-256 "+
			p.SHA256()+" (the footer shows its start). "+upperFirst(methodHashClaim)+".")
	}
	d.bullets(items, 8)
}
