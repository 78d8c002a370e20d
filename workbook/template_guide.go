package workbook

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// guide writes the instructions, the scoring rules, the SEAL levels, the
// weight profiles and every factor's ladder. Everything is rendered from
// the framework, so a new framework version needs no code change.
func (b *tplBuilder) guide() error {
	const sheet = GuideSheet
	f, st, fw := b.f, b.st, b.fw
	if err := b.setWidths(sheet, guideWidths); err != nil {
		return err
	}
	nCols, width := len(guideWidths), tplSum(guideWidths)
	row := 1
	var err error
	para := func(text string, style int) {
		if err == nil {
			err = b.paragraph(sheet, row, nCols, width, text, style)
			row++
		}
	}
	heading := func(text string) {
		if err == nil {
			row++ // a blank row before each section
			err = b.put(sheet, 1, row, text, st.heading)
			row++
		}
	}
	firstObj, lastObj := fw.Objectives[0].ID, fw.Objectives[len(fw.Objectives)-1].ID

	if err := b.put(sheet, 1, row, "How to fill in and score this assessment", st.title); err != nil {
		return err
	}
	row++
	para(fmt.Sprintf("%s %s (%s), %s.", fw.Name, fw.Version, fw.Date, fw.Publisher), st.subtitle)

	heading("Filling it in")
	for _, t := range []string{
		fmt.Sprintf("1. %s: fill in the provider, the service or offer in scope, your name, the assessment date (YYYY-MM-DD), "+
			"the hosting infrastructure provider and its qualifications, and any notes. The framework version is set by sovscore. "+
			"For a service assessed on top of its host's assessment, name the host under Host assessment (see below).", CoverSheet),
		fmt.Sprintf("2. One sheet per objective (%s to %s), one row per factor. Only the yellow cells are yours: %s, %s, %s and %s. "+
			"The sheets are protected without a password against accidental edits of the IDs and questions; you can still "+
			"resize, format, insert rows and columns, sort and filter, and Review > Unprotect Sheet needs no password.",
			firstObj, lastObj, HeaderAnswer, HeaderConfidence, HeaderJustification, HeaderSources),
		fmt.Sprintf("3. %s: pick the answer from the drop-down. Answers are numbered from 1 (least sovereign); the leading number "+
			"is what counts. You may paste your own wording if it starts with the number, e.g. \"4. Unlikely takeover ...\"; "+
			"Excel then warns and you can keep it. Some ladders repeat a label at two positions, so always keep the number. "+
			"Type text, not formulas. The drop-down cannot show long answers whole: click a factor's %s to read all its "+
			"answers in full in the ladders below, and click the %s there to go back.", HeaderAnswer, HeaderID, HeaderID),
		fmt.Sprintf("4. %s: high = established by public, verifiable evidence (contracts, certifications, official registers, "+
			"the provider's own documentation); medium = indirect evidence or a reasoned inference from reliable sources; "+
			"low = assumption or partial, outdated information, to be confirmed with the provider. "+
			"High confidence needs at least one source.", HeaderConfidence),
		fmt.Sprintf("5. %s: say in a few sentences why the answer applies (for example, that the service runs on an already "+
			"qualified infrastructure). %s: cite the evidence as URLs in the %s column, one per line, or inline in the "+
			"justification as (src: https://...). Only https:// and http:// URLs are accepted; plain http:// is flagged.",
			HeaderJustification, HeaderSources, HeaderSources),
		"6. Answer every factor. An unanswered factor scores no points and never passes: the assessment stays incomplete " +
			"and the offer cannot be found compliant.",
	} {
		para(t, st.paragraph)
	}

	heading("How it is scored")
	var sealOnly []string
	for _, fac := range fw.Factors() {
		all := true
		for _, a := range fac.Answers {
			all = all && a.SEAL == scoring.MaxSEAL
		}
		if all {
			sealOnly = append(sealOnly, fac.ID)
		}
	}
	rules := []string{
		"Factor: the points and the SEAL of the chosen answer (see the ladders below).",
		"Objective: points = the sum of its factors' points; SEAL = the lowest SEAL of its factors.",
		"Overall SEAL = the lowest objective SEAL.",
		"Sovereignty Score (%) = 100 x the sum over objectives of weight x (objective points / divisor), " +
			"with the weights and divisor of a profile (table below).",
		"Tender: the buyer sets a minimum SEAL per objective. An offer below it on any objective is rejected, not ranked; " +
			"the score ranks the offers that pass. SEAL prevails over score. An unanswered factor never passes.",
	}
	if len(sealOnly) > 0 {
		rules = append(rules, fmt.Sprintf("Every answer of %s grants SEAL-%d: these factors move the score, never the SEAL.",
			strings.Join(sealOnly, ", "), scoring.MaxSEAL))
	}
	for _, t := range rules {
		para("- "+t, st.paragraph)
	}

	heading("A service on a host (sovscore's composition convention)")
	for _, t := range compositionGuide(fw) {
		para(t, st.paragraph)
	}

	heading("SEAL levels (Sovereignty Effective Assurance Levels)")
	if err != nil {
		return err
	}
	if err := b.tableHeader(sheet, row, []string{"SEAL", "Name"}); err != nil {
		return err
	}
	if err := b.styleRange(sheet, 3, row, nCols, row, st.header); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, tplCell(2, row), tplCell(nCols, row)); err != nil {
		return err
	}
	row++
	for _, l := range fw.SEALLevels {
		name := l.Name
		if l.AltName != "" {
			name += " (called " + l.AltName + " in the 2026 guidance)"
		}
		if err := b.putNumber(sheet, 1, row, l.Level, st.sealCenter); err != nil {
			return err
		}
		if err := b.put(sheet, 2, row, name, st.cell); err != nil {
			return err
		}
		if err := b.styleRange(sheet, 3, row, nCols, row, st.cell); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, tplCell(2, row), tplCell(nCols, row)); err != nil {
			return err
		}
		row++
	}

	heading("Weight profiles")
	if err != nil {
		return err
	}
	if err := b.weights(sheet, &row); err != nil {
		return err
	}
	for _, p := range fw.Profiles {
		para(p.Name+": "+p.Description, st.paragraph)
	}

	heading("Answer ladders: the consequence of each answer")
	if err != nil {
		return err
	}
	ladderHeader := row
	if err := b.ladders(sheet, &row); err != nil {
		return err
	}
	if err := b.guidePrint(ladderHeader); err != nil {
		return err
	}
	show := false
	if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &show}); err != nil {
		return err
	}
	if err := b.landscape(sheet); err != nil {
		return err
	}
	return b.protect(sheet)
}

func (b *tplBuilder) tableHeader(sheet string, row int, titles []string) error {
	for i, t := range titles {
		if err := b.put(sheet, i+1, row, t, b.st.header); err != nil {
			return err
		}
	}
	return nil
}

// weights renders the built-in profiles' weights, one column per profile.
func (b *tplBuilder) weights(sheet string, row *int) error {
	st, fw := b.st, b.fw
	titles := []string{"Objective", "Name", "Max points"}
	for _, p := range fw.Profiles {
		titles = append(titles, p.Name)
	}
	if err := b.tableHeader(sheet, *row, titles); err != nil {
		return err
	}
	if err := b.fitRow(sheet, *row, rowLines(titles, guideWidths)); err != nil {
		return err
	}
	*row++
	for _, o := range fw.Objectives {
		if err := b.put(sheet, 1, *row, o.ID, st.cellTop); err != nil {
			return err
		}
		if err := b.put(sheet, 2, *row, o.Name, st.cell); err != nil {
			return err
		}
		if err := b.putNumber(sheet, 3, *row, o.Max().Float(), st.points); err != nil {
			return err
		}
		for i, p := range fw.Profiles {
			w := p.Weights[o.ID]
			style := st.percent
			if math.Abs(w*100-math.Round(w*100)) > 1e-9 {
				style = st.percent2
			}
			if err := b.putNumber(sheet, 4+i, *row, w, style); err != nil {
				return err
			}
		}
		*row++
	}
	if err := b.put(sheet, 1, *row, "Divisor", st.cellTop); err != nil {
		return err
	}
	if err := b.put(sheet, 2, *row, "objective points are divided by", st.cell); err != nil {
		return err
	}
	if err := b.put(sheet, 3, *row, "", st.cell); err != nil {
		return err
	}
	for i, p := range fw.Profiles {
		d := "exact max"
		if p.Divisor == scoring.DivisorNominal {
			d = "1000"
		}
		if err := b.put(sheet, 4+i, *row, d, st.cell); err != nil {
			return err
		}
	}
	*row++
	return nil
}

// ladders renders every factor's answers with their points and SEAL, one
// band per objective; the factor ID and name are merged down its rungs.
func (b *tplBuilder) ladders(sheet string, row *int) error {
	f, st, fw := b.f, b.st, b.fw
	nCols := len(guideWidths)
	if err := b.tableHeader(sheet, *row, []string{"ID", "Factor", "Answer no.", "Points", "SEAL", "Answer"}); err != nil {
		return err
	}
	*row++
	for _, o := range fw.Objectives {
		band := fmt.Sprintf("%s: %s (at most %s points)", o.ID, o.Name, o.Max())
		if err := b.put(sheet, 1, *row, band, st.band); err != nil {
			return err
		}
		if err := b.styleRange(sheet, 2, *row, nCols, *row, st.band); err != nil {
			return err
		}
		if err := f.MergeCell(sheet, tplCell(1, *row), tplCell(nCols, *row)); err != nil {
			return err
		}
		*row++
		for _, fac := range o.Factors {
			first := *row
			b.ladderRows[fac.ID] = first
			for i, a := range fac.Answers {
				r := first + i
				id, name := "", ""
				if i == 0 {
					id, name = fac.ID, fac.Name
				}
				if err := b.put(sheet, 1, r, id, st.cellTop); err != nil {
					return err
				}
				if err := b.put(sheet, 2, r, name, st.cell); err != nil {
					return err
				}
				if err := b.putNumber(sheet, 3, r, a.Number, st.cellCenter); err != nil {
					return err
				}
				if err := b.putNumber(sheet, 4, r, a.Points.Float(), st.points); err != nil {
					return err
				}
				if err := b.putNumber(sheet, 5, r, a.SEAL, st.seal); err != nil {
					return err
				}
				if err := b.put(sheet, 6, r, a.Display(), st.cell); err != nil {
					return err
				}
				if err := b.fitRow(sheet, r, rowLines([]string{"", "", "", "", "", a.Display()}, guideWidths)); err != nil {
					return err
				}
			}
			last := first + len(fac.Answers) - 1
			for col := 1; col <= 2; col++ {
				if err := f.MergeCell(sheet, tplCell(col, first), tplCell(col, last)); err != nil {
					return err
				}
			}
			if err := b.linkToRow(first, fac); err != nil {
				return err
			}
			*row = last + 1
		}
	}
	return nil
}

// compositionGuide explains the Host assessment field, the factor classes
// and the rule, listing the factors of each class.
func compositionGuide(fw *scoring.Framework) []string {
	byLayer := map[scoring.Layer][]string{}
	for _, fac := range fw.Factors() {
		byLayer[fac.Layer] = append(byLayer[fac.Layer], fac.ID)
	}
	return []string{
		"A PaaS or SaaS may be assessed on top of the assessment of the infrastructure it runs on, as SecNumCloud's principle " +
			"of composition allows. The framework itself defines no such rule: this is sovscore's own convention, and every report " +
			"that applies it says so. Name the host's assessment on the Cover under Host assessment: its workbook's file name " +
			"(relative to this workbook's folder) or its provider name (\"Provider / Service\" when the provider has several), " +
			"several separated by \";\". Score the host in the same run.",
		"- Infrastructure factors (the host's facilities and hardware: " + strings.Join(byLayer[scoring.LayerInfrastructure], ", ") +
			"): leave the answer blank or pick \"" + scoring.InheritedAnswer + "\" to take the host's answer; an answer of your own " +
			"counts only up to the host's.",
		"- Composite factors (both layers matter: " + strings.Join(byLayer[scoring.LayerComposite], ", ") +
			"): answer them; the lower of your answer and the host's counts.",
		"- Service factors (the rest: " + strings.Join(byLayer[scoring.LayerService], ", ") +
			"): the service's own; the host's answer is shown for context only.",
		"An answer above the host's is lowered to it, with a warning. With several hosts, the lowest answer counts. " +
			"A host assessment with errors or unanswered factors cannot be relied on: the factors taken from it count as unanswered. " +
			"A buyer's profile may change the class of a factor.",
	}
}
