package workbook

import (
	"errors"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// Palette of the outputs, on top of the template's (template.go). SEAL
// levels run from red (0) to green (4); problems use the light red and amber
// fills spreadsheets use for "bad" and "neutral".
var annSEALFills = [scoring.MaxSEAL + 1]string{"F8696B", "F4B183", "FFD966", "C6E0B4", "63BE7B"}

const (
	annNoSEALFill = "D9D9D9"
	annErrorFill  = "FFC7CE"
	annErrorFont  = "9C0006"
	annWarnFill   = "FFEB9C"
	annWarnFont   = "9C5700"
	annGoodFill   = "C6EFCE"
	annGoodFont   = "006100"
	annLinkFont   = "0563C1"
	annNoPoints   = "–"
)

// annStyles holds the style IDs of the cells the annotator writes.
type annStyles struct {
	title, subtitle, heading, header, label, valueWrap int
	cell, cellWrap, cellCenter, cellBold, link         int
	points, percent, percent2, score                   int
	seal                                               [scoring.MaxSEAL + 1]int
	noSEAL, good, bad, warn, muted                     int
	outPoints, outOK, outError, outWarn                int
}

func annBorder() []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: colorBorder, Style: 1}, {Type: "right", Color: colorBorder, Style: 1},
		{Type: "top", Color: colorBorder, Style: 1}, {Type: "bottom", Color: colorBorder, Style: 1},
	}
}

func annFill(c string) excelize.Fill {
	return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
}

// annHeaderStyle is the template's column header style.
func annHeaderStyle() *excelize.Style {
	return &excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"}, Fill: annFill(colorNavy), Border: annBorder(),
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}, Protection: &excelize.Protection{Locked: true}}
}

// newAnnStyles creates the styles shared by the scorecard and the summary.
// NewStyle returns the existing ID of an identical style, so annotating
// twice adds no style.
func newAnnStyles(f *excelize.File) (annStyles, error) {
	var st annStyles
	family, err := f.GetDefaultFont()
	if err != nil {
		return st, err
	}
	add := func(dst *int, s *excelize.Style) {
		if err != nil {
			return
		}
		// A font without a name shows in the application's default
		// font (a serif one in LibreOffice): name the workbook's.
		if s.Font != nil && s.Font.Family == "" {
			s.Font.Family = family
		}
		if s.Protection == nil {
			s.Protection = &excelize.Protection{Locked: true}
		}
		*dst, err = f.NewStyle(s)
	}
	border := annBorder()
	top := &excelize.Alignment{Vertical: "top"}
	topWrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "top"}
	add(&st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Color: colorNavy}})
	add(&st.subtitle, &excelize.Style{Font: &excelize.Font{Color: colorMuted}})
	add(&st.heading, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 13, Color: colorNavy}})
	add(&st.header, annHeaderStyle())
	add(&st.label, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: annFill(colorLocked), Border: border, Alignment: topWrap})
	add(&st.valueWrap, &excelize.Style{Border: border, Alignment: topWrap, NumFmt: numFmtText})
	add(&st.cell, &excelize.Style{Border: border, Alignment: top})
	add(&st.cellWrap, &excelize.Style{Border: border, Alignment: topWrap})
	add(&st.cellCenter, &excelize.Style{Border: border, Alignment: center})
	add(&st.cellBold, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: top})
	add(&st.link, &excelize.Style{Font: &excelize.Font{Color: annLinkFont, Underline: "single"}, Border: border, Alignment: top})
	add(&st.points, &excelize.Style{Border: border, Alignment: top, NumFmt: numFmtPoints})
	add(&st.percent, &excelize.Style{Border: border, Alignment: top, NumFmt: numFmtPercent})
	add(&st.percent2, &excelize.Style{Border: border, Alignment: top, NumFmt: numFmtPercent2})
	add(&st.score, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Color: colorNavy}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}, NumFmt: numFmtPoints})
	for i, c := range annSEALFills {
		add(&st.seal[i], &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: annFill(c), Border: border, Alignment: center})
	}
	add(&st.noSEAL, &excelize.Style{Font: &excelize.Font{Color: colorMuted}, Fill: annFill(annNoSEALFill), Border: border, Alignment: center})
	add(&st.good, &excelize.Style{Font: &excelize.Font{Bold: true, Color: annGoodFont}, Fill: annFill(annGoodFill), Border: border, Alignment: center})
	add(&st.bad, &excelize.Style{Font: &excelize.Font{Bold: true, Color: annErrorFont}, Fill: annFill(annErrorFill), Border: border, Alignment: center})
	add(&st.warn, &excelize.Style{Font: &excelize.Font{Bold: true, Color: annWarnFont}, Fill: annFill(annWarnFill), Border: border, Alignment: center})
	add(&st.muted, &excelize.Style{Font: &excelize.Font{Italic: true, Color: colorMuted}, Alignment: topWrap})
	// Output columns of the objective sheets: grey like the template's
	// fixed cells, since they are not for the assessor to fill in.
	add(&st.outPoints, &excelize.Style{Fill: annFill(colorLocked), Border: border, Alignment: center})
	add(&st.outOK, &excelize.Style{Font: &excelize.Font{Color: annGoodFont}, Fill: annFill(colorLocked), Border: border, Alignment: topWrap})
	add(&st.outError, &excelize.Style{Font: &excelize.Font{Color: annErrorFont}, Fill: annFill(colorLocked), Border: border, Alignment: topWrap})
	add(&st.outWarn, &excelize.Style{Font: &excelize.Font{Color: annWarnFont}, Fill: annFill(colorLocked), Border: border, Alignment: topWrap})
	return st, err
}

// sealStyle returns the coloured style of a SEAL level; -1 is "none".
func (st *annStyles) sealStyle(level int) int {
	if level < 0 || level > scoring.MaxSEAL {
		return st.noSEAL
	}
	return st.seal[level]
}

// statusStyle colours an objective's outcome: a failure (errors, below
// the minimum) red, what is unfinished yellow, a pass green; "no minimum"
// in neutral, since nothing was passed.
func (st *annStyles) statusStyle(status scoring.ObjectiveStatus, neutral int) int {
	switch status {
	case scoring.StatusErrors, scoring.StatusBelow:
		return st.bad
	case scoring.StatusIncomplete:
		return st.warn
	case scoring.StatusPass:
		return st.good
	}
	return neutral
}

// errNoStyles is the cause of the error for a workbook without styles.
var errNoStyles = errors.New("the style sheet has no fonts, fills, borders or cell formats")

func (a *annotator) styles() (err error) {
	if !usableStyles(a.f) {
		return &AnnotateError{Err: errNoStyles,
			Message: "the workbook has no usable cell styles (its part xl/styles.xml is missing, empty or incomplete), so the annotated copy cannot be made: open the workbook in Excel or LibreOffice, save it again and score it again"}
	}
	if a.family, err = a.f.GetDefaultFont(); err != nil {
		return err
	}
	a.st, err = newAnnStyles(a.f)
	return err
}
