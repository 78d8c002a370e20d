package workbook

// Assessors' notes (comments) in workbooks saved by Excel, LibreOffice and
// openpyxl, generated here part by part as each tool writes them: they
// stay on their own cells, with their text and author, after annotation
// and after annotating again.

import (
	"archive/zip"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// assessorNote is a note an assessor left on a cell.
type assessorNote struct{ sheet, cell, author, text string }

// notesTool writes the note parts of one sheet as a tool does: i counts
// the sheets with notes from 1, pos is the sheet's position from 1.
type notesTool struct {
	name string
	// comments and vml name the parts; rels gives the sheet's
	// relationships and the id of its legacy drawing.
	comments, vml func(i, pos int) string
	rels          func(comments, vml string) (xml, drawingID string)
	shape         func(i, k, col, row int) string
	ctVML         bool // the tool declares .vml as a default content type
}

const (
	relComments = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relVML      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
	relsHead    = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
)

// notesTools are Excel, LibreOffice and openpyxl, as they write notes.
var notesTools = []notesTool{
	{
		name:     "Excel",
		comments: func(i, _ int) string { return fmt.Sprintf("xl/comments%d.xml", i) },
		vml:      func(i, _ int) string { return fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", i) },
		rels: func(c, v string) (string, string) {
			return relsHead + `<Relationship Id="rId2" Type="` + relComments + `" Target="../` + strings.TrimPrefix(c, "xl/") + `"/>` +
				`<Relationship Id="rId1" Type="` + relVML + `" Target="../drawings/` + v[len("xl/drawings/"):] + `"/></Relationships>`, "rId1"
		},
		// Excel puts the box beside the cell, numbers shapes from 1025
		// per drawing block.
		shape: func(i, k, col, row int) string {
			return fmt.Sprintf(`<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
				i*1024+k+1, col, row-1, col+2, row+3, row-1, col-1)
		},
	},
	{
		name:     "LibreOffice",
		comments: func(_, pos int) string { return fmt.Sprintf("xl/comments%d.xml", pos) },
		vml:      func(i, _ int) string { return fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", i) },
		rels: func(c, v string) (string, string) {
			return relsHead + `<Relationship Id="rId1" Type="` + relComments + `" Target="../` + strings.TrimPrefix(c, "xl/") + `"/>` +
				`<Relationship Id="rId2" Type="` + relVML + `" Target="../drawings/` + v[len("xl/drawings/"):] + "\"/>\n</Relationships>", "rId2"
		},
		// LibreOffice calls its shapes shape_0, shape_1... and anchors the
		// box away from the cell.
		shape: func(_, k, col, row int) string {
			return fmt.Sprintf(`<v:shape id="shape_%d" fillcolor="#ffffe1" stroked="t" type="#_x0000_t202" o:allowincell="f" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:107.95pt;height:59.2pt;mso-wrap-style:none;v-text-anchor:middle;visibility:hidden"><v:shadow on="t" obscured="t" color="black"/><v:fill o:detectmouseclick="t" type="solid" color2="#00001e"/><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>0, 79, 0, 2, 1, 139, 4, 1</x:Anchor><x:AutoFill>False</x:AutoFill><x:TextVAlign>Top</x:TextVAlign><x:TextHAlign>Left</x:TextHAlign><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
				k, row-1, col-1)
		},
		ctVML: true,
	},
	{
		name:     "openpyxl",
		comments: func(i, _ int) string { return fmt.Sprintf("xl/comments/comment%d.xml", i) },
		vml:      func(i, _ int) string { return fmt.Sprintf("xl/drawings/commentsDrawing%d.vml", i) },
		rels: func(c, v string) (string, string) {
			return `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="` + relComments + `" Target="/` + c + `" Id="comments"/>` +
				`<Relationship Type="` + relVML + `" Target="/` + v + `" Id="anysvml"/></Relationships>`, "anysvml"
		},
		// openpyxl writes prefixes of its own and no anchor.
		shape: func(_, k, col, row int) string {
			return fmt.Sprintf(`<ns0:shape xmlns:ns0="urn:schemas-microsoft-com:vml" xmlns:ns1="urn:schemas-microsoft-com:office:office" type="#_x0000_t202" style="position:absolute; margin-left:59.25pt;margin-top:1.5pt;width:144px;height:79px;z-index:1;visibility:hidden" fillcolor="#ffffe1" ns1:insetmode="auto" id="_x0000_s%d"><ns0:fill color2="#ffffe1"/><ns0:shadow color="black" obscured="t"/><ns0:path ns1:connecttype="none"/><ns0:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></ns0:textbox><ns2:ClientData xmlns:ns2="urn:schemas-microsoft-com:office:excel" ObjectType="Note"><ns2:MoveWithCells/><ns2:SizeWithCells/><ns2:AutoFill>False</ns2:AutoFill><ns2:Row>%d</ns2:Row><ns2:Column>%d</ns2:Column></ns2:ClientData></ns0:shape>`,
				1026+k, row-1, col-1)
		},
		ctVML: true,
	},
}

// withNotes adds notes to a workbook as tool writes them. Each sheet must
// have no relationships part yet (the template's objective sheets have
// none).
func withNotes(t testing.TB, data []byte, tool notesTool, notes []assessorNote) []byte {
	t.Helper()
	parts := readParts(t, data)
	index := map[string]int{}
	for i, p := range parts {
		index[p.name] = i
	}
	var sheets []string
	bySheet := map[string][]assessorNote{}
	for _, n := range notes {
		if bySheet[n.sheet] == nil {
			sheets = append(sheets, n.sheet)
		}
		bySheet[n.sheet] = append(bySheet[n.sheet], n)
	}
	f := annOpen(t, data)
	var overrides strings.Builder
	for i, sheet := range sheets {
		pos, err := f.GetSheetIndex(sheet)
		require.NoError(t, err)
		sheetPart := partOf(t, data, sheet)
		cName, vName := tool.comments(i+1, pos+1), tool.vml(i+1, pos+1)
		var cm, shapes strings.Builder
		authors := map[string]int{}
		var names []string
		for k, n := range bySheet[sheet] {
			if _, ok := authors[n.author]; !ok {
				authors[n.author] = len(names)
				names = append(names, n.author)
			}
			col, row, err := excelize.CellNameToCoordinates(n.cell)
			require.NoError(t, err)
			fmt.Fprintf(&cm, `<comment ref="%s" authorId="%d"><text><t>%s</t></text></comment>`, n.cell, authors[n.author], n.text)
			shapes.WriteString(tool.shape(i+1, k, col, row))
		}
		var au strings.Builder
		for _, a := range names {
			fmt.Fprintf(&au, "<author>%s</author>", a)
		}
		parts = append(parts,
			zpart{cName, []byte(`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors>` + au.String() + `</authors><commentList>` + cm.String() + `</commentList></comments>`)},
			zpart{vName, []byte(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` + shapes.String() + `</xml>`)})
		rels, rid := tool.rels(cName, vName)
		relsName := strings.Replace(sheetPart, "worksheets/", "worksheets/_rels/", 1) + ".rels"
		require.NotContains(t, index, relsName)
		parts = append(parts, zpart{relsName, []byte(rels)})
		sp := &parts[index[sheetPart]]
		sp.body = []byte(mustReplace(t, string(sp.body), "</worksheet>", `<legacyDrawing r:id="`+rid+`"/></worksheet>`))
		fmt.Fprintf(&overrides, `<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`, cName)
		if !tool.ctVML {
			fmt.Fprintf(&overrides, `<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>`, vName)
		}
	}
	ct := &parts[index["[Content_Types].xml"]]
	if tool.ctVML && !bytes.Contains(ct.body, []byte(`Extension="vml"`)) {
		overrides.WriteString(`<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>`)
	}
	ct.body = []byte(mustReplace(t, string(ct.body), "</Types>", overrides.String()+"</Types>"))
	return writeParts(t, parts)
}

// notesOf returns the notes of every sheet, "sheet!cell" to author and text.
func notesOf(t testing.TB, data []byte) map[string][2]string {
	t.Helper()
	f := annOpen(t, data)
	out := map[string][2]string{}
	for _, s := range f.GetSheetList() {
		cs, err := f.GetComments(s)
		require.NoError(t, err)
		for _, c := range cs {
			out[s+"!"+c.Cell] = [2]string{c.Author, annCommentText(c)}
		}
	}
	return out
}

// assertSafeNames checks that no zip entry is absolute or climbs out.
func assertSafeNames(t testing.TB, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	for _, zf := range zr.File {
		assert.False(t, strings.HasPrefix(zf.Name, "/") || strings.HasPrefix(zf.Name, "\\") || strings.Contains(zf.Name, ".."), "zip entry %q", zf.Name)
	}
}

// noteShapes counts the note shapes of each VML drawing of a package, and
// checks that their ids are ones excelize and Excel read.
func noteShapes(t testing.TB, data []byte) int {
	t.Helper()
	n := 0
	for name, body := range annParts(t, data) {
		if !strings.HasSuffix(name, ".vml") {
			continue
		}
		n += strings.Count(body, `ObjectType="Note"`)
		for _, m := range regexp.MustCompile(`<[\w:]*shape\s[^>]*?\bid="([^"]*)"`).FindAllStringSubmatch(body, -1) {
			assert.Regexp(t, `^_x0000_s\d+$`, m[1], "%s: shape id", name)
		}
	}
	return n
}

// TestNotesPreserved: an assessor's notes on SOV-1!D5 and SOV-2!D5 (one
// on a cell without problem, one on a cell with one) and a note sovscore
// adds on SOV-1 stay on their cells, with their text and author, in a
// workbook saved by each tool, after annotation and after annotating the
// annotated copy again; no zip entry has an absolute or ".." name.
func TestNotesPreserved(t *testing.T) {
	fw := scoring.Default()
	a := filledAssessment(fw)
	for i := range a.Factors {
		switch a.Factors[i].ID {
		case "SOV-1.2":
			a.Factors[i].Confidence.Text = "sure" // an error on SOV-1!E6
		case "SOV-2.1":
			a.Factors[i].Answer.Text = "9" // an error on SOV-2!D5
		}
	}
	base := templateBytes(t, fw, a)
	notes := []assessorNote{
		{"SOV-1", "D5", "Alice", "note one on SOV-1"},
		{"SOV-2", "D5", "Bob", "note two on SOV-2"},
	}
	for _, tool := range notesTools {
		t.Run(tool.name, func(t *testing.T) {
			input := withNotes(t, base, tool, notes)
			in := notesOf(t, input)
			require.Equal(t, [2]string{"Alice", "note one on SOV-1"}, in["SOV-1!D5"], "the generated input")
			require.Equal(t, [2]string{"Bob", "note two on SOV-2"}, in["SOV-2!D5"])

			out1 := annotatedOf(t, input)
			assertSafeNames(t, out1)
			got := notesOf(t, out1)
			assert.Equal(t, [2]string{"Alice", "note one on SOV-1"}, got["SOV-1!D5"], "a note on a cell without problem is untouched")
			assert.Equal(t, "sovscore", got["SOV-1!E6"][0])
			assert.Contains(t, got["SOV-1!E6"][1], "confidence-invalid", "sovscore's note on its sheet")
			assert.Equal(t, "sovscore", got["SOV-2!D5"][0])
			assert.True(t, strings.HasPrefix(got["SOV-2!D5"][1], "note two on SOV-2\n\n"), "the assessor's note above sovscore's: %q", got["SOV-2!D5"][1])
			assert.Contains(t, got["SOV-2!D5"][1], "answer-invalid")
			assert.NotContains(t, got["SOV-2!D5"][1], "confidence-invalid", "not SOV-1's problem")
			assert.Len(t, got, 3)
			assert.Equal(t, len(got), noteShapes(t, out1), "one shape per note")

			// Annotating the copy again gives the same notes.
			out2 := annotatedOf(t, out1)
			assertSafeNames(t, out2)
			assert.Equal(t, got, notesOf(t, out2))
			assert.Equal(t, len(got), noteShapes(t, out2))

			// With the problem on SOV-2!D5 fixed, Bob's note is his again.
			fixed := editSheet(t, out1, "SOV-2", func(s string) string {
				return setCell(t, s, "D5", `<c r="D5" t="inlineStr"><is><t>1</t></is></c>`)
			})
			out3 := annotatedOf(t, fixed)
			assert.Equal(t, [2]string{"Bob", "note two on SOV-2"}, notesOf(t, out3)["SOV-2!D5"])
			assert.Equal(t, [2]string{"Alice", "note one on SOV-1"}, notesOf(t, out3)["SOV-1!D5"])
		})
	}
}

// TestOutputsSafeNames: no zip entry of the summary, the consensus or the
// diff workbook is named absolutely or with "..", whatever the inputs'
// file names.
func TestOutputsSafeNames(t *testing.T) {
	rc := panel(t)
	for _, r := range rc.Results {
		r.File = "../../" + r.File
	}
	var cons, sum bytes.Buffer
	require.NoError(t, WriteConsensus(&cons, rc))
	assertSafeNames(t, cons.Bytes())
	require.NoError(t, WriteSummary(&sum, rc.Results, SummaryOptions{Created: annCreated}))
	assertSafeNames(t, sum.Bytes())
}
