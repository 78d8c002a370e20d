package workbook

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// annChange records one highlighted cell: its original style, the style
// applied, whether a note was added and the note it replaced, if any.
type annChange struct {
	sheet, cell         string
	original, applied   int
	fill, applyFill     string
	hadNote             bool
	oldAuthor, oldNote  string
	oldWidth, oldHeight uint
}

// annRowChange records a row the annotator made taller for its Check text.
type annRowChange struct {
	sheet  string
	row    int
	height float64
}

// clean undoes a previous annotation: it restores the styles and notes of
// highlighted cells and the heights of grown rows, removes the Points/SEAL/
// Check columns and deletes the scorecard and the record sheet.
func (a *annotator) clean() error {
	f := a.f
	sheets := f.GetSheetList()
	// Sheet names are case-insensitive in spreadsheets, and NewSheet
	// would reuse a "scorecard" sheet.
	find := func(name string) string {
		for _, s := range sheets {
			if strings.EqualFold(s, name) {
				return s
			}
		}
		return ""
	}
	record, card := find(AnnotationsSheet), find(ScorecardSheet)
	if card != "" && record == "" {
		v, err := f.GetCellValue(card, "A1")
		if err != nil || !strings.HasPrefix(v, annScorecardTitle) {
			return &AnnotateError{Err: fmt.Errorf("foreign sheet %q", card),
				Message: fmt.Sprintf("the workbook already has a sheet named %q that sovscore did not make, and the annotated copy needs that name for its scorecard: rename it", card)}
		}
	}
	if record != "" {
		if err := a.undoRecord(record, func(s string) bool { return s != "" && find(s) == s }); err != nil {
			return err
		}
	}
	for _, s := range sheets {
		if s == card || s == record {
			continue
		}
		// Only objective sheets get columns, and a sheet that is no longer
		// one can only have them from an earlier annotation, which leaves
		// its record: scanning every other sheet would cost more than all
		// the rest of annotating.
		if a.layouts != nil && a.layouts[s] == nil && record == "" {
			continue
		}
		if err := a.removeColumns(s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	for _, s := range []string{card, record} {
		if s != "" {
			if err := f.DeleteSheet(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// Columns of the record sheet.
const (
	annRecKind = iota
	annRecSheet
	annRecRef
	annRecOriginal
	annRecApplied
	annRecComment
	annRecOldAuthor
	annRecOldNote
	annRecOldSize
	annRecOldFill
	annRecOldApply
	annRecCols
)

var annRecHeaders = [annRecCols]string{"kind", "sheet", "cell or row", "original style", "applied style",
	"note added", "previous note author", "previous note", "previous note size",
	"original fill", "original apply fill"}

// undoRecord reverts the cells and rows listed on the record sheet. A cell
// whose style is no longer the one applied (the assessor restyled it) keeps
// its current style.
func (a *annotator) undoRecord(recordSheet string, has func(string) bool) error {
	f := a.f
	rows, err := f.Rows(recordSheet)
	if err != nil {
		return err
	}
	var recs [][]string
	for n := 1; n <= maxRecordRows && rows.Next(); n++ {
		cols, err := rows.Columns()
		if err != nil {
			_ = rows.Close()
			return fmt.Errorf("%s row %d: %w", recordSheet, n, err)
		}
		recs = append(recs, cols)
	}
	if err := rows.Error(); err != nil {
		_ = rows.Close()
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if len(recs) < 2 || len(recs[0]) == 0 || recs[0][0] != annFormat {
		return nil // not a record we know: leave the workbook as it is
	}
	get := func(rec []string, i int) string {
		if i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for _, rec := range recs[2:] {
		sheet, ref := get(rec, annRecSheet), get(rec, annRecRef)
		if !has(sheet) {
			continue
		}
		switch get(rec, annRecKind) {
		case "cell":
			// Only cells inside the sheet: a crafted record naming
			// XFD1048576 would make excelize build a million rows.
			col, row, err := excelize.CellNameToCoordinates(ref)
			if maxRow, maxCol := a.sheetBounds(sheet); err != nil || row > maxRow || col > maxCol {
				continue
			}
			if get(rec, annRecComment) == "yes" {
				if err := f.DeleteComment(sheet, ref); err != nil {
					return notesError(sheet, err)
				}
				if author, note := get(rec, annRecOldAuthor), get(rec, annRecOldNote); note != "" || author != "" {
					w, h := annParseSize(get(rec, annRecOldSize))
					if err := f.AddComment(sheet, excelize.Comment{Cell: ref, Author: author, Text: note, Width: w, Height: h}); err != nil {
						return notesError(sheet, err)
					}
				}
			}
			if err := a.undoStyle(sheet, ref, rec, get); err != nil {
				return err
			}
		case "row":
			row, err1 := strconv.Atoi(ref)
			h, err2 := strconv.ParseFloat(get(rec, annRecOriginal), 64)
			if maxRow, _ := a.sheetBounds(sheet); err1 != nil || err2 != nil || row < 1 || row > maxRow || h < 0 || h > excelize.MaxRowHeight {
				continue
			}
			if err := f.SetRowHeight(sheet, row, h); err != nil {
				return err
			}
		}
	}
	return nil
}

// undoStyle puts back a highlighted cell's style. In a workbook sovscore
// wrote, the cell still has the style applied and gets the original back by
// its ID. A workbook saved again by a spreadsheet program numbers its
// styles afresh: there, a cell that still has a highlight fill gets its
// recorded fill back. A cell the assessor restyled keeps its style.
func (a *annotator) undoStyle(sheet, ref string, rec []string, get func([]string, int) string) error {
	f := a.f
	cur, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return err
	}
	orig, err1 := strconv.Atoi(get(rec, annRecOriginal))
	applied, err2 := strconv.Atoi(get(rec, annRecApplied))
	if err1 == nil && err2 == nil && cur == applied {
		return f.SetCellStyle(sheet, ref, ref, orig)
	}
	if !annIsHighlight(f, cur) {
		return nil
	}
	if id, ok := annRestoreFill(f, cur, get(rec, annRecOldFill), get(rec, annRecOldApply)); ok {
		return f.SetCellStyle(sheet, ref, ref, id)
	}
	return nil
}

func annParseSize(s string) (uint, uint) {
	w, h, _ := strings.Cut(s, "x")
	wi, _ := strconv.ParseUint(w, 10, 32)
	hi, _ := strconv.ParseUint(h, 10, 32)
	return uint(wi), uint(hi)
}

// removeColumns deletes previous Points/SEAL/Check columns of a sheet.
// When nothing was added to their right, which is the rule, their cells are
// cleared in place: RemoveCol would also rewrite every data validation
// range of the sheet ("D5" becomes "D5:D5"), and the output would differ
// from the first annotation's.
func (a *annotator) removeColumns(sheet string) error {
	f := a.f
	h, err := a.header(sheet, 0)
	if err != nil || h == nil {
		return err
	}
	col := annTriple(h.cells)
	if col == 0 {
		return nil
	}
	a.cleaned[sheet] = true
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	var clear []string
	right := false
	for n := 1; rows.Next(); n++ {
		cols, err := rows.Columns()
		if err != nil {
			_ = rows.Close()
			return fmt.Errorf("row %d: %w", n, err)
		}
		if annLastUsed(cols) > col+2 {
			right = true
		}
		for c := col; c <= col+2 && c <= len(cols); c++ {
			clear = append(clear, tplCell(c, n))
		}
	}
	if err := rows.Error(); err != nil {
		_ = rows.Close()
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if right {
		name, _ := excelize.ColumnNumberToName(col) // col comes from a row read: always valid
		for range 3 {
			if err := f.RemoveCol(sheet, name); err != nil {
				return err
			}
		}
		return nil
	}
	// A cell without value or style is not written at all.
	for _, ref := range clear {
		if err := f.SetCellDefault(sheet, ref, ""); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, ref, ref, 0); err != nil {
			return err
		}
	}
	return nil
}

// record writes the very hidden record sheet: what to undo next time.
func (a *annotator) record() error {
	f := a.f
	const sheet = AnnotationsSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	w := &annSheet{f: f, sheet: sheet}
	put := func(col, row int, s string) {
		if w.err == nil {
			w.err = f.SetCellStr(sheet, tplCell(col, row), escapeXString(s))
		}
	}
	put(1, 1, annFormat)
	put(2, 1, "What sovscore changed when it annotated this workbook; it undoes this before annotating again. Do not edit.")
	for i, h := range annRecHeaders {
		put(i+1, 2, h)
	}
	row := 3
	for _, c := range a.changes {
		vals := [annRecCols]string{annRecKind: "cell", annRecSheet: c.sheet, annRecRef: c.cell,
			annRecOriginal: strconv.Itoa(c.original), annRecApplied: strconv.Itoa(c.applied), annRecComment: "yes",
			annRecOldFill: c.fill, annRecOldApply: c.applyFill}
		if c.hadNote {
			vals[annRecOldAuthor], vals[annRecOldNote] = c.oldAuthor, c.oldNote
			vals[annRecOldSize] = fmt.Sprintf("%dx%d", c.oldWidth, c.oldHeight)
		}
		for i, v := range vals {
			if v != "" {
				put(i+1, row, v)
			}
		}
		row++
	}
	for _, rc := range a.rows {
		put(annRecKind+1, row, "row")
		put(annRecSheet+1, row, rc.sheet)
		put(annRecRef+1, row, strconv.Itoa(rc.row))
		put(annRecOriginal+1, row, strconv.FormatFloat(rc.height, 'f', -1, 64))
		row++
	}
	if w.err != nil {
		return w.err
	}
	if err := (&tplBuilder{f: f}).protect(sheet); err != nil {
		return err
	}
	return annHide(f, sheet)
}
