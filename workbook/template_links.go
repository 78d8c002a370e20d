package workbook

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// Links between a factor's row and its ladder on the Guide: the drop-down
// and its prompt cannot show long answers whole, so every factor ID is a
// link to its full ladder (answers, points, SEAL), and the ladder's factor
// ID links back to the row. The IDs carry the links, not the names:
// LibreOffice does not wrap the text of a cell with a link, and IDs are
// short.

// linkFont is the colour spreadsheets give hyperlinks.
const linkFont = "0563C1"

// linkStyle is style with the hyperlink font: blue and underlined.
func (b *tplBuilder) linkStyle(base int) (int, error) {
	st, err := b.f.GetStyle(base)
	if err != nil {
		return 0, err
	}
	font := excelize.Font{Family: "Calibri"}
	if st.Font != nil {
		font = *st.Font
	}
	font.Color, font.Underline, font.ColorTheme = linkFont, "single", nil
	st.Font = &font
	return b.f.NewStyle(st)
}

// linkToLadder makes a factor's ID (col, row of an objective sheet) a
// link to its ladder on the Guide.
func (b *tplBuilder) linkToLadder(sheet string, col, row int, fac *scoring.Factor) error {
	at, ok := b.ladderRows[fac.ID]
	if !ok {
		return nil
	}
	tip := clipUTF16(fmt.Sprintf("The %d answers of %s in full, with their points and SEAL (Guide)", len(fac.Answers), fac.ID), 255)
	if err := b.f.SetCellHyperLink(sheet, tplCell(col, row), annLinkTarget(GuideSheet, tplCell(1, at)), "Location",
		excelize.HyperlinkOpts{Tooltip: &tip}); err != nil {
		return err
	}
	style, err := b.linkStyle(b.st.id)
	if err != nil {
		return err
	}
	return b.f.SetCellStyle(sheet, tplCell(col, row), tplCell(col, row), style)
}

// linkToRow makes a ladder's factor ID (Guide, col 1, row) a link back to
// the factor's row on its objective sheet.
func (b *tplBuilder) linkToRow(row int, fac *scoring.Factor) error {
	cell, ok := answerCell(fac)
	if !ok {
		return nil
	}
	tip := fmt.Sprintf("Back to %s on sheet %s", fac.ID, fac.Objective.ID)
	if err := b.f.SetCellHyperLink(GuideSheet, tplCell(1, row), annLinkTarget(fac.Objective.ID, cell),
		"Location", excelize.HyperlinkOpts{Tooltip: &tip}); err != nil {
		return err
	}
	style, err := b.linkStyle(b.st.cellTop)
	if err != nil {
		return err
	}
	return b.f.SetCellStyle(GuideSheet, tplCell(1, row), tplCell(1, row), style)
}

// answerCell is the Answer cell of a factor's row on its objective sheet
// as NewTemplate lays it out; false when the factor is not among its
// objective's.
func answerCell(fac *scoring.Factor) (string, bool) {
	i := slices.Index(fac.Objective.Factors, fac)
	if i < 0 {
		return "", false
	}
	return tplCell(tplHeaderCol(HeaderAnswer), objFirstRow+i), true
}
