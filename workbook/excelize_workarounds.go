// This file and excelize_workarounds_notes.go (notes and their drawings)
// hold every use sovscore makes of excelize's internals: its
// parsed parts (exported fields of unexported types, read and changed by
// reflection where needed), the raw parts of the package, and the edits
// made to parts while they are written. Each works around an excelize
// behaviour its comment names; all were checked against excelize v2.11.1,
// and an excelize upgrade must check them again (the tests of
// annotate_test.go, hostile_test.go, hostile_annotate_test.go, notes_test.go
// and template_test.go cover each).

package workbook

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// sheetPart is a sheet of the workbook and the path of its part.
type sheetPart struct{ name, path string }

// sheetParts lists the sheets with the paths of their parts, in workbook
// order (a sheet listed without its part is left out), resolved from the relationships as excelize resolves them, so
// that the raw part read (rawPart) is the part excelize reads.
//
// Works around: excelize maps sheets to parts (File.getSheetXMLPath) but
// does not export the mapping; the relationships it has parsed, which
// NewSheet and DeleteSheet change, are read by reflection.
func sheetParts(f *excelize.File) []sheetPart {
	f.GetSheetList() // parses the workbook
	wb := f.WorkBook
	if wb == nil {
		return nil
	}
	// File.getWorkbookPath and getWorkbookRelsPath.
	var wbPath string
	for _, r := range parsedRels(f, "_rels/.rels") {
		if r.typ == excelize.SourceRelationshipOfficeDocument {
			wbPath = strings.TrimPrefix(r.target.String(), "/")
			break
		}
	}
	dir := path.Dir(wbPath)
	relsPath := strings.TrimPrefix(dir+"/_rels/"+path.Base(wbPath)+".rels", "/")
	if dir == "." {
		relsPath = "_rels/" + path.Base(wbPath) + ".rels"
	}
	targets := map[string]string{}
	for _, r := range parsedRels(f, relsPath) {
		targets[r.id] = r.target.String()
	}
	out := make([]sheetPart, 0, len(wb.Sheets.Sheet))
	for _, sh := range wb.Sheets.Sheet {
		t, ok := targets[sh.ID]
		if !ok {
			continue
		}
		p := resolvePart(dir, t)
		_, stored := f.Pkg.Load(p)
		if _, parsed := f.Sheet.Load(p); stored || parsed {
			out = append(out, sheetPart{name: sh.Name, path: p})
		}
	}
	return out
}

// sheetPath is the path of a sheet's part, "" when it has none; of two
// sheets listed under one name, the last, as excelize's sheet map keeps.
func sheetPath(f *excelize.File, sheet string) string {
	p := ""
	for _, sp := range sheetParts(f) {
		if sp.name == sheet {
			p = sp.path
		}
	}
	return p
}

// resolvePart resolves a relationship target against the folder of its
// source part as excelize does (File.getWorksheetPath): an absolute target
// from the package root, a backslash as a slash.
func resolvePart(dir, target string) string {
	p := path.Clean(dir + "/" + target)
	if strings.HasPrefix(target, "/") {
		p = path.Clean(target)
	}
	return strings.TrimPrefix(strings.ReplaceAll(p, "\\", "/"), "/")
}

// partRel is a relationship of a part excelize has parsed; target is the
// field itself, which can be set.
type partRel struct {
	id, typ string
	target  reflect.Value
}

// parsedRels returns the relationships of a part excelize has parsed
// (File.Relationships), none if it has not.
func parsedRels(f *excelize.File, part string) []partRel {
	list := field(parsed(&f.Relationships, part), "Relationships")
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return nil
	}
	out := make([]partRel, list.Len())
	for i := range out {
		r := list.Index(i)
		out[i] = partRel{id: r.FieldByName("ID").String(), typ: r.FieldByName("Type").String(), target: r.FieldByName("Target")}
	}
	return out
}

// parsed returns what excelize parsed of a part, kept in one of its maps
// (File.Sheet, File.Relationships).
func parsed(m *sync.Map, key string) reflect.Value {
	v, ok := m.Load(key)
	if !ok || v == nil {
		return reflect.Value{}
	}
	return reflect.ValueOf(v)
}

// field returns a field of the struct v points to.
func field(v reflect.Value, name string) reflect.Value {
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return reflect.Value{}
	}
	return v.Elem().FieldByName(name)
}

// rawPart returns a part as stored in the package, nil if there is none.
// OpenBytes sets excelize's limit for parts kept in memory above the
// largest part, so no part is in a temporary file.
//
// Works around: excelize reads a worksheet only through the Rows
// iterator, which does not tell what the reader's scan needs (formulas,
// cell types, merged ranges, where the XML breaks).
func rawPart(f *excelize.File, name string) []byte {
	v, _ := f.Pkg.Load(name)
	b, _ := v.([]byte)
	return b
}

// setDocProps sets the document properties of a workbook sovscore makes,
// dated created, or with no date at all when created is zero.
//
// Works around: excelize's new file has a docProps/core.xml dated
// 2006-09-16, and SetDocProps keeps the dates of the part it replaces
// when none is given; a workbook that no input dates must carry no date,
// so the part is dropped first and written anew.
func setDocProps(f *excelize.File, props *excelize.DocProperties, created time.Time) error {
	if created.IsZero() {
		f.Pkg.Delete("docProps/core.xml")
	} else {
		props.Created = created.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	return f.SetDocProps(props)
}

// sharedStringCount returns how many shared strings excelize loaded, -1
// while it has not loaded them.
//
// Works around: excelize loads the shared strings on the first call of
// Rows.Columns and keeps none when that fails, and it drops or misreads a
// cell whose shared-string reference is out of range without a word.
func sharedStringCount(f *excelize.File) int {
	if f.SharedStrings == nil {
		return -1
	}
	return len(f.SharedStrings.SI)
}

// usableStyles reports whether the workbook's style sheet has what
// excelize's style calls use without checking: a default font with a name,
// and lists of fonts, fills, borders and cell formats.
//
// Works around: excelize reads a missing or empty xl/styles.xml as a style
// sheet without any of them, and GetDefaultFont and NewStyle then panic
// instead of returning an error.
func usableStyles(f *excelize.File) bool {
	_, _ = f.GetStyle(-1) // loads the style sheet; -1 is no style
	ss := f.Styles
	if ss == nil || ss.Fonts == nil || len(ss.Fonts.Font) == 0 || ss.Fills == nil || ss.Borders == nil || ss.CellXfs == nil {
		return false
	}
	font := ss.Fonts.Font[0]
	return font != nil && font.Name != nil && font.Name.Val != nil
}

// withFillOf returns the ID of a cell format like base (font, border,
// alignment, number format, protection) but with the fill of the format
// fillOnly, which has a fill and nothing else; fillOnly itself when base is
// not a format of the workbook.
//
// Works around: a style rebuilt with GetStyle and NewStyle loses its
// colours in a workbook without a theme (LibreOffice writes none), since
// GetStyle resolves theme colours it cannot find to nothing; the cell
// format record is copied instead.
func withFillOf(f *excelize.File, base, fillOnly int) int {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil || base < 0 || base >= len(ss.CellXfs.Xf) {
		return fillOnly
	}
	fid := ss.CellXfs.Xf[fillOnly].FillID
	if fid == nil {
		return fillOnly
	}
	apply := true
	return annWithFill(f, base, *fid, &apply)
}

// annWithFill returns the ID of a cell format like base but with the given
// fill, adding it unless an identical one exists (so annotating again adds
// nothing).
//
// Works around, with annFillOf, annIsHighlight and annRestoreFill: excelize
// has no call to copy a cell format, to read a fill as stored or to find a
// fill by its content, which undoing a highlight in a workbook saved again
// by a spreadsheet program (styles numbered afresh) needs.
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

// annMakeFirstActive moves a sheet to the first position and makes it the
// only selected, active sheet, editing the parsed sheet list.
//
// Works around: excelize's MoveSheet and SetActiveSheet parse every
// worksheet of the workbook (the long Guide sheet included) to clear its
// tab selection, and then write every one back; here only sheets whose XML
// has a selected tab are parsed. Measured with BenchmarkAnnotated
// (cmd/sovscore) on generated workbooks, excelize's way adds about 12 ms
// and 49,000 allocations per workbook, doubling the time of the annotation
// step. MoveSheet
// also leaves the sheet indexes of sheet-scoped defined names (print
// titles, filter ranges) as they were, which would point them at the
// wrong sheet, so they are shifted here as the sheets are.
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
// tabSelected attribute in its XML is left unparsed.
//
// Works around: excelize has no call to clear one sheet's selection (see
// annMakeFirstActive), so the parsed worksheet's views are changed by
// reflection.
func annSelectOnly(f *excelize.File, sheet string) error {
	for _, p := range sheetParts(f) {
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
		views := field(field(parsed(&f.Sheet, p.path), "SheetViews"), "SheetView")
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

// annHide makes a sheet very hidden (only a macro can show it).
//
// Works around: excelize's SetSheetVisible parses every worksheet of the
// workbook to check that the sheet is not selected, which costs as much as
// SetActiveSheet (see annMakeFirstActive: measured, the same 12 ms); the
// sheet is new and not selected, so its state is set directly.
func annHide(f *excelize.File, sheet string) error {
	for i := range f.WorkBook.Sheets.Sheet {
		if sh := &f.WorkBook.Sheets.Sheet[i]; sh.Name == sheet {
			sh.State = "veryHidden"
			return nil
		}
	}
	return excelize.ErrSheetNotExist{SheetName: sheet}
}

// rowCustomHeight matches the flag excelize's SetRowHeight always sets.
var rowCustomHeight = regexp.MustCompile(`(<row\b[^>]*?) customHeight="(?:true|1)"`)

// autoHeightZip writes the template like excelize's default zip writer,
// but drops customHeight from worksheet rows: a row with a height and no
// customHeight is what Excel itself writes for an auto-fitted row. The
// estimated heights then show in LibreOffice and Excel, and stay automatic
// (the row grows when an assessor types a long justification) instead of
// being fixed. Worksheet parts are buffered so a row tag is never split.
//
// Works around: excelize's SetRowHeight always marks the height custom,
// and has no call to give a row a height that stays automatic.
type autoHeightZip struct {
	excelize.ZipWriter
	name    string
	buf     bytes.Buffer
	pending bool
}

// Create starts a part; worksheet parts are held until the next part.
func (z *autoHeightZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
		return z.ZipWriter.Create(name)
	}
	z.name, z.pending = name, true
	z.buf.Reset()
	return &z.buf, nil
}

// AddFS writes any held part first, to keep the order of parts.
func (z *autoHeightZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.ZipWriter.AddFS(fsys)
}

// Close writes any held part and closes the archive.
func (z *autoHeightZip) Close() error {
	if err := z.flush(); err != nil {
		_ = z.ZipWriter.Close()
		return err
	}
	return z.ZipWriter.Close()
}

func (z *autoHeightZip) flush() error {
	if !z.pending {
		return nil
	}
	z.pending = false
	w, err := z.ZipWriter.Create(z.name)
	if err != nil {
		return err
	}
	_, err = w.Write(rowCustomHeight.ReplaceAll(z.buf.Bytes(), []byte("$1")))
	return err
}

// attrName finds the attribute names of a tag; rowNumber a row's number.
var (
	attrName  = regexp.MustCompile(`\s([^\s=/>]+)\s*=`)
	rowNumber = regexp.MustCompile(`\sr\s*=\s*["'](\d+)["']`)
)

// tidyRows drops the empty row elements of a worksheet (<row/>, <row
// r="7"/>: no cell, no height, no style) and gives every other row element
// without an r attribute the number the Rows iterator (and so the reader)
// gives it: one more than the row before. It reports whether it changed
// anything. excelize drops empty rows when it writes a sheet, so the
// annotated copy is the same.
//
// Works around: excelize's worksheet parser (xlsxWorksheet.checkSheet)
// takes each unnumbered row out of the row slice one at a time, which is
// quadratic (100,000 empty <row/> elements took 18 s, 200,000 over 90 s),
// and then builds every row up to the last one (a million empty rows took
// 350 MB).
func tidyRows(data []byte) ([]byte, bool) {
	var out []byte
	last, row := 0, 0
	for pos := 0; pos < len(data); {
		start, nameEnd := nextTag(data, pos, "row")
		if start < 0 {
			break
		}
		end := tagEnd(data, nameEnd)
		if end < 0 {
			break // broken XML: excelize reports it
		}
		tag := data[start:end]
		hasR, bare := false, true
		for _, m := range attrName.FindAllSubmatch(tag, -1) {
			switch string(m[1]) {
			case "r":
				hasR = true
			case "spans":
			default:
				bare = false
			}
		}
		if !hasR {
			row++
		} else if m := rowNumber.FindSubmatch(tag); m != nil {
			if n, err := strconv.Atoi(string(m[1])); err == nil && n > 0 {
				row = n
			}
		}
		switch {
		case bare && bytes.HasSuffix(tag, []byte("/>")):
			out = append(out, data[last:start]...)
			last = end
		case !hasR && row <= excelize.TotalRows:
			out = append(append(append(out, data[last:nameEnd]...), ` r="`+strconv.Itoa(row)+`"`...), data[nameEnd])
			last = nameEnd + 1
		}
		pos = end
	}
	if out == nil {
		return data, false
	}
	return append(out, data[last:]...), true
}

// tagEnd returns the index just after the '>' that ends the tag whose name
// ends before i, skipping quoted attribute values; -1 if there is none.
func tagEnd(data []byte, i int) int {
	var quote byte
	for ; i < len(data); i++ {
		switch c := data[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return -1
}

// parsedSheetBounds returns the last row and column of a worksheet excelize
// has parsed, or -1, -1 when it has not parsed it.
//
// Works around: excelize has no call to tell a worksheet's extent without
// building every row up to the one asked for; the parsed rows are read by
// reflection.
func parsedSheetBounds(f *excelize.File, part string) (rows, cols int) {
	ws := parsed(&f.Sheet, part)
	if !ws.IsValid() || ws.Kind() != reflect.Pointer || ws.IsNil() {
		return -1, -1
	}
	list := ws.Elem().FieldByName("SheetData").FieldByName("Row")
	if !list.IsValid() || list.Kind() != reflect.Slice {
		return -1, -1
	}
	for i := range list.Len() {
		r := list.Index(i)
		n := int(r.FieldByName("R").Int())
		if n <= 0 {
			n = i + 1
		}
		cells := r.FieldByName("C")
		for j := range cells.Len() {
			c := j + 1
			if col, _, err := excelize.CellNameToCoordinates(cells.Index(j).FieldByName("R").String()); err == nil {
				c = col
			}
			cols = max(cols, c)
		}
		rows = max(rows, n)
	}
	return rows, cols
}
