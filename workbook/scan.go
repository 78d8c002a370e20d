package workbook

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// cellFacts is what a sheet's XML says about a cell beyond the value the
// Rows iterator returns.
type cellFacts struct {
	formula bool
	typ     string // the t attribute: "" or "n" for numbers, "s", "str", "b", ...
	value   string // the stored value, or a formula's cached result
	style   int    // the s attribute: the cell format's index, 0 when none
}

type damagedCell struct {
	row  int
	cell string
	why  string
}

// sheetScan is the result of scanning a sheet's XML.
type sheetScan struct {
	cells  map[string]cellFacts // the cells asked for
	merged map[string]string    // asked-for cell -> merged range covering it, not at its top left
	// damaged lists cells whose text excelize drops or replaces without a
	// word (a bad shared-string reference), up to maxCellsReported.
	damaged     []damagedCell
	moreDamaged int
	// xmlErr is where the XML breaks: the Rows iterator stops there
	// silently. xmlRow is the last row begun, inRow true when the break is
	// inside it; afterCells is true when the break is after the cells (all
	// values were read).
	xmlErr     error
	xmlRow     int
	inRow      bool
	afterCells bool
	// disorder is the first row where rows or cells are out of order,
	// which makes the Rows iterator put values in the wrong place.
	disorder int
}

// scan reads the XML of a sheet up to lastRow (and its merged ranges).
func (r *reader) scan(sheet string, lastRow int, want map[string]bool) *sheetScan {
	var data []byte
	if name, ok := r.parts[sheet]; ok {
		data = rawPart(r.f, name)
	}
	return scanSheet(data, r.f.CharsetReader, lastRow, want, sharedStringCount(r.f))
}

// scanSheet streams a worksheet's XML as the Rows iterator does (same
// decoder, same row and column numbering), so a value and the facts about
// its cell line up. sstLen < 0 skips the shared-string checks.
func scanSheet(data []byte, charset func(string, io.Reader) (io.Reader, error), lastRow int, want map[string]bool, sstLen int) *sheetScan {
	sc := &sheetScan{cells: map[string]cellFacts{}, merged: map[string]string{}}
	if len(data) == 0 {
		return sc
	}
	type point struct{ col, row int }
	wanted := map[string]point{}
	for c := range want {
		if col, row, err := excelize.CellNameToCoordinates(c); err == nil {
			wanted[c] = point{col, row}
		}
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset
	row, col, prevRow := 0, 0, 0
	inCells, cellsDone, inRow := false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sc
		}
		if err != nil {
			sc.xmlErr, sc.xmlRow, sc.inRow, sc.afterCells = err, row, inRow, cellsDone
			return sc
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			if e, ok := tok.(xml.EndElement); ok {
				switch e.Name.Local {
				case "sheetData":
					inCells, cellsDone = false, true
				case "row":
					inRow = false
				}
			}
			continue
		}
		switch t.Name.Local {
		case "sheetData":
			inCells = true
		case "row":
			if !inCells {
				continue
			}
			row++
			col, inRow = 0, true
			if n, err := strconv.Atoi(attrValue(t, "r")); err == nil && n > 0 {
				row = n
				if n <= prevRow && sc.disorder == 0 {
					sc.disorder = n
				}
				prevRow = n
			}
			if row > excelize.TotalRows {
				return sc // the Rows iterator stops here too, and says so
			}
		case "c":
			if !inCells {
				continue
			}
			prevCol := col
			col++
			if ref := attrValue(t, "r"); ref != "" {
				if c, _, err := excelize.CellNameToCoordinates(ref); err == nil {
					col = c
				}
			}
			if col <= prevCol && sc.disorder == 0 && row <= lastRow {
				sc.disorder = row
			}
			cf, err := readCell(d)
			if err != nil {
				sc.xmlErr, sc.xmlRow, sc.inRow = err, row, true
				return sc
			}
			if row > lastRow {
				continue
			}
			cf.typ = attrValue(t, "t")
			cf.style, _ = strconv.Atoi(attrValue(t, "s"))
			name := cellName(col, row)
			if want[name] {
				sc.cells[name] = cf
			}
			if cf.typ == "s" && sstLen >= 0 {
				sc.checkSharedString(row, name, cf.value, sstLen)
			}
		case "mergeCell":
			from, to, ok := strings.Cut(attrValue(t, "ref"), ":")
			if !ok {
				continue
			}
			c1, r1, err1 := excelize.CellNameToCoordinates(from)
			c2, r2, err2 := excelize.CellNameToCoordinates(to)
			if err1 != nil || err2 != nil {
				continue
			}
			c1, c2 = min(c1, c2), max(c1, c2)
			r1, r2 = min(r1, r2), max(r1, r2)
			for name, p := range wanted {
				if p.col >= c1 && p.col <= c2 && p.row >= r1 && p.row <= r2 && (p.col != c1 || p.row != r1) && sc.merged[name] == "" {
					sc.merged[name] = cellName(c1, r1) + ":" + cellName(c2, r2)
				}
			}
		}
	}
}

// rawSheetBounds returns the last row and column that a worksheet's XML
// holds a row or cell in, numbered as the Rows iterator numbers them; it
// stops where the XML breaks.
func rawSheetBounds(data []byte) (rows, cols int) {
	d := xml.NewDecoder(bytes.NewReader(data))
	row, col := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return rows, cols
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch t.Name.Local {
		case "row":
			row, col = row+1, 0
			if n, err := strconv.Atoi(attrValue(t, "r")); err == nil && n > 0 {
				row = n
			}
			if row > excelize.TotalRows {
				return rows, cols
			}
			rows = max(rows, row)
		case "c":
			col++
			if c, _, err := excelize.CellNameToCoordinates(attrValue(t, "r")); err == nil {
				col = c
			}
			rows, cols = max(rows, row), max(cols, col)
		}
	}
}

// checkSharedString records a cell whose shared-string reference excelize
// cannot resolve: out of range, it drops the cell; not a number, it reads
// the first string instead.
func (sc *sheetScan) checkSharedString(row int, cell, ref string, sstLen int) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return
	}
	var why string
	if i, err := strconv.Atoi(ref); err != nil {
		why = fmt.Sprintf("its shared-string reference %q is not a number, so it reads as the workbook's first string", scoring.Clip(ref, 20))
	} else if i < 0 || i >= sstLen {
		why = fmt.Sprintf("it refers to shared string %d, but the workbook has %d (numbered from 0), so its text is lost", i, sstLen)
	} else {
		return
	}
	if len(sc.damaged) >= maxCellsReported {
		sc.moreDamaged++
		return
	}
	sc.damaged = append(sc.damaged, damagedCell{row: row, cell: cell, why: why})
}

// readCell reads the children of a <c> element up to its end, as excelize
// does: the last <v> anywhere inside is the value; any <f> is a formula.
func readCell(d *xml.Decoder) (cellFacts, error) {
	var cf cellFacts
	var v []byte
	depth, vDepth := 0, -1
	for {
		tok, err := d.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return cf, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case t.Name.Local == "f":
				cf.formula = true
			case t.Name.Local == "v" && vDepth < 0:
				vDepth, v = depth, v[:0]
			}
		case xml.EndElement:
			if depth == 0 {
				return cf, nil
			}
			if depth == vDepth {
				cf.value, vDepth = string(v), -1
			}
			depth--
		case xml.CharData:
			if depth == vDepth {
				v = append(v, t...)
			}
		}
	}
}

func attrValue(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// reportScan turns what the scan found wrong into issues; factorAt names
// the factor of a row, when it has one.
func (r *reader) reportScan(sheet string, sc *sheetScan, factorAt map[int]string) {
	if sc.xmlErr != nil || sc.disorder > 0 || len(sc.damaged) > 0 {
		r.damaged = true
	}
	if sc.xmlErr != nil {
		switch {
		case sc.afterCells:
			r.issue(scoring.Warning, scoring.CodeCellUnreadable, sheet, "", "",
				fmt.Sprintf("the XML of sheet %s is damaged after its cells (%v): the values were read, but the file is corrupt; save it again from Excel or LibreOffice", sheet, sc.xmlErr))
		case sc.inRow:
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cellName(1, sc.xmlRow), factorAt[sc.xmlRow],
				fmt.Sprintf("the XML of sheet %s is damaged in row %d (%v): the rest of that row and the rows below cannot be read, and their answers are lost; the file is corrupt or was crafted: save it again from Excel or LibreOffice", sheet, sc.xmlRow, sc.xmlErr))
		case sc.xmlRow == 0:
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "",
				fmt.Sprintf("the XML of sheet %s is damaged before its first row (%v): nothing on it can be read; the file is corrupt or was crafted: save it again from Excel or LibreOffice", sheet, sc.xmlErr))
		default:
			r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cellName(1, sc.xmlRow+1), "",
				fmt.Sprintf("the XML of sheet %s is damaged after row %d (%v): the rows below cannot be read and their answers are lost; the file is corrupt or was crafted: save it again from Excel or LibreOffice", sheet, sc.xmlRow, sc.xmlErr))
		}
	}
	if sc.disorder > 0 {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, cellName(1, sc.disorder), factorAt[sc.disorder],
			fmt.Sprintf("the rows or cells of sheet %s are out of order from row %d (Excel never writes them so): values may be read in the wrong row or column; save the file again from Excel or LibreOffice", sheet, sc.disorder))
	}
	for _, c := range sc.damaged {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, c.cell, factorAt[c.row],
			fmt.Sprintf("the cell %s is damaged: %s; the file was damaged or written by a faulty tool: retype the value", c.cell, c.why))
	}
	if sc.moreDamaged > 0 {
		r.issue(scoring.Error, scoring.CodeCellUnreadable, sheet, "", "",
			fmt.Sprintf("and %d more damaged cells on sheet %s with a bad shared-string reference", sc.moreDamaged, sheet))
	}
}
