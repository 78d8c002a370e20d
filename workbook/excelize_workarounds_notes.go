// The uses of excelize's internals that concern notes (comments) and
// their drawings; excelize_workarounds.go says what these files hold.

package workbook

import (
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// pkgRels is a relationships part, as alignNoteParts reads and writes it.
type pkgRels struct {
	XMLName xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Rels    []struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr,omitempty"`
	} `xml:"Relationship"`
}

var (
	// legacyDrawingID finds the relationship of a worksheet's note drawing.
	legacyDrawingID = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?legacyDrawing\s[^>]*?\b(?:[A-Za-z_][\w.-]*:)?id\s*=\s*["']([^"']*)["']`)
	// vmlShapeID finds the id of a shape in a VML drawing.
	vmlShapeID = regexp.MustCompile(`(<(?:[A-Za-z_][\w.-]*:)?shape\s[^>]*?\bid\s*=\s*)["']([^"']*)["']`)
	// excelizeShapeID is a shape id excelize can number from.
	excelizeShapeID = regexp.MustCompile(`^_x0000_s\d+$`)
	// canonicalVML is a note drawing named as excelize names them.
	canonicalVML = regexp.MustCompile(`^xl/drawings/vmlDrawing(\d+)\.vml$`)
	// partName finds the part names of the content types part.
	partName = regexp.MustCompile(`PartName="([^"]*)"`)
)

// noteParts is a sheet with notes: its relationships and the parts of its
// notes (comments) and of their drawing.
type noteParts struct {
	sheet, relsPath string
	rels            pkgRels
	comments, vml   int // indexes in rels.Rels
	sheetID         int
	n               int // the number the parts get
}

// alignNoteParts names the notes (comments) part and the note drawing of
// every sheet as excelize assumes, before excelize reads them:
// xl/commentsN.xml and xl/drawings/vmlDrawingN.vml with the same N, one N
// per sheet, targets relative to the sheet, and shape ids of the form
// _x0000_sNNNN. Excel and excelize write them so; LibreOffice numbers the
// notes by sheet and the drawings in sequence, and calls its shapes
// shape_0, shape_1...; openpyxl writes xl/comments/comment1.xml and
// xl/drawings/commentsDrawing1.vml with absolute targets. Sheets whose
// relationships excelize has parsed (a workbook annotated in memory
// before) are left as they are.
//
// Works around: excelize's AddComment writes a sheet's notes to
// xl/commentsN.xml, N being the number in the name of the sheet's note
// drawing (0 when it has none), whatever part the sheet's relationship
// names, so the notes of two openpyxl sheets went to one part; it keeps an
// absolute target as a part name with a leading slash, which became a zip
// entry "/xl/drawings/commentsDrawing1.vml"; and it fails on a shape id it
// cannot read as _x0000_sNNNN (`strconv.Atoi: parsing "shape_0"`).
func alignNoteParts(f *excelize.File) error {
	ids := map[string]int{}
	for _, sh := range f.WorkBook.Sheets.Sheet {
		ids[sh.Name] = sh.SheetID
	}
	var list []*noteParts
	for _, sp := range sheetParts(f) {
		dir := path.Dir(sp.path)
		relsPath := dir + "/_rels/" + path.Base(sp.path) + ".rels"
		if _, done := f.Relationships.Load(relsPath); done || dir != "xl/worksheets" {
			continue
		}
		raw := rawPart(f, relsPath)
		if raw == nil {
			continue // no relationships: no notes
		}
		sheet := rawPart(f, sp.path)
		start, _ := nextTag(sheet, 0, "legacyDrawing")
		if start < 0 {
			continue
		}
		m := legacyDrawingID.FindSubmatch(sheet[start:])
		if m == nil {
			continue
		}
		np := &noteParts{sheet: sp.name, relsPath: relsPath, comments: -1, vml: -1, sheetID: ids[sp.name]}
		if err := xml.Unmarshal(raw, &np.rels); err != nil {
			return &AnnotateError{Err: fmt.Errorf("%s: %w", relsPath, err), Message: fmt.Sprintf("the part %s, which links sheet %s to its notes and drawings, is damaged (%v): "+
				"open the workbook in Excel or LibreOffice, save it again and score it again", relsPath, sp.name, err)}
		}
		for i, r := range np.rels.Rels {
			switch {
			case strings.HasSuffix(r.Type, "/relationships/comments") && np.comments < 0:
				np.comments = i
			case r.ID == string(m[1]) && strings.HasSuffix(r.Type, "/relationships/vmlDrawing"):
				np.vml = i
			}
		}
		if np.comments >= 0 && np.vml >= 0 {
			list = append(list, np)
		}
	}
	if len(list) == 0 {
		return nil
	}
	target := func(np *noteParts, i int) string {
		return resolvePart("xl/worksheets", np.rels.Rels[i].Target)
	}
	// A drawing already named vmlDrawingN keeps N; the others get the
	// lowest numbers free.
	taken := map[int]bool{}
	for _, np := range list {
		if m := canonicalVML.FindStringSubmatch(target(np, np.vml)); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && !taken[n] {
				np.n, taken[n] = n, true
			}
		}
	}
	moving := map[string]bool{}
	for _, np := range list {
		moving[target(np, np.comments)], moving[target(np, np.vml)] = true, true
	}
	free := func(n int) bool {
		for _, name := range []string{fmt.Sprintf("xl/comments%d.xml", n), fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", n)} {
			if _, ok := f.Pkg.Load(name); ok && !moving[name] {
				return false
			}
		}
		return !taken[n]
	}
	next := 1
	for _, np := range list {
		for np.n == 0 {
			if free(next) {
				np.n, taken[next] = next, true
			}
			next++
		}
	}
	// All parts leave their names before any takes a new one: names may
	// be swapped.
	held := map[string][]byte{}
	for name := range moving {
		held[name] = rawPart(f, name)
		f.Pkg.Delete(name)
	}
	renames := map[string]string{}
	for _, np := range list {
		from, to := target(np, np.comments), fmt.Sprintf("xl/comments%d.xml", np.n)
		if b := held[from]; b != nil {
			f.Pkg.Store(to, b)
		}
		renames["/"+from] = "/" + to
		np.rels.Rels[np.comments].Target = "../" + path.Base(to)
		from, to = target(np, np.vml), fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", np.n)
		if b := held[from]; b != nil {
			f.Pkg.Store(to, numberShapes(b, np.sheetID))
		}
		renames["/"+from] = "/" + to
		np.rels.Rels[np.vml].Target = "../drawings/" + path.Base(to)
		out, err := xml.Marshal(np.rels)
		if err != nil {
			return err
		}
		f.Pkg.Store(np.relsPath, append([]byte(xml.Header), out...))
	}
	renameContentTypes(f, renames)
	return nil
}

// numberShapes gives every shape of a VML drawing whose id excelize cannot
// number from an id of the form _x0000_sNNNN in the sheet's block
// (excelize numbers the shapes of sheet 3 from 3073).
func numberShapes(vml []byte, sheetID int) []byte {
	next := max(sheetID, 1)*1024 + 1
	for _, m := range vmlShapeID.FindAllSubmatch(vml, -1) {
		if excelizeShapeID.Match(m[2]) {
			if n, err := strconv.Atoi(strings.TrimPrefix(string(m[2]), "_x0000_s")); err == nil {
				next = max(next, n+1)
			}
		}
	}
	return vmlShapeID.ReplaceAllFunc(vml, func(tag []byte) []byte {
		m := vmlShapeID.FindSubmatch(tag)
		if excelizeShapeID.Match(m[2]) {
			return tag
		}
		next++
		return []byte(fmt.Sprintf(`%s"_x0000_s%d"`, m[1], next-1))
	})
}

// renameContentTypes renames the parts of the content types part, parsed
// or not.
func renameContentTypes(f *excelize.File, renames map[string]string) {
	if ct := f.ContentTypes; ct != nil {
		for i := range ct.Overrides {
			if to, ok := renames[ct.Overrides[i].PartName]; ok {
				ct.Overrides[i].PartName = to
			}
		}
		return
	}
	const ctPart = "[Content_Types].xml"
	raw := rawPart(f, ctPart)
	if raw == nil {
		return
	}
	f.Pkg.Store(ctPart, partName.ReplaceAllFunc(raw, func(m []byte) []byte {
		if to, ok := renames[string(partName.FindSubmatch(m)[1])]; ok {
			return []byte(`PartName="` + to + `"`)
		}
		return m
	}))
}

// noteRow and noteColumn find the cell a VML note shape belongs to.
var (
	noteRow    = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?Row>\s*(\d+)\s*</`)
	noteColumn = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?Column>\s*(\d+)\s*</`)
)

// dropNoteShapes removes from a sheet's note drawing the note shapes left
// on a cell whose note was deleted.
//
// Works around: excelize's DeleteComment finds the shape of a note by its
// anchor, which only excelize places on the cell itself (Excel puts the
// box beside the cell, openpyxl writes no anchor), so the shape of an
// assessor's note stayed beside the new one. The drawing excelize loaded
// (File.VMLDrawing) is changed in place.
func dropNoteShapes(f *excelize.File, sheet string, col, row int) {
	part := sheetPath(f, sheet)
	legacy := field(parsed(&f.Sheet, part), "LegacyDrawing")
	if part == "" || !legacy.IsValid() || legacy.IsNil() {
		return
	}
	rid := legacy.Elem().FieldByName("RID").String()
	dir := path.Dir(part)
	for _, r := range parsedRels(f, dir+"/_rels/"+path.Base(part)+".rels") {
		if r.id != rid {
			continue
		}
		vml := f.VMLDrawing[resolvePart(dir, r.target.String())]
		if vml == nil {
			return
		}
		kept := vml.Shape[:0]
		for _, sp := range vml.Shape {
			rm, cm := noteRow.FindStringSubmatch(sp.Val), noteColumn.FindStringSubmatch(sp.Val)
			if strings.Contains(sp.Val, `ObjectType="Note"`) && rm != nil && cm != nil &&
				rm[1] == strconv.Itoa(row-1) && cm[1] == strconv.Itoa(col-1) {
				continue
			}
			kept = append(kept, sp)
		}
		vml.Shape = kept
	}
}

// annFixVMLIDMaps sets the shape ID block of every note drawing excelize
// loaded to the block its shapes are in.
//
// Works around: excelize numbers shapes from the sheet ID (sheet 3: 3073,
// 3074, ...) and declares that block when it makes a drawing, but declares
// the drawing's file number instead when it loads one to delete a note;
// re-annotating would then change the drawing.
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
