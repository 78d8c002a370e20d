package workbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// annHeader is the header row of an objective sheet: its number and cells.
type annHeader struct {
	row   int
	cells []string
	// last is the number of columns used on the header and factor rows.
	last int
}

// header returns the header row of a sheet and its last used column up to
// maxRow: from what the reader saw while the sheet is as it was read, else
// by scanning it again (findHeader).
func (a *annotator) header(sheet string, maxRow int) (*annHeader, error) {
	if l := a.layouts[sheet]; l != nil && !a.cleaned[sheet] {
		return &annHeader{row: l.headerRow, cells: l.header, last: l.lastColumn(maxRow)}, nil
	}
	return a.findHeader(sheet, maxRow)
}

// findHeader finds the header row as the reader does (a row with ID and
// Answer headers in the first rows) and the last used column from it to
// row maxRow. It returns nil when the sheet has no header row.
func (a *annotator) findHeader(sheet string, maxRow int) (*annHeader, error) {
	rows, err := a.f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var h *annHeader
	for n := 1; rows.Next(); n++ {
		if h == nil && n > headerSearchRows {
			break
		}
		if h != nil && n > maxRow {
			break
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", n, err)
		}
		if h == nil {
			if annIsHeader(cols) {
				h = &annHeader{row: n, cells: cols, last: annLastUsed(cols)}
			}
			continue
		}
		h.last = max(h.last, annLastUsed(cols))
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	return h, nil
}

func annKey(s string) string { return strings.ToLower(scoring.Normalize(s)) }

func annIsHeader(cols []string) bool {
	id, ans := false, false
	for _, c := range cols {
		switch annKey(c) {
		case strings.ToLower(HeaderID):
			id = true
		case strings.ToLower(HeaderAnswer):
			ans = true
		}
	}
	return id && ans
}

func annLastUsed(cols []string) int {
	for i := len(cols) - 1; i >= 0; i-- {
		if strings.TrimSpace(cols[i]) != "" {
			return i + 1
		}
	}
	return 0
}

// annTriple returns the 1-based column where adjacent Points, SEAL and Check
// headers start, or 0.
func annTriple(cells []string) int {
	for i := 0; i+2 < len(cells); i++ {
		if annKey(cells[i]) == strings.ToLower(HeaderPoints) && annKey(cells[i+1]) == strings.ToLower(HeaderSEAL) &&
			annKey(cells[i+2]) == strings.ToLower(HeaderCheck) {
			return i + 1
		}
	}
	return 0
}

// annRow is one factor row to annotate.
type annRow struct {
	fr  *scoring.FactorResult
	row int
}

// columns adds the Points, SEAL and Check columns to every sheet holding a
// factor row, in workbook order.
func (a *annotator) columns() error {
	bySheet := map[string][]annRow{}
	for i := range a.r.Factors {
		fr := &a.r.Factors[i]
		if fr.Entry == nil || fr.Entry.Row.Sheet == "" {
			continue
		}
		_, row, err := excelize.CellNameToCoordinates(fr.Entry.Row.Cell)
		if err != nil {
			continue
		}
		bySheet[fr.Entry.Row.Sheet] = append(bySheet[fr.Entry.Row.Sheet], annRow{fr: fr, row: row})
	}
	for _, sheet := range a.f.GetSheetList() {
		rows := bySheet[sheet]
		if len(rows) == 0 {
			continue
		}
		if err := a.sheetColumns(sheet, rows); err != nil {
			return fmt.Errorf("%s: %w", sheet, err)
		}
	}
	return nil
}

func (a *annotator) sheetColumns(sheet string, rows []annRow) error {
	f, st := a.f, &a.st
	maxRow := 0
	for _, r := range rows {
		maxRow = max(maxRow, r.row)
	}
	h, err := a.header(sheet, maxRow)
	if err != nil {
		return err
	}
	if h == nil {
		return nil // the reader found rows, so this does not happen
	}
	first := h.last + 1
	if first+2 > excelize.MaxColumns {
		// No room for the three columns after the last used one.
		a.noRoom = append(a.noRoom, sheet)
		return nil
	}
	headerStyle := 0
	if h.last > 0 {
		if headerStyle, err = f.GetCellStyle(sheet, tplCell(h.last, h.row)); err != nil {
			return err
		}
	}
	if headerStyle == 0 {
		headerStyle = st.header
	}
	for i, hd := range []struct {
		title string
		width float64
	}{{HeaderPoints, annWidthPoints}, {HeaderSEAL, annWidthSEAL}, {HeaderCheck, annWidthCheck}} {
		col := first + i
		ref := tplCell(col, h.row)
		if err := f.SetCellStr(sheet, ref, hd.title); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, ref, ref, headerStyle); err != nil {
			return err
		}
		name, _ := excelize.ColumnNumberToName(col)
		if err := f.SetColWidth(sheet, name, name, hd.width); err != nil {
			return err
		}
	}
	names := map[int]string{}
	for i, c := range h.cells {
		if t := scoring.Normalize(c); t != "" {
			names[i+1] = t
		}
	}
	issues := a.rowIssues()
	for _, r := range rows {
		fr := r.fr
		points := scoring.FormatFraction(fr.Points, fr.Max)
		if fr.Option == 0 {
			points = fmt.Sprintf("%s/%d", annNoPoints, fr.Max.Rounded())
		}
		check, sev := annCheckText(issues[annRowKey{sheet, r.row}], names)
		if host := annHostCheck(fr); host != "" {
			check = clipUTF16(host+"\n"+check, maxCellChars)
			if sev == annSevNone {
				check = host
			}
		}
		checkStyle := st.outOK
		switch {
		case sev == annSevError:
			checkStyle = st.outError
		case sev == annSevWarning:
			checkStyle = st.outWarn
		}
		cells := []struct {
			text  string
			style int
		}{
			{points, st.outPoints},
			{scoring.SEALLabel(fr.SEAL, false), st.sealStyle(fr.SEAL)},
			{check, checkStyle},
		}
		for i, c := range cells {
			ref := tplCell(first+i, r.row)
			if err := f.SetCellStr(sheet, ref, escapeXString(c.text)); err != nil {
				return err
			}
			if err := f.SetCellStyle(sheet, ref, ref, c.style); err != nil {
				return err
			}
		}
		if err := a.growRow(sheet, r.row, wrappedLines(check, annWidthCheck)); err != nil {
			return err
		}
	}
	return nil
}

// growRow makes a row tall enough for lines of text, recording its height
// so that a later annotation can put it back. Rows are never shrunk.
func (a *annotator) growRow(sheet string, row, lines int) error {
	if lines <= 1 {
		return nil
	}
	want := linesHeight(lines)
	cur, err := a.f.GetRowHeight(sheet, row)
	if err != nil {
		return err
	}
	if cur >= want-0.01 {
		return nil
	}
	a.rows = append(a.rows, annRowChange{sheet: sheet, row: row, height: cur})
	return a.f.SetRowHeight(sheet, row, want)
}

type annRowKey struct {
	sheet string
	row   int
}

// Severity ranks for the Check column: no problem, warning, error.
const (
	annSevNone = iota
	annSevWarning
	annSevError
)

// rowIssues groups the located issues by sheet and row.
func (a *annotator) rowIssues() map[annRowKey][]scoring.Issue {
	out := map[annRowKey][]scoring.Issue{}
	for _, is := range a.r.Issues {
		if is.Sheet == "" || is.Cell == "" {
			continue
		}
		_, row, err := excelize.CellNameToCoordinates(is.Cell)
		if err != nil {
			continue
		}
		k := annRowKey{is.Sheet, row}
		out[k] = append(out[k], is)
	}
	return out
}

// annCheckText renders a row's problems, one per line, each naming the
// column it is in; "OK" when there is none.
func annCheckText(issues []scoring.Issue, headers map[int]string) (string, int) {
	if len(issues) == 0 {
		return "OK", annSevNone
	}
	sev := annSevWarning
	lines := make([]string, 0, len(issues))
	for _, is := range issues {
		if is.Severity == scoring.Error {
			sev = annSevError
		}
		where := is.Cell
		if col, _, err := excelize.CellNameToCoordinates(is.Cell); err == nil && headers[col] != "" {
			where = headers[col] + " (" + is.Cell + ")"
		}
		lines = append(lines, fmt.Sprintf("%s in %s: %s", annSeverityWord(is.Severity), where, is.Message))
	}
	return clipUTF16(strings.Join(lines, "\n"), maxCellChars), sev
}

func annSeverityWord(s scoring.Severity) string {
	if s == scoring.Error {
		return "Error"
	}
	return "Warning"
}
