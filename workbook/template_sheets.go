package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// tplCoverHints are shown beside the cover values; the reader only reads
// columns A and B.
var tplCoverHints = map[string]string{
	cover.Provider:              "Legal or trading name of the provider",
	cover.Service:               "The offer assessed, e.g. a PaaS in a given region",
	cover.Assessor:              "Your name and organisation",
	cover.Date:                  "YYYY-MM-DD, e.g. 2026-03-15",
	cover.FrameworkVersion:      "Set by sovscore; do not change",
	cover.Hosting:               "Who runs the underlying infrastructure, if not the provider",
	cover.HostingQualifications: "e.g. SecNumCloud 3.2, EUCS High, ISO/IEC 27001",
	cover.HostAssessment:        "Only for a service assessed on top of its host's assessment: the host workbook's file name (e.g. iaas.xlsx) or provider name; several separated by ;",
	cover.Notes:                 "Anything a reader of the assessment should know",
}

func tplCoverText(a *scoring.Assessment, label string) string {
	if a == nil {
		return ""
	}
	if f := cover.Field(&a.Provider, label); f != nil {
		return f.Text
	}
	return ""
}

func (b *tplBuilder) cover(a *scoring.Assessment) error {
	const sheet = CoverSheet
	f, st, fw := b.f, b.st, b.fw
	widths := []float64{34, 70, 60}
	if err := b.setWidths(sheet, widths); err != nil {
		return err
	}
	if err := b.put(sheet, 1, 1, fw.Name+": sovereignty assessment", st.title); err != nil {
		return err
	}
	sub := fmt.Sprintf("Framework version %s (%s), %s.", fw.Version, fw.Date, fw.Publisher)
	if err := b.put(sheet, 1, 2, sub, st.subtitle); err != nil {
		return err
	}
	row := coverFirstRow
	for _, label := range cover.Labels {
		if err := b.put(sheet, 1, row, label, st.coverLabel); err != nil {
			return err
		}
		text, style := tplCoverText(a, label), st.coverValue
		switch label {
		case cover.FrameworkVersion:
			style = st.coverReadOnly
			if text == "" {
				text = fw.Version
			}
		case cover.Date:
			style = st.coverDate
			dv, err := dateValidation(tplCell(2, row))
			if err != nil {
				return err
			}
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return fmt.Errorf("date validation: %w", err)
			}
		}
		if err := b.put(sheet, 2, row, text, style); err != nil {
			return err
		}
		if err := b.put(sheet, 3, row, tplCoverHints[label], st.hint); err != nil {
			return err
		}
		if err := b.fitRow(sheet, row, rowLines([]string{label, text, tplCoverHints[label]}, widths)); err != nil {
			return err
		}
		row++
	}
	row++
	if err := b.put(sheet, 1, row, "What to fill in", st.heading); err != nil {
		return err
	}
	row++
	note := fmt.Sprintf("Fill in the yellow cells of column B, then answer every factor on the sheets %s to %s: "+
		"pick the answer from the drop-down, set your confidence, justify the answer and cite your sources. "+
		"Grey cells are fixed. The %s sheet explains the answers, the confidence levels and how the assessment is scored.",
		fw.Objectives[0].ID, fw.Objectives[len(fw.Objectives)-1].ID, GuideSheet)
	if err := b.paragraph(sheet, row, len(widths), tplSum(widths), note, st.note); err != nil {
		return err
	}
	show := false
	if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &show}); err != nil {
		return err
	}
	first := tplCell(2, coverFirstRow)
	if err := f.SetPanes(sheet, &excelize.Panes{Selection: []excelize.Selection{{SQRef: first, ActiveCell: first}}}); err != nil {
		return err
	}
	if err := b.landscape(sheet); err != nil {
		return err
	}
	return b.protect(sheet)
}

func (b *tplBuilder) objective(o *scoring.Objective, entries map[string]*scoring.FactorEntry) error {
	sheet := o.ID
	f, st := b.f, b.st
	widths := make([]float64, len(Headers))
	for i, h := range Headers {
		widths[i] = objectiveWidths[h]
	}
	if err := b.setWidths(sheet, widths); err != nil {
		return err
	}
	if err := b.put(sheet, 1, objTitleRow, o.ID+": "+o.Name, st.title); err != nil {
		return err
	}
	if err := b.paragraph(sheet, objDescRow, len(Headers), tplSum(widths), o.Description, st.description); err != nil {
		return err
	}
	for i, h := range Headers {
		if err := b.put(sheet, i+1, objHeaderRow, h, st.header); err != nil {
			return err
		}
	}
	cID, cFactor, cQuestion := tplHeaderCol(HeaderID), tplHeaderCol(HeaderFactor), tplHeaderCol(HeaderQuestion)
	cAnswer, cConf := tplHeaderCol(HeaderAnswer), tplHeaderCol(HeaderConfidence)
	cJust, cSrc := tplHeaderCol(HeaderJustification), tplHeaderCol(HeaderSources)
	for i, fac := range o.Factors {
		row := objFirstRow + i
		var e scoring.FactorEntry
		if p, ok := entries[fac.ID]; ok {
			e = *p
		}
		cells := []struct {
			col   int
			text  string
			style int
		}{
			{cID, fac.ID, st.id}, {cFactor, fac.Name, st.locked}, {cQuestion, fac.Question, st.locked},
			{cAnswer, e.Answer.Text, st.inputWrap}, {cConf, e.Confidence.Text, st.input},
			{cJust, e.Justification.Text, st.inputWrap}, {cSrc, e.Sources.Text, st.inputWrap},
		}
		texts := make([]string, len(Headers))
		for _, c := range cells {
			if err := b.put(sheet, c.col, row, c.text, c.style); err != nil {
				return err
			}
			texts[c.col-1] = c.text
		}
		if err := b.fitRow(sheet, row, rowLines(texts, widths)); err != nil {
			return err
		}
		if err := b.linkToLadder(sheet, cID, row, fac); err != nil {
			return err
		}
		if err := f.AddDataValidation(sheet, answerValidation(fac, tplCell(cAnswer, row))); err != nil {
			return fmt.Errorf("%s answer validation: %w", fac.ID, err)
		}
	}
	last := objFirstRow + len(o.Factors) - 1
	conf, err := confidenceValidation(tplCell(cConf, objFirstRow) + ":" + tplCell(cConf, last))
	if err != nil {
		return err
	}
	if err := f.AddDataValidation(sheet, conf); err != nil {
		return fmt.Errorf("confidence validation: %w", err)
	}
	first := tplCell(cAnswer, objFirstRow)
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: cID, YSplit: objHeaderRow,
		TopLeftCell: tplCell(cID+1, objFirstRow), ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: first, ActiveCell: first, Pane: "bottomRight"}},
	}); err != nil {
		return err
	}
	// Repeat the header row on every printed page.
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, objHeaderRow, objHeaderRow), Scope: sheet,
	}); err != nil {
		return err
	}
	if err := b.landscape(sheet); err != nil {
		return err
	}
	return b.protect(sheet)
}

// answerValidation offers the factor's answers from its named list. The
// error style is "warning", not "stop": assessors paste paraphrases such as
// "4. Unlikely takeover ..." whose leading number is what scoring uses.
func answerValidation(fac *scoring.Factor, ref string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	dv.SetSqrefDropList(ListName(fac.ID))
	inherit := ""
	if fac.Layer == scoring.LayerInfrastructure {
		inherit = fmt.Sprintf(" Under a host assessment, %q (or blank) takes the host's answer.", scoring.InheritedAnswer)
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, clipUTF16(fac.ID+": not a listed answer", maxPromptTitleChars),
		clipUTF16(fmt.Sprintf("This is not one of the %d answers of %s. Only the leading number (1 to %d) is scored, "+
			"so keep it at the start, e.g. \"%d. ...\".%s Yes keeps your text, No lets you edit it.",
			len(fac.Answers), fac.ID, len(fac.Answers), len(fac.Answers), inherit), maxErrorChars))
	dv.SetInput(clipUTF16(fac.ID+" answers", maxPromptTitleChars), answerPrompt(fac))
	return dv
}

// listValues are the values of a factor's drop-down: its answers and, on
// an infrastructure factor, the answer that takes the host's.
func listValues(fac *scoring.Factor) []string {
	out := make([]string, 0, len(fac.Answers)+1)
	for _, a := range fac.Answers {
		out = append(out, a.Display())
	}
	if fac.Layer == scoring.LayerInfrastructure {
		out = append(out, scoring.InheritedAnswer)
	}
	return out
}

func confidenceValidation(ref string) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	if err := dv.SetDropList(Confidences); err != nil {
		return nil, err
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Confidence",
		"Confidence is one of high, medium or low.")
	dv.SetInput("Confidence", "high: public, verifiable evidence\nmedium: indirect evidence or inference\n"+
		"low: assumption, to confirm with the provider")
	return dv, nil
}

// lists writes one column per factor (ID on row 1, answers below) and a
// workbook-scope name per column. Drop-downs reference the names because
// an inline list is capped at 255 characters and splits on commas.
func (b *tplBuilder) lists() error {
	const sheet = ListsSheet
	f := b.f
	for i, fac := range b.fw.Factors() {
		col := i + 1
		if err := f.SetCellStr(sheet, tplCell(col, 1), fac.ID); err != nil {
			return err
		}
		values := listValues(fac)
		for j, v := range values {
			if err := f.SetCellStr(sheet, tplCell(col, listFirstRow+j), escapeXString(v)); err != nil {
				return err
			}
		}
		colName, _ := excelize.ColumnNumberToName(col) // col is always valid
		ref := fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, colName, listFirstRow, colName, listFirstRow+len(values)-1)
		if err := f.SetDefinedName(&excelize.DefinedName{Name: ListName(fac.ID), RefersTo: ref}); err != nil {
			return fmt.Errorf("name %s: %w", ListName(fac.ID), err)
		}
	}
	if err := b.protect(sheet); err != nil {
		return err
	}
	return f.SetSheetVisible(sheet, false)
}
