package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// Print setup: every sheet prints on A4 landscape, one page wide (see
// landscape), with narrow margins so that the objective sheets' columns
// (objectiveWidths) print at about three quarters of their size, 8 pt and
// more, and with a header naming the provider and the sheet and a footer
// with "Page x of y".

// Margins in inches, as the file stores them.
const (
	printMarginSide   = 0.25
	printMarginTop    = 0.55
	printMarginBottom = 0.55
	printMarginHeader = 0.2
)

// maxHeaderProvider bounds the provider name in a printed header, which
// holds at most 255 characters with its codes.
const maxHeaderProvider = 80

// printSetup sets the margins, header and footer of a sheet.
func (b *tplBuilder) printSetup(sheet string) error {
	side, top, bottom, hf := printMarginSide, printMarginTop, printMarginBottom, printMarginHeader
	if err := b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &side, Right: &side, Top: &top, Bottom: &bottom, Header: &hf, Footer: &hf,
	}); err != nil {
		return err
	}
	return b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: b.printHeader(),
		OddFooter: b.printFooter(),
	})
}

// printHeader is "provider" on the left and the sheet's name on the right.
// A blank template does not know the provider yet and no header can read
// a cell, so it shows the file's name, which assessors usually give the
// provider's.
func (b *tplBuilder) printHeader() string {
	who := "&F"
	if b.provider != "" {
		who = headerText(scoring.Clip(b.provider, maxHeaderProvider))
	}
	// "&10&B": the size code must not run into text that starts with a
	// digit ("&10" + "3DS" would read as size 103).
	return "&L&10&B" + who + "&B&R&10&A"
}

// printFooter names the framework on the left and gives "Page x of y" on
// the right.
func (b *tplBuilder) printFooter() string {
	fw := headerText(fmt.Sprintf("%s %s assessment", b.fw.Name, b.fw.Version))
	return "&L&10&\"-,Regular\"" + fw + "&R&10Page &P of &N"
}

// headerText escapes the ampersand, the code character of headers.
func headerText(s string) string { return strings.ReplaceAll(s, "&", "&&") }

// guidePrint repeats the ladder table's column titles on every printed
// page of the Guide and starts the ladders on a page of their own, so the
// repeated titles sit above the table they name.
func (b *tplBuilder) guidePrint(headerRow int) error {
	if err := b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", GuideSheet, headerRow, headerRow), Scope: GuideSheet,
	}); err != nil {
		return err
	}
	return b.f.InsertPageBreak(GuideSheet, tplCell(1, headerRow-1))
}

// Dates the Cover's assessment date may take, as spreadsheet serial
// numbers: 2000-01-01 and 2100-12-31.
const (
	coverDateMin = 36526
	coverDateMax = 73415
)

// coverDateFormat shows a date typed on the Cover as 2026-03-15, in every
// locale, instead of the General format's serial number.
const coverDateFormat = "yyyy-mm-dd"

// dateValidation checks the Cover's date cell: a date, with a prompt that
// shows the expected form. Its error is a warning: a date typed as text
// (15/03/2026) is still read, and sovscore says when it is ambiguous.
func dateValidation(ref string) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	if err := dv.SetRange(coverDateMin, coverDateMax, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return nil, err
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "Assessment date",
		"This is not a date between 2000 and 2100. Type the date the assessment was made, e.g. 2026-03-15.")
	dv.SetInput("Assessment date", "The date the assessment was made, e.g. 2026-03-15 (year-month-day).")
	return dv, nil
}
