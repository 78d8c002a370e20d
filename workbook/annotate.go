package workbook

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// Sheets and headers the annotator adds. The reader ignores all of them: it
// reads only objective sheets (named SOV-n) and, on them, only the ID,
// Answer, Confidence, Justification and Sources columns.
const (
	// ScorecardSheet is the first sheet of an annotated workbook.
	ScorecardSheet = "Scorecard"
	// AnnotationsSheet is a very hidden sheet recording what the annotator
	// changed, so that annotating again first undoes it.
	AnnotationsSheet = "sovscore-annotations"
	// HeaderPoints, HeaderSEAL and HeaderCheck head the three output columns
	// added after the last used column of every objective sheet.
	HeaderPoints = "Points"
	HeaderSEAL   = "SEAL"
	HeaderCheck  = "Check"
)

// annFormat tags the record sheet; a record in another format is not undone.
const annFormat = "sovscore-annotations/1"

// Widths of the added columns, and the size of notes.
const (
	annWidthPoints = 11
	annWidthSEAL   = 11
	annWidthCheck  = 60
	annCommentW    = 340 // comment box, in pixels
	annMaxComment  = 30000
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

// AnnotateOptions configures WriteAnnotated.
type AnnotateOptions struct {
	// Created is stamped as the Created and Modified document properties
	// and shown as the scoring date; the zero time leaves the properties as
	// they are. A fixed value gives byte-identical output.
	Created time.Time
	// ToolVersion is shown on the scorecard.
	ToolVersion string
}

// WriteAnnotated annotates the open workbook with the result r of scoring
// it and writes the annotated workbook to w. It changes b.File in memory
// only; the input file is never written.
//
// The annotated workbook keeps the assessor's content and formatting and
// adds: a first, active Scorecard sheet (cover details, score, SEALs,
// eligibility, the objectives table and every problem with a link to its
// cell); on each objective sheet, Points, SEAL and Check columns on every
// factor row; and, on every cell a problem is located at, a red (error) or
// amber (warning) fill and a note saying what is wrong and how to fix it.
//
// Annotating is idempotent: what was added is recorded in the very hidden
// AnnotationsSheet and undone first, so annotating an annotated workbook
// replaces the annotations instead of stacking them, and the reader scores
// an annotated workbook exactly as the original. Text from the workbook is
// always written as strings, never as formulas.
func (b *Book) WriteAnnotated(w io.Writer, r *scoring.Result, opts AnnotateOptions) error {
	if b == nil || b.File == nil {
		return errors.New("annotate: no open workbook")
	}
	if r == nil {
		return errors.New("annotate: no result")
	}
	a := &annotator{f: b.File, r: r, opts: opts, highlight: map[annHighlightKey]int{},
		layouts: b.layouts, cleaned: map[string]bool{}}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"styles", a.styles},
		{"remove previous annotations", a.clean},
		{"objective sheets", a.columns},
		{"problem cells", a.cells},
		{ScorecardSheet, a.scorecard},
		{AnnotationsSheet, a.record},
		{"document properties", a.properties},
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			return fmt.Errorf("annotate: %s: %w", s.name, err)
		}
	}
	b.File.SetZipWriter(fastZip)
	if err := b.File.Write(w); err != nil {
		return fmt.Errorf("annotate: write: %w", err)
	}
	return nil
}

// annotator carries the state of one annotation.
type annotator struct {
	f    *excelize.File
	r    *scoring.Result
	opts AnnotateOptions
	st   annStyles
	// family is the workbook's default font, used in notes.
	family string
	// highlight caches the highlighted variant of a style per severity.
	highlight map[annHighlightKey]int
	// changes are written to the record sheet.
	changes []annChange
	rows    []annRowChange
	// layouts are the objective sheets as the reader saw them; cleaned
	// names the sheets whose earlier annotation columns were removed
	// since, for which the layout no longer holds.
	layouts map[string]*sheetLayout
	cleaned map[string]bool
}

type annHighlightKey struct {
	style int
	sev   scoring.Severity
}

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

func (a *annotator) styles() (err error) {
	if a.family, err = a.f.GetDefaultFont(); err != nil {
		return err
	}
	a.st, err = newAnnStyles(a.f)
	return err
}

// ---- Undoing a previous annotation ----

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
			return fmt.Errorf("the workbook already has a sheet named %q that sovscore did not make: rename it", card)
		}
	}
	if err := annAlignNoteParts(f); err != nil {
		return fmt.Errorf("notes: %w", err)
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
	for n := 1; rows.Next(); n++ {
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
			if _, _, err := excelize.CellNameToCoordinates(ref); err != nil {
				continue
			}
			if get(rec, annRecComment) == "yes" {
				if err := f.DeleteComment(sheet, ref); err != nil {
					return err
				}
				if author, note := get(rec, annRecOldAuthor), get(rec, annRecOldNote); note != "" || author != "" {
					w, h := annParseSize(get(rec, annRecOldSize))
					if err := f.AddComment(sheet, excelize.Comment{Cell: ref, Author: author, Text: note, Width: w, Height: h}); err != nil {
						return err
					}
				}
			}
			if err := a.undoStyle(sheet, ref, rec, get); err != nil {
				return err
			}
		case "row":
			row, err1 := strconv.Atoi(ref)
			h, err2 := strconv.ParseFloat(get(rec, annRecOriginal), 64)
			if err1 != nil || err2 != nil || row < 1 {
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

// ---- Note parts ----

// annAlignNoteParts renames note (comments) parts so that each sheet's is
// named after its note drawing, as excelize assumes: AddComment writes to
// xl/commentsN.xml, N being the number of the sheet's vmlDrawingN.vml,
// whatever part the sheet really uses. Excel and excelize number both alike,
// but LibreOffice numbers notes by sheet and drawings in sequence, so the
// notes added to a workbook saved by LibreOffice would land on other sheets.
//
// excelize exposes its parsed parts but not their types, so relationships
// and worksheets are read and changed by reflection; nothing is changed
// when every sheet's parts agree.
func annAlignNoteParts(f *excelize.File) error {
	type move struct {
		from, to string
		// target is the sheet's comments relationship target.
		target reflect.Value
	}
	var moves []move
	for _, sh := range annSheetParts(f) {
		// Loads the sheet's relationships and notes.
		if _, err := f.GetComments(sh.name); err != nil {
			return err
		}
		dir := path.Dir(sh.path)
		rels := annRelations(annLoad(&f.Relationships, dir+"/_rels/"+path.Base(sh.path)+".rels"))
		var comments reflect.Value
		for _, r := range rels {
			if strings.HasSuffix(r.FieldByName("Type").String(), "/relationships/comments") {
				comments = r.FieldByName("Target")
			}
		}
		if !comments.IsValid() {
			continue
		}
		if _, err := f.GetCellStyle(sh.name, "A1"); err != nil { // loads the worksheet
			return err
		}
		legacy := annField(annLoad(&f.Sheet, sh.path), "LegacyDrawing")
		if !legacy.IsValid() || legacy.IsNil() {
			continue
		}
		rid := legacy.Elem().FieldByName("RID").String()
		var vml string
		for _, r := range rels {
			if r.FieldByName("ID").String() == rid {
				vml = r.FieldByName("Target").String()
			}
		}
		if vml == "" {
			continue
		}
		// The drawing number as excelize derives it (0 when it cannot).
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(vml, "../drawings/vmlDrawing"), ".vml"))
		m := move{from: annResolve(dir, comments.String()), to: fmt.Sprintf("xl/comments%d.xml", n), target: comments}
		if m.from != m.to && f.Comments[m.from] != nil {
			moves = append(moves, m)
		}
	}
	if len(moves) == 0 {
		return nil
	}
	// All parts leave their names before any takes a new one: names may
	// be swapped.
	held := maps.Clone(f.Comments)
	for _, m := range moves {
		delete(f.Comments, m.from)
		f.Pkg.Delete(m.from)
	}
	renames := map[string]string{}
	for _, m := range moves {
		f.Comments[m.to] = held[m.from]
		m.target.SetString("../" + path.Base(m.to))
		renames["/"+m.from] = "/" + m.to
	}
	if ct := f.ContentTypes; ct != nil {
		for i := range ct.Overrides {
			if to, ok := renames[ct.Overrides[i].PartName]; ok {
				ct.Overrides[i].PartName = to
			}
		}
		return nil
	}
	// Not parsed yet: rename in the stored part.
	const ctPart = "[Content_Types].xml"
	raw, ok := f.Pkg.Load(ctPart)
	if !ok {
		return nil
	}
	b, _ := raw.([]byte)
	f.Pkg.Store(ctPart, annPartName.ReplaceAllFunc(b, func(m []byte) []byte {
		if to, ok := renames[string(annPartName.FindSubmatch(m)[1])]; ok {
			return []byte(`PartName="` + to + `"`)
		}
		return m
	}))
	return nil
}

var annPartName = regexp.MustCompile(`PartName="([^"]*)"`)

// annSheetPart is a worksheet and the path of its part.
type annSheetPart struct{ name, path string }

// annSheetParts lists the worksheets with their part paths, read from the
// workbook's relationships as excelize resolves them.
func annSheetParts(f *excelize.File) []annSheetPart {
	f.GetSheetList() // parses the workbook
	wb := f.WorkBook
	if wb == nil {
		return nil
	}
	wbPath := "xl/workbook.xml"
	for _, r := range annRelations(annLoad(&f.Relationships, "_rels/.rels")) {
		if strings.HasSuffix(r.FieldByName("Type").String(), "/relationships/officeDocument") {
			wbPath = strings.TrimPrefix(r.FieldByName("Target").String(), "/")
		}
	}
	dir := path.Dir(wbPath)
	targets := map[string]string{}
	for _, r := range annRelations(annLoad(&f.Relationships, dir+"/_rels/"+path.Base(wbPath)+".rels")) {
		targets[r.FieldByName("ID").String()] = r.FieldByName("Target").String()
	}
	var out []annSheetPart
	for _, sh := range wb.Sheets.Sheet {
		if t, ok := targets[sh.ID]; ok {
			out = append(out, annSheetPart{name: sh.Name, path: annResolve(dir, t)})
		}
	}
	return out
}

// annResolve resolves a relationship target against the folder of its
// source part.
func annResolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join(dir, target)
}

func annLoad(m *sync.Map, key string) reflect.Value {
	v, ok := m.Load(key)
	if !ok || v == nil {
		return reflect.Value{}
	}
	return reflect.ValueOf(v)
}

// annField returns a field of the struct v points to.
func annField(v reflect.Value, name string) reflect.Value {
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}
	}
	return v.Elem().FieldByName(name)
}

// annRelations returns the relationship elements of a parsed part.
func annRelations(v reflect.Value) []reflect.Value {
	list := annField(v, "Relationships")
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return nil
	}
	out := make([]reflect.Value, list.Len())
	for i := range out {
		out[i] = list.Index(i)
	}
	return out
}

// ---- Objective sheets ----

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
	want := float64(lines)*lineHeight + 2
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

// ---- Problem cells ----

// annCell gathers the issues located at one cell.
type annCell struct {
	sheet, cell string
	col, row    int
	issues      []scoring.Issue
}

// cells highlights every cell a problem is located at and attaches a note
// listing its problems.
func (a *annotator) cells() error {
	f := a.f
	order := map[string]int{}
	for i, s := range f.GetSheetList() {
		order[s] = i
	}
	byCell := map[[2]string]*annCell{}
	var list []*annCell
	for _, is := range a.r.Issues {
		if is.Sheet == "" || is.Cell == "" {
			continue
		}
		if _, ok := order[is.Sheet]; !ok {
			continue
		}
		col, row, err := excelize.CellNameToCoordinates(is.Cell)
		if err != nil {
			continue
		}
		k := [2]string{is.Sheet, is.Cell}
		c := byCell[k]
		if c == nil {
			c = &annCell{sheet: is.Sheet, cell: is.Cell, col: col, row: row}
			byCell[k] = c
			list = append(list, c)
		}
		c.issues = append(c.issues, is)
	}
	sort.SliceStable(list, func(i, j int) bool {
		x, y := list[i], list[j]
		if order[x.sheet] != order[y.sheet] {
			return order[x.sheet] < order[y.sheet]
		}
		if x.row != y.row {
			return x.row < y.row
		}
		return x.col < y.col
	})
	notes := map[string]map[string]excelize.Comment{}
	for _, c := range list {
		if _, ok := notes[c.sheet]; !ok {
			cs, err := f.GetComments(c.sheet)
			if err != nil {
				return err
			}
			m := map[string]excelize.Comment{}
			for _, cm := range cs {
				m[cm.Cell] = cm
			}
			notes[c.sheet] = m
		}
		if err := a.cell(c, notes[c.sheet]); err != nil {
			return fmt.Errorf("%s!%s: %w", c.sheet, c.cell, err)
		}
	}
	annFixVMLIDMaps(f)
	return nil
}

// annFixVMLIDMaps sets the shape ID block of every note drawing excelize
// loaded to the block its shapes are in. excelize numbers shapes from the
// sheet ID (sheet 3: 3073, 3074, ...) and declares that block when it makes
// a drawing, but declares the drawing's file number instead when it loads
// one to delete a note; re-annotating would then change the drawing.
func annFixVMLIDMaps(f *excelize.File) {
	for _, vml := range f.VMLDrawing {
		if vml == nil || vml.ShapeLayout == nil || vml.ShapeLayout.IDmap == nil || len(vml.Shape) == 0 {
			continue
		}
		block := -1
		for _, sp := range vml.Shape {
			id, err := strconv.Atoi(strings.TrimPrefix(sp.ID, "_x0000_s"))
			if err != nil || (block >= 0 && id/1024 != block) {
				block = -1
				break
			}
			block = id / 1024
		}
		if block > 0 {
			vml.ShapeLayout.IDmap.Data = block
		}
	}
}

func (a *annotator) cell(c *annCell, notes map[string]excelize.Comment) error {
	f := a.f
	sev := scoring.Warning
	for _, is := range c.issues {
		if is.Severity == scoring.Error {
			sev = scoring.Error
		}
	}
	orig, err := f.GetCellStyle(c.sheet, c.cell)
	if err != nil {
		return err
	}
	applied, err := a.highlightStyle(orig, sev)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(c.sheet, c.cell, c.cell, applied); err != nil {
		return err
	}
	ch := annChange{sheet: c.sheet, cell: c.cell, original: orig, applied: applied}
	ch.fill, ch.applyFill = annFillOf(f, orig)
	var runs []excelize.RichTextRun
	if old, ok := notes[c.cell]; ok {
		// A cell holds one note: keep the assessor's above ours, and
		// record it so that the next annotation puts it back alone.
		ch.hadNote, ch.oldAuthor, ch.oldNote = true, old.Author, annCommentText(old)
		ch.oldWidth, ch.oldHeight = old.Width, old.Height
		if err := f.DeleteComment(c.sheet, c.cell); err != nil {
			return err
		}
		runs = append(runs, excelize.RichTextRun{Text: ch.oldNote + "\n\n", Font: &excelize.Font{Size: 9, Family: a.family}})
	}
	runs = append(runs, annNoteRuns(c.issues, a.family)...)
	lines := 0
	for _, r := range runs {
		lines += wrappedLines(r.Text, annCommentW/7.0)
	}
	if err := f.AddComment(c.sheet, excelize.Comment{
		Cell: c.cell, Author: "sovscore", Paragraph: runs,
		Width: annCommentW, Height: uint(min(600, 16+14*lines)),
	}); err != nil {
		return err
	}
	a.changes = append(a.changes, ch)
	return nil
}

// annCommentText flattens a note to plain text.
func annCommentText(c excelize.Comment) string {
	var b strings.Builder
	b.WriteString(c.Text)
	for _, r := range c.Paragraph {
		b.WriteString(r.Text)
	}
	return b.String()
}

// annNoteRuns renders a cell's problems as a note: each as a bold title
// ("Error: answer-invalid") and its message, which says how to fix it.
func annNoteRuns(issues []scoring.Issue, family string) []excelize.RichTextRun {
	var runs []excelize.RichTextRun
	used := 0
	for i, is := range issues {
		sep := ""
		if i > 0 {
			sep = "\n\n"
		}
		title := fmt.Sprintf("%s%s: %s\n", sep, annSeverityWord(is.Severity), is.Code)
		msg := escapeXString(is.Message)
		if used+utf16Len(title)+utf16Len(msg) > annMaxComment {
			runs = append(runs, excelize.RichTextRun{Text: "\n\n…", Font: &excelize.Font{Size: 9, Family: family}})
			break
		}
		used += utf16Len(title) + utf16Len(msg)
		color := annWarnFont
		if is.Severity == scoring.Error {
			color = annErrorFont
		}
		runs = append(runs,
			excelize.RichTextRun{Text: title, Font: &excelize.Font{Bold: true, Size: 9, Color: color, Family: family}},
			excelize.RichTextRun{Text: msg, Font: &excelize.Font{Size: 9, Family: family}})
	}
	return runs
}

// highlightStyle returns a style exactly like orig (font, border,
// alignment, number format, protection) but for the fill of the severity.
// The cell format record is copied rather than rebuilt with GetStyle and
// NewStyle, which lose colours in workbooks without a theme (LibreOffice
// writes none).
func (a *annotator) highlightStyle(orig int, sev scoring.Severity) (int, error) {
	k := annHighlightKey{orig, sev}
	if id, ok := a.highlight[k]; ok {
		return id, nil
	}
	color := annWarnFill
	if sev == scoring.Error {
		color = annErrorFill
	}
	// A style with only the fill yields the fill's index.
	fillOnly, err := a.f.NewStyle(&excelize.Style{Fill: annFill(color)})
	if err != nil {
		return 0, err
	}
	id := fillOnly
	if ss := a.f.Styles; ss != nil && ss.CellXfs != nil && orig >= 0 && orig < len(ss.CellXfs.Xf) {
		if fid := ss.CellXfs.Xf[fillOnly].FillID; fid != nil {
			apply := true
			id = annWithFill(a.f, orig, *fid, &apply)
		}
	}
	a.highlight[k] = id
	return id, nil
}

// annWithFill returns the ID of a cell format like base but with the given
// fill, adding it unless an identical one exists (so annotating again adds
// nothing).
func annWithFill(f *excelize.File, base, fill int, applyFill *bool) int {
	ss := f.Styles
	xf := ss.CellXfs.Xf[base]
	xf.FillID = &fill
	if applyFill != nil {
		v := *applyFill
		xf.ApplyFill = &v
	} else {
		xf.ApplyFill = nil
	}
	// The copy must not share what excelize may change in place.
	if xf.Alignment != nil {
		al := *xf.Alignment
		xf.Alignment = &al
	}
	if xf.Protection != nil {
		pr := *xf.Protection
		xf.Protection = &pr
	}
	for i := range ss.CellXfs.Xf {
		if reflect.DeepEqual(ss.CellXfs.Xf[i], xf) {
			return i
		}
	}
	ss.CellXfs.Xf = append(ss.CellXfs.Xf, xf)
	ss.CellXfs.Count = len(ss.CellXfs.Xf)
	return len(ss.CellXfs.Xf) - 1
}

// annFillOf returns the fill a cell format uses, as XML, and its
// applyFill flag ("", "0" or "1"), for the record.
func annFillOf(f *excelize.File, style int) (fill, apply string) {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil || ss.Fills == nil || style < 0 || style >= len(ss.CellXfs.Xf) {
		return "", ""
	}
	xf := ss.CellXfs.Xf[style]
	if xf.ApplyFill != nil {
		apply = "0"
		if *xf.ApplyFill {
			apply = "1"
		}
	}
	id := 0
	if xf.FillID != nil {
		id = *xf.FillID
	}
	if id < 0 || id >= len(ss.Fills.Fill) {
		return "", apply
	}
	b, err := xml.Marshal(ss.Fills.Fill[id])
	if err != nil {
		return "", apply
	}
	return string(b), apply
}

// annIsHighlight reports whether a cell format has one of the highlight
// fills, however its file numbered it.
func annIsHighlight(f *excelize.File, style int) bool {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil || ss.Fills == nil || style < 0 || style >= len(ss.CellXfs.Xf) {
		return false
	}
	id := ss.CellXfs.Xf[style].FillID
	if id == nil || *id < 0 || *id >= len(ss.Fills.Fill) {
		return false
	}
	pf := ss.Fills.Fill[*id].PatternFill
	if pf == nil || pf.FgColor == nil {
		return false
	}
	rgb := strings.ToUpper(pf.FgColor.RGB)
	return rgb == "FF"+annErrorFill || rgb == "FF"+annWarnFill
}

// annRestoreFill gives a cell format the fill recorded as XML, adding the
// fill unless an identical one exists.
func annRestoreFill(f *excelize.File, style int, fillXML, apply string) (int, bool) {
	ss := f.Styles
	if fillXML == "" || ss == nil || ss.Fills == nil {
		return 0, false
	}
	fills := reflect.ValueOf(&ss.Fills.Fill).Elem()
	nf := reflect.New(fills.Type().Elem().Elem())
	if err := xml.Unmarshal([]byte(fillXML), nf.Interface()); err != nil {
		return 0, false
	}
	id := -1
	for i := 0; i < fills.Len(); i++ {
		if reflect.DeepEqual(fills.Index(i).Interface(), nf.Interface()) {
			id = i
			break
		}
	}
	if id < 0 {
		fills.Set(reflect.Append(fills, nf))
		ss.Fills.Count = fills.Len()
		id = fills.Len() - 1
	}
	var applyFill *bool
	if apply != "" {
		v := apply == "1"
		applyFill = &v
	}
	return annWithFill(f, style, id, applyFill), true
}

// ---- Scorecard ----

// annScorecardTitle starts the scorecard's title; it identifies a scorecard
// sovscore made when the record sheet is gone.
const annScorecardTitle = "Sovereignty scorecard"

// Scorecard columns: A labels and IDs, B names, C..J numbers.
var annScorecardWidths = []float64{25, 40, 11, 11, 11, 11, 18, 11, 11, 14}

func (a *annotator) scorecard() error {
	f, r := a.f, a.r
	const sheet = ScorecardSheet
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	w := &annSheet{f: f, sheet: sheet, widths: annScorecardWidths}
	if err := w.setWidths(); err != nil {
		return err
	}
	nCols := len(annScorecardWidths)
	p := r.Provider
	fwName, fwVersion := "Cloud Sovereignty Framework", ""
	if r.Framework != nil {
		fwName, fwVersion = r.Framework.Name, r.Framework.Version
	}
	w.text(1, 1, annScorecardTitle+": "+r.ProviderName(), a.st.title)
	sub := fmt.Sprintf("%s %s", fwName, fwVersion)
	if !a.opts.Created.IsZero() {
		sub += ", scored on " + a.opts.Created.UTC().Format("2006-01-02")
	}
	if a.opts.ToolVersion != "" {
		sub += " by sovscore " + a.opts.ToolVersion
	} else {
		sub += " by sovscore"
	}
	w.text(1, 2, sub+".", a.st.subtitle)

	row := 4
	w.text(1, row, "Assessment", a.st.heading)
	row++
	profile := ""
	if r.Profile != nil {
		divisor := "each objective's exact maximum"
		if r.Profile.Divisor == scoring.DivisorNominal {
			divisor = "1000 (nominal)"
		}
		profile = fmt.Sprintf("%s (objective points divided by %s)", r.Profile.Name, divisor)
	}
	fv := fwVersion
	if wv := scoring.Normalize(p.FrameworkVersion.Text); wv != "" && wv != fwVersion {
		fv += " (the workbook says " + wv + ")"
	}
	tool := a.opts.ToolVersion
	if tool == "" {
		tool = "unknown"
	}
	info := []struct{ label, value string }{
		{cover.Provider, p.Name.Text},
		{cover.Service, p.Service.Text},
		{cover.Assessor, p.Assessor.Text},
		{cover.Date, p.Date.Text},
		{"Profile", profile},
		{"Framework version", fv},
		{"Tool version", "sovscore " + tool},
		{"File", filepath.Base(r.File)},
		{"Input SHA-256", r.SHA256},
	}
	for _, it := range info {
		w.text(1, row, it.label, a.st.label)
		w.paragraph(2, nCols, row, it.value, a.st.valueWrap)
		w.fit(row, wrappedLines(it.label, annScorecardWidths[0]))
		row++
	}

	row++
	w.text(1, row, "Result", a.st.heading)
	row++
	w.text(1, row, "Sovereignty Score", a.st.label)
	w.number(2, row, r.Score, a.st.score)
	w.paragraph(3, nCols, row, fmt.Sprintf("percent, weighted under profile %s; the SEAL levels prevail over the score", annProfileName(r)), a.st.muted)
	row++
	w.text(1, row, "Overall SEAL", a.st.label)
	w.text(2, row, scoring.SEALLabel(r.SEAL, false), a.st.sealStyle(r.SEAL))
	note := ""
	if r.Framework != nil && r.SEAL >= 0 {
		note = r.Framework.SEALName(r.SEAL)
	}
	if r.Provisional {
		missing := 0
		for _, fr := range r.Factors {
			if fr.Option == 0 {
				missing++
			}
		}
		note = fmt.Sprintf("provisional: %d of %d factors have no usable answer, so the SEAL may be lower once they are answered", missing, len(r.Factors))
	}
	w.paragraph(3, nCols, row, note, a.st.muted)
	row++
	w.text(1, row, "Eligibility", a.st.label)
	if r.Eligible {
		w.text(2, row, "ELIGIBLE", a.st.good)
	} else {
		w.text(2, row, "NOT ELIGIBLE", a.st.bad)
	}
	reasons := make([]string, 0, len(r.Reasons))
	for _, rs := range r.Reasons {
		reasons = append(reasons, "• "+rs.Message)
	}
	if len(reasons) == 0 {
		reasons = append(reasons, "complete, free of errors and at or above the minimum SEAL of every objective")
	}
	w.paragraph(3, nCols, row, strings.Join(reasons, "\n"), a.st.muted)
	row++
	w.text(1, row, "Problems", a.st.label)
	w.text(2, row, fmt.Sprintf("%d error(s), %d warning(s)", r.Issues.Errors(), r.Issues.Warnings()), a.st.cell)
	row++

	row++
	w.text(1, row, "Objectives", a.st.heading)
	row++
	heads := []string{"Objective", "Name", "Points", "Max", "Ratio", "Weight", "Contribution (pp)", "SEAL", "Minimum", "Result"}
	for i, h := range heads {
		w.text(i+1, row, h, a.st.header)
	}
	w.fit(row, rowLines(heads, annScorecardWidths))
	row++
	var sumPoints, sumMax scoring.Points
	sumWeight := 0.0
	for _, o := range r.Objectives {
		w.text(1, row, o.Objective.ID, a.st.cellBold)
		w.text(2, row, o.Objective.Name, a.st.cellWrap)
		w.number(3, row, o.Points.Float(), a.st.points)
		w.number(4, row, o.Max.Float(), a.st.points)
		w.number(5, row, o.Ratio, a.st.percent2)
		w.number(6, row, o.Weight, a.percentStyle(o.Weight))
		w.number(7, row, o.Contribution, a.st.points)
		w.text(8, row, scoring.SEALLabel(o.SEAL, false), a.st.sealStyle(o.SEAL))
		minimum := "none"
		if o.MinSEAL > 0 {
			minimum = scoring.SEALLabel(o.MinSEAL, false)
		}
		w.text(9, row, minimum, a.st.cellCenter)
		result, style := annObjectiveResult(o, &a.st)
		w.text(10, row, result, style)
		w.fit(row, wrappedLines(o.Objective.Name, annScorecardWidths[1]))
		sumPoints += o.Points
		sumMax += o.Max
		sumWeight += o.Weight
		row++
	}
	w.text(1, row, "Total", a.st.cellBold)
	w.text(2, row, "", a.st.cell)
	w.number(3, row, sumPoints.Float(), a.st.points)
	w.number(4, row, sumMax.Float(), a.st.points)
	w.text(5, row, "", a.st.cell)
	w.number(6, row, sumWeight, a.percentStyle(sumWeight))
	w.number(7, row, r.Score, a.st.points)
	w.text(8, row, scoring.SEALLabel(r.SEAL, false), a.st.sealStyle(r.SEAL))
	w.text(9, row, "", a.st.cell)
	if r.Eligible {
		w.text(10, row, "ELIGIBLE", a.st.good)
	} else {
		w.text(10, row, "NOT ELIGIBLE", a.st.bad)
	}
	row++

	row++
	w.text(1, row, fmt.Sprintf("Problems (%d)", len(r.Issues)), a.st.heading)
	row++
	if len(r.Issues) == 0 {
		w.paragraph(1, nCols, row, "No problem found.", a.st.muted)
		row++
	} else {
		w.text(1, row, "Severity", a.st.header)
		w.merged(2, 6, row, "Problem and how to fix it", a.st.header)
		w.merged(7, 8, row, "Location", a.st.header)
		w.merged(9, 10, row, "Code", a.st.header)
		row++
		sheets := map[string]bool{}
		for _, s := range f.GetSheetList() {
			sheets[s] = true
		}
		msgWidth := annSum(annScorecardWidths[1:6])
		for _, is := range r.Issues {
			sevStyle := a.st.warn
			if is.Severity == scoring.Error {
				sevStyle = a.st.bad
			}
			w.text(1, row, annSeverityWord(is.Severity), sevStyle)
			w.merged(2, 6, row, is.Message, a.st.cellWrap)
			loc := is.Location()
			if loc == "" {
				loc = "whole file"
			}
			locStyle := a.st.cell
			if is.Sheet != "" && sheets[is.Sheet] && is.Sheet != sheet {
				locStyle = a.st.link
				w.link(7, row, annLinkTarget(is.Sheet, is.Cell), "Go to "+loc)
			}
			w.merged(7, 8, row, loc, locStyle)
			w.merged(9, 10, row, is.Code, a.st.cell)
			w.fit(row, wrappedLines(is.Message, msgWidth))
			row++
		}
	}
	if w.err != nil {
		return w.err
	}
	show := false
	if err := f.SetSheetView(sheet, 0, &excelize.ViewOptions{ShowGridLines: &show}); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	tb := &tplBuilder{f: f}
	if err := tb.landscape(sheet); err != nil {
		return err
	}
	if err := tb.protect(sheet); err != nil {
		return err
	}
	return annMakeFirstActive(f, sheet)
}

func annProfileName(r *scoring.Result) string {
	if r.Profile == nil {
		return "(none)"
	}
	return r.Profile.Name
}

func (a *annotator) percentStyle(w float64) int {
	if math.Abs(w*100-math.Round(w*100)) > 1e-9 {
		return a.st.percent2
	}
	return a.st.percent
}

// annObjectiveResult says whether an objective meets the profile's minimum.
func annObjectiveResult(o scoring.ObjectiveResult, st *annStyles) (string, int) {
	switch {
	case o.Pass:
		return "pass", st.good
	case o.SEAL >= 0 && o.SEAL < o.MinSEAL:
		return "FAIL", st.bad
	case !o.Complete:
		return "incomplete", st.warn
	}
	return "FAIL", st.bad
}

// annLinkTarget is an internal hyperlink location: 'SOV-3'!D7, or A1 of a
// sheet for problems of a whole sheet.
func annLinkTarget(sheet, cell string) string {
	if cell == "" {
		cell = "A1"
	}
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cell
}

func annSum(ws []float64) float64 {
	t := 0.0
	for _, w := range ws {
		t += w
	}
	return t
}

// annMakeFirstActive moves a sheet to the first position and makes it the
// only selected, active sheet. excelize's MoveSheet and SetActiveSheet do
// so by parsing every sheet of the workbook to clear its tab selection,
// which made them the costliest step of annotating (the long Guide sheet
// included); here only sheets whose XML has a selected tab are parsed.
// MoveSheet also leaves the sheet indexes of sheet-scoped defined names
// (print titles, filter ranges) as they were, which would point them at
// the wrong sheet, so they are shifted here as the sheets are.
func annMakeFirstActive(f *excelize.File, sheet string) error {
	src, err := f.GetSheetIndex(sheet)
	if err != nil {
		return err
	}
	if src < 0 {
		return excelize.ErrSheetNotExist{SheetName: sheet}
	}
	wb := f.WorkBook
	if wb.BookViews == nil || len(wb.BookViews.WorkBookView) == 0 {
		// No book view to set: excelize's way creates one.
		if src > 0 {
			if err := f.MoveSheet(sheet, f.GetSheetName(0)); err != nil {
				return err
			}
		}
		f.SetActiveSheet(0)
	} else {
		list := wb.Sheets.Sheet
		moved := list[src]
		copy(list[1:src+1], list[:src])
		list[0] = moved
		wb.BookViews.WorkBookView[0].ActiveTab = 0
		// Tabs scrolled past the first would hide the scorecard's.
		wb.BookViews.WorkBookView[0].FirstSheet = 0
		if err := annSelectOnly(f, sheet); err != nil {
			return err
		}
	}
	if wb.DefinedNames == nil {
		return nil
	}
	for i := range wb.DefinedNames.DefinedName {
		dn := &wb.DefinedNames.DefinedName[i]
		if dn.LocalSheetID == nil {
			continue
		}
		id := *dn.LocalSheetID
		switch {
		case id == src:
			id = 0
		case id < src:
			id++
		}
		dn.LocalSheetID = &id
	}
	return nil
}

// annSelectOnly selects the tab of sheet, the active one, and clears the
// selection of every other sheet (several selected tabs make a group,
// which Excel edits as one). A sheet neither parsed yet nor with a
// tabSelected attribute in its XML is left unparsed. excelize has no call
// to clear one sheet's selection, so the parsed worksheet's views are
// changed by reflection, as for the note parts.
func annSelectOnly(f *excelize.File, sheet string) error {
	for _, p := range annSheetParts(f) {
		if p.name == sheet {
			continue
		}
		if _, parsed := f.Sheet.Load(p.path); !parsed {
			raw, ok := f.Pkg.Load(p.path)
			if b, isBytes := raw.([]byte); ok && isBytes && !bytes.Contains(b, []byte("tabSelected")) {
				continue
			}
			if _, err := f.GetSheetView(p.name, 0); err != nil {
				continue // not a worksheet, or no view to select
			}
		}
		views := annField(annField(annLoad(&f.Sheet, p.path), "SheetViews"), "SheetView")
		if !views.IsValid() || views.Kind() != reflect.Slice {
			continue
		}
		for i := range views.Len() {
			if sel := views.Index(i).FieldByName("TabSelected"); sel.IsValid() && sel.CanSet() && sel.Kind() == reflect.Bool {
				sel.SetBool(false)
			}
		}
	}
	return f.GroupSheets([]string{sheet})
}

// annSheet writes cells of one sheet and keeps the first error.
type annSheet struct {
	f      *excelize.File
	sheet  string
	widths []float64
	err    error
}

func (w *annSheet) setWidths() error {
	for i, wd := range w.widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := w.f.SetColWidth(w.sheet, col, col, wd); err != nil {
			return err
		}
	}
	return nil
}

// text writes a string cell: SetCellStr keeps text such as "=1+1" a string.
func (w *annSheet) text(col, row int, s string, style int) {
	if w.err != nil {
		return
	}
	ref := tplCell(col, row)
	if w.err = w.f.SetCellStr(w.sheet, ref, escapeXString(s)); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

func (w *annSheet) number(col, row int, v float64, style int) {
	if w.err != nil {
		return
	}
	ref := tplCell(col, row)
	if w.err = w.f.SetCellFloat(w.sheet, ref, v, -1, 64); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

// merged writes text across columns col1..col2 of a row.
func (w *annSheet) merged(col1, col2, row int, s string, style int) {
	w.text(col1, row, s, style)
	if w.err != nil || col2 <= col1 {
		return
	}
	if w.err = w.f.SetCellStyle(w.sheet, tplCell(col1, row), tplCell(col2, row), style); w.err == nil {
		w.err = w.f.MergeCell(w.sheet, tplCell(col1, row), tplCell(col2, row))
	}
}

// paragraph writes wrapped text across columns col1..col2 and makes the row
// tall enough for it: no spreadsheet auto-fits merged cells.
func (w *annSheet) paragraph(col1, col2, row int, s string, style int) {
	w.merged(col1, col2, row, s, style)
	w.fit(row, wrappedLines(s, annSum(w.widths[col1-1:col2])))
}

// fit makes a row tall enough for lines of text; rows only grow.
func (w *annSheet) fit(row, lines int) {
	if w.err != nil || lines <= 1 {
		return
	}
	want := float64(lines)*lineHeight + 2
	cur, err := w.f.GetRowHeight(w.sheet, row)
	if err != nil {
		w.err = err
		return
	}
	if cur < want {
		w.err = w.f.SetRowHeight(w.sheet, row, want)
	}
}

func (w *annSheet) link(col, row int, target, tip string) {
	if w.err != nil {
		return
	}
	tip = clipUTF16(tip, maxPromptChars)
	w.err = w.f.SetCellHyperLink(w.sheet, tplCell(col, row), target, "Location", excelize.HyperlinkOpts{Tooltip: &tip})
}

// ---- Record and properties ----

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

// annHide makes a sheet very hidden (only a macro can show it). excelize's
// SetSheetVisible parses every sheet of the workbook to check it is not
// selected; the sheet is new and not selected, so its state is set
// directly.
func annHide(f *excelize.File, sheet string) error {
	for i := range f.WorkBook.Sheets.Sheet {
		if sh := &f.WorkBook.Sheets.Sheet[i]; sh.Name == sheet {
			sh.State = "veryHidden"
			return nil
		}
	}
	return excelize.ErrSheetNotExist{SheetName: sheet}
}

func (a *annotator) properties() error {
	if a.opts.Created.IsZero() {
		return nil
	}
	// SetDocProps also sets the fields left empty: start from the
	// workbook's own properties.
	props, err := a.f.GetDocProps()
	if err != nil {
		return err
	}
	t := a.opts.Created.UTC().Format(time.RFC3339)
	props.Created, props.Modified, props.LastModifiedBy = t, t, "sovscore"
	return a.f.SetDocProps(props)
}
