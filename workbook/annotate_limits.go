package workbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Bounds of what the annotator hands to excelize. Parts of excelize's
// whole-sheet model cost the square of a sheet's merged ranges or of the
// workbook's sheets (excelize_workarounds.go names them); within these
// bounds annotating takes well under a second, and a real assessment stays
// far below them (a dozen sheets, a few hundred merged ranges on the Guide).
const (
	// maxAnnotatedSheets bounds the sheets listed in the workbook part.
	maxAnnotatedSheets = 1000
	// maxMergedRanges bounds the merged ranges of one sheet.
	maxMergedRanges = 5000
	// maxSheetRows bounds the row elements of one sheet that are not
	// empty (excelize builds every row up to the last).
	maxSheetRows = 100000
	// maxRecordRows bounds the rows of the annotation record read back.
	maxRecordRows = DefaultMaxRows
)

// errRebuild ends the messages of workbooks too large to annotate.
const errRebuild = "the scores and the other reports are not affected"

// prepare checks the workbook against the bounds above and repairs what
// excelize would parse slowly, before any worksheet is parsed. A workbook
// over a bound gives an *AnnotateError that says what to change.
func (a *annotator) prepare() error {
	f := a.f
	if n := len(f.GetSheetList()); n > maxAnnotatedSheets {
		return &AnnotateError{Err: fmt.Errorf("%d sheets", n),
			Message: fmt.Sprintf("the workbook lists %d sheets, more than the %d sovscore annotates (an assessment has about a dozen), so the annotated copy is not made; "+
				"delete the sheets you do not need, or save the workbook again from Excel or LibreOffice if it was not made there; %s", n, maxAnnotatedSheets, errRebuild)}
	}
	for _, p := range sheetParts(f) {
		if _, parsed := f.Sheet.Load(p.path); parsed {
			continue // checked when it was parsed
		}
		data := rawPart(f, p.path)
		if n := countTags(data, "mergeCell", maxMergedRanges); n > maxMergedRanges {
			return &AnnotateError{Err: fmt.Errorf("%s: more than %d merged ranges", p.name, maxMergedRanges),
				Message: fmt.Sprintf("sheet %s has more than %d merged ranges, more than sovscore annotates, so the annotated copy is not made; "+
					"unmerge the cells you do not need (in Excel: select the sheet, Home > Merge & Center > Unmerge Cells); %s", p.name, maxMergedRanges, errRebuild)}
		}
		if fixed, changed := tidyRows(data); changed {
			data = fixed
			f.Pkg.Store(p.path, data)
		}
		if n := countTags(data, "row", maxSheetRows); n > maxSheetRows {
			return &AnnotateError{Err: fmt.Errorf("%s: more than %d rows", p.name, maxSheetRows),
				Message: fmt.Sprintf("sheet %s has more than %d rows with a height, a style or cells, more than sovscore annotates, so the annotated copy is not made; "+
					"delete the rows you do not need below the assessment (in Excel: select them, right-click > Delete); %s", p.name, maxSheetRows, errRebuild)}
		}
	}
	return alignNoteParts(f)
}

// sheetBounds returns the last row and column a sheet's XML holds a row or
// cell in, so that the annotation record, which names only rows and cells
// the annotator wrote, cannot make excelize build rows and cells beyond
// them (a record naming XFD1048576 would take gigabytes).
func (a *annotator) sheetBounds(sheet string) (rows, cols int) {
	if b, ok := a.bounds[sheet]; ok {
		return b[0], b[1]
	}
	if p := sheetPath(a.f, sheet); p != "" {
		rows, cols = parsedSheetBounds(a.f, p)
		if rows < 0 {
			rows, cols = rawSheetBounds(rawPart(a.f, p))
		}
	}
	rows, cols = min(rows, excelize.TotalRows), min(cols, excelize.MaxColumns)
	a.bounds[sheet] = [2]int{rows, cols}
	return rows, cols
}
