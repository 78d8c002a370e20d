package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

var annCreated = time.Date(2026, 6, 20, 9, 30, 0, 0, time.UTC)

// annAssessment answers every factor with its best answer, high confidence,
// a justification and a source, then spoils a few rows: three errors (one
// of them an unanswered factor) and four warnings.
func annAssessment(fw *scoring.Framework) *scoring.Assessment {
	a := &scoring.Assessment{}
	a.Provider.Name.Text = "Nimbus Cloud SAS"
	a.Provider.Service.Text = "Managed Kubernetes, région Paris"
	a.Provider.Assessor.Text = "Élodie Mårtensson"
	a.Provider.Date.Text = "2026-06-15"
	a.Provider.Notes.Text = "=not a formula"
	for i, f := range fw.Factors() {
		best := f.Answers[len(f.Answers)-1]
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: f.ID,
			Answer:        scoring.EntryCell{Text: best.Display()},
			Confidence:    scoring.EntryCell{Text: "high"},
			Justification: scoring.EntryCell{Text: fmt.Sprintf("Because %s.", f.Name)},
			Sources:       scoring.EntryCell{Text: fmt.Sprintf("https://nimbus.example/doc/%d", i)},
		})
	}
	edits := []struct {
		id   string
		edit func(e *scoring.FactorEntry)
	}{
		{"SOV-1.2", func(e *scoring.FactorEntry) { e.Confidence.Text = "sure _x0041_" }},              // error
		{"SOV-2.1", func(e *scoring.FactorEntry) { e.Answer.Text = "9. =HYPERLINK(\"http://x\")" }},   // error
		{"SOV-3.1", func(e *scoring.FactorEntry) { e.Answer.Text, e.Confidence.Text = "", "" }},       // error: unanswered
		{"SOV-4.1", func(e *scoring.FactorEntry) { e.Sources.Text = "http://insecure.example/x" }},    // warning
		{"SOV-5.1", func(e *scoring.FactorEntry) { e.Justification.Text = "" }},                       // warning
		{"SOV-5.1", func(e *scoring.FactorEntry) { e.Sources.Text += "\nhttp://insecure.example/y" }}, // warning, same row
		{"SOV-6.1", func(e *scoring.FactorEntry) { e.Justification.Text = "We answered opt 1." }},     // warning
	}
	for _, ed := range edits {
		for i := range a.Factors {
			if a.Factors[i].ID == ed.id {
				ed.edit(&a.Factors[i])
			}
		}
	}
	return a
}

// annFixture is a filled template, read and scored.
type annFixture struct {
	input []byte
	book  *Book
	res   *scoring.Result
}

func newAnnFixture(t testing.TB, a *scoring.Assessment) *annFixture {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, scoring.Default(), a))
	fx := &annFixture{input: buf.Bytes()}
	fx.book, fx.res = annScore(t, fx.input)
	return fx
}

// annScore reads workbook bytes and scores them with the default profile.
func annScore(t testing.TB, data []byte) (*Book, *scoring.Result) {
	t.Helper()
	fw := scoring.Default()
	prof, err := fw.ResolveProfile("")
	require.NoError(t, err)
	b, err := OpenBytes(data, "nimbus.xlsx", fw, ReadOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	b.Assessment.SHA256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	return b, scoring.Evaluate(fw, b.Assessment, prof)
}

func annotateBytes(t testing.TB, b *Book, r *scoring.Result) []byte {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, b.WriteAnnotated(&out, r, AnnotateOptions{Created: annCreated, ToolVersion: "1.2.3"}))
	return out.Bytes()
}

func annOpen(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// annParts returns the parts of an xlsx package by name.
func annParts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		out[f.Name] = string(b)
	}
	return out
}

// annSheetXML returns the worksheet part of a sheet.
func annSheetXML(t testing.TB, f *excelize.File, parts map[string]string, sheet string) string {
	t.Helper()
	idx, err := f.GetSheetIndex(sheet)
	require.NoError(t, err)
	require.GreaterOrEqual(t, idx, 0, sheet)
	// excelize names worksheet parts by sheet ID; find it in the map.
	for id, name := range f.GetSheetMap() {
		if name == sheet {
			p := fmt.Sprintf("xl/worksheets/sheet%d.xml", id)
			if s, ok := parts[p]; ok {
				return s
			}
		}
	}
	t.Fatalf("no part for sheet %s", sheet)
	return ""
}

// annFind returns the first row whose column A holds label.
func annFind(t testing.TB, f *excelize.File, sheet, label string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i + 1
		}
	}
	t.Fatalf("%s: no row labelled %q", sheet, label)
	return 0
}

func annStyleOf(t testing.TB, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	s, err := f.GetStyle(id)
	require.NoError(t, err)
	return s
}

func annFillColor(s *excelize.Style) string {
	if len(s.Fill.Color) == 0 {
		return ""
	}
	c := strings.ToUpper(s.Fill.Color[0])
	if len(c) == 8 { // ARGB
		c = c[2:]
	}
	return c
}

func TestWriteAnnotatedContent(t *testing.T) {
	fx := newAnnFixture(t, annAssessment(scoring.Default()))
	require.Equal(t, 3, fx.res.Issues.Errors(), fx.res.Issues)
	require.Equal(t, 4, fx.res.Issues.Warnings(), fx.res.Issues)
	out := annotateBytes(t, fx.book, fx.res)
	f := annOpen(t, out)
	in := annOpen(t, fx.input)

	t.Run("scorecard first and active", func(t *testing.T) {
		sheets := f.GetSheetList()
		require.NotEmpty(t, sheets)
		assert.Equal(t, ScorecardSheet, sheets[0])
		assert.Equal(t, 0, f.GetActiveSheetIndex())
		assert.Equal(t, append([]string{ScorecardSheet}, append(in.GetSheetList(), AnnotationsSheet)...), sheets)
		visible, err := f.GetSheetVisible(AnnotationsSheet)
		require.NoError(t, err)
		assert.False(t, visible)
		assert.Regexp(t, `<sheet name="`+AnnotationsSheet+`"[^>]* state="veryHidden"`, annParts(t, out)["xl/workbook.xml"])
	})

	t.Run("scorecard values", func(t *testing.T) {
		row := annFind(t, f, ScorecardSheet, "Sovereignty Score")
		ref := fmt.Sprintf("B%d", row)
		shown, err := f.GetCellValue(ScorecardSheet, ref)
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("%.2f", fx.res.Score), shown)
		raw, err := f.GetCellValue(ScorecardSheet, ref, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		v, err := strconv.ParseFloat(raw, 64)
		require.NoError(t, err, "the score is a number")
		assert.InDelta(t, fx.res.Score, v, 1e-9)
		typ, err := f.GetCellType(ScorecardSheet, ref)
		require.NoError(t, err)
		assert.NotEqual(t, excelize.CellTypeSharedString, typ)

		for _, c := range []struct{ label, want string }{
			{"Provider", "Nimbus Cloud SAS"},
			{"Profile", "eucsf-1.2.1 (objective points divided by each objective's exact maximum)"},
			{"Framework version", "1.2.1"},
			{"Tool version", "sovscore 1.2.3"},
			{"Input SHA-256", fx.res.SHA256},
			{"Overall SEAL", scoring.SEALLabel(fx.res.SEAL, fx.res.Provisional)}, // provisional marked "*" (issue #14)
			{"Eligibility", "NOT ELIGIBLE"},
		} {
			v, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("B%d", annFind(t, f, ScorecardSheet, c.label)))
			require.NoError(t, err)
			assert.Equal(t, c.want, v, c.label)
		}
		row = annFind(t, f, ScorecardSheet, "Overall SEAL")
		note, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("C%d", row))
		require.NoError(t, err)
		assert.Contains(t, note, "provisional")
		assert.Equal(t, annSEALFills[fx.res.SEAL], annFillColor(annStyleOf(t, f, ScorecardSheet, fmt.Sprintf("B%d", row))))

		// The objectives table: numbers as numbers, SEAL coloured.
		row = annFind(t, f, ScorecardSheet, "SOV-2")
		o, _ := fx.res.Objective("SOV-2")
		for _, c := range []struct {
			col  string
			want float64
		}{{"C", o.Points.Float()}, {"D", o.Max.Float()}, {"E", o.Ratio}, {"F", o.Weight}, {"G", o.Contribution}} {
			raw, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("%s%d", c.col, row), excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			v, err := strconv.ParseFloat(raw, 64)
			require.NoError(t, err, c.col)
			assert.InDelta(t, c.want, v, 1e-9, c.col)
		}
		result, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("J%d", row))
		require.NoError(t, err)
		// SOV-2 is incomplete because an answer is an error: an objective
		// with errors reads "errors" (issue #14).
		require.Positive(t, o.Errors)
		assert.False(t, o.Complete)
		assert.Equal(t, "errors", result)
	})

	t.Run("problem rows link to their cells", func(t *testing.T) {
		first := annFind(t, f, ScorecardSheet, "Severity") + 1
		for i, is := range fx.res.Issues {
			row := first + i
			sev, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("A%d", row))
			require.NoError(t, err)
			assert.Equal(t, annSeverityWord(is.Severity), sev)
			msg, err := f.GetCellValue(ScorecardSheet, fmt.Sprintf("B%d", row))
			require.NoError(t, err)
			assert.Equal(t, is.Message, msg)
			ok, target, err := f.GetCellHyperLink(ScorecardSheet, fmt.Sprintf("G%d", row))
			require.NoError(t, err)
			assert.True(t, ok, is.String())
			assert.Equal(t, "'"+is.Sheet+"'!"+is.Cell, target)
		}
		// The message quoting "_x0041_" survives as typed.
		assert.Contains(t, fx.res.Issues[0].Message, `"sure _x0041_"`)
	})

	t.Run("objective sheet columns", func(t *testing.T) {
		for _, sheet := range []string{"SOV-1", "SOV-8"} {
			for i, h := range []string{HeaderPoints, HeaderSEAL, HeaderCheck} {
				ref := tplCell(len(Headers)+1+i, objHeaderRow)
				v, err := f.GetCellValue(sheet, ref)
				require.NoError(t, err)
				assert.Equal(t, h, v, sheet)
				assert.Equal(t, annStyleOf(t, f, sheet, tplCell(len(Headers), objHeaderRow)), annStyleOf(t, f, sheet, ref),
					"%s: styled like the template's headers", sheet)
			}
		}
		fw := scoring.Default()
		frac := func(id string) string {
			fc, ok := fw.Factor(id)
			require.True(t, ok, id)
			return scoring.FormatFraction(fc.Max(), fc.Max())
		}
		none := func(id string) string {
			fc, ok := fw.Factor(id)
			require.True(t, ok, id)
			return fmt.Sprintf("–/%d", fc.Max().Rounded())
		}
		cases := []struct {
			id     string
			sheet  string
			row    int
			points string
			seal   string
			fill   string
			check  []string
		}{
			{"SOV-1.1", "SOV-1", 5, frac("SOV-1.1"), "SEAL-4", annSEALFills[4], []string{"OK"}},
			{"SOV-1.2", "SOV-1", 6, frac("SOV-1.2"), "SEAL-4", annSEALFills[4], []string{`Error in Confidence (E6): SOV-1.2: confidence "sure _x0041_" is not one of`}},
			{"SOV-2.1", "SOV-2", 5, none("SOV-2.1"), "—", annNoSEALFill, []string{"Error in Answer (D5): SOV-2.1 has answers 1 to 3; 9 is not one of them"}},
			{"SOV-3.1", "SOV-3", 5, none("SOV-3.1"), "—", annNoSEALFill, []string{"Error in Answer (D5): SOV-3.1 has no answer"}},
			{"SOV-5.1", "SOV-5", 5, frac("SOV-5.1"), "SEAL-4", annSEALFills[4], []string{"Warning in Justification (F5): SOV-5.1: no justification",
				"\nWarning in Sources (G5): SOV-5.1: source \"http://insecure.example/y\" uses plain http"}},
		}
		for _, c := range cases {
			get := func(col int) string {
				v, err := f.GetCellValue(c.sheet, tplCell(col, c.row))
				require.NoError(t, err)
				return v
			}
			require.Equal(t, c.id, get(1))
			base := len(Headers) + 1
			assert.Equal(t, c.points, get(base), c.id)
			assert.Equal(t, c.seal, get(base+1), c.id)
			assert.Equal(t, c.fill, annFillColor(annStyleOf(t, f, c.sheet, tplCell(base+1, c.row))), c.id)
			for _, want := range c.check {
				assert.Contains(t, get(base+2), want, c.id)
			}
		}
	})

	t.Run("offending cells highlighted with a note", func(t *testing.T) {
		cases := []struct {
			sheet, cell string
			fill        string
			note        []string
		}{
			// Notes are read back as stored: "_x0041_" typed by the
			// assessor is stored escaped, so Excel shows it as typed.
			{"SOV-1", "E6", annErrorFill, []string{"Error: confidence-invalid", `confidence "sure _x005F_x0041_" is not one of high, medium, low`}},
			{"SOV-2", "D5", annErrorFill, []string{"Error: answer-invalid"}},
			{"SOV-3", "D5", annErrorFill, []string{"Error: answer-missing", "choose one of 1 to 5"}},
			{"SOV-4", "G5", annWarnFill, []string{"Warning: source-insecure"}},
			{"SOV-5", "G5", annWarnFill, []string{"Warning: source-insecure", "http://insecure.example/y"}},
			{"SOV-6", "F5", annWarnFill, []string{"Warning: claim-mismatch"}},
		}
		for _, c := range cases {
			got, want := annStyleOf(t, f, c.sheet, c.cell), annStyleOf(t, in, c.sheet, c.cell)
			assert.Equal(t, c.fill, annFillColor(got), "%s!%s", c.sheet, c.cell)
			// Everything but the fill is the assessor's.
			assert.Equal(t, want.Border, got.Border, "%s!%s", c.sheet, c.cell)
			assert.Equal(t, want.Alignment, got.Alignment, "%s!%s", c.sheet, c.cell)
			assert.Equal(t, want.Protection, got.Protection, "%s!%s", c.sheet, c.cell)
			assert.Equal(t, want.Font, got.Font, "%s!%s", c.sheet, c.cell)
			comments, err := f.GetComments(c.sheet)
			require.NoError(t, err)
			var text []string
			for _, cm := range comments {
				if cm.Cell == c.cell {
					assert.Equal(t, "sovscore", cm.Author)
					text = append(text, annCommentText(cm))
				}
			}
			require.Len(t, text, 1, "%s!%s: one note", c.sheet, c.cell)
			for _, w := range c.note {
				assert.Contains(t, text[0], w, "%s!%s", c.sheet, c.cell)
			}
		}
		// A cell without a problem keeps its style and gets no note.
		assert.Equal(t, annStyleOf(t, in, "SOV-1", "E5"), annStyleOf(t, f, "SOV-1", "E5"))
	})

	t.Run("template features kept", func(t *testing.T) {
		// Sheet-scoped names still name their sheet after the scorecard
		// was moved in front.
		var titles []string
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Titles" {
				titles = append(titles, dn.Scope+"="+dn.RefersTo)
			}
		}
		assert.Contains(t, titles, "SOV-1='SOV-1'!$4:$4")
		assert.Contains(t, titles, "SOV-8='SOV-8'!$4:$4")
		dvIn, err := in.GetDataValidations("SOV-3")
		require.NoError(t, err)
		dvOut, err := f.GetDataValidations("SOV-3")
		require.NoError(t, err)
		assert.Equal(t, dvIn, dvOut)
		parts := annParts(t, out)
		for _, s := range []string{ScorecardSheet, "SOV-1", CoverSheet, AnnotationsSheet} {
			assert.Contains(t, annSheetXML(t, f, parts, s), "<sheetProtection", s)
		}
		for name, p := range parts {
			if strings.HasPrefix(name, "xl/worksheets/") {
				assert.NotContains(t, p, "<f>", "%s: no formula", name)
			}
		}
		props, err := f.GetDocProps()
		require.NoError(t, err)
		assert.Equal(t, "2026-06-20T09:30:00Z", props.Created)
		assert.Equal(t, "2026-06-20T09:30:00Z", props.Modified)
		assert.Equal(t, "Cloud Sovereignty Framework assessment", props.Title)
	})

	t.Run("reader scores the annotated workbook alike", func(t *testing.T) {
		_, r2 := annScore(t, out)
		annAssertSameResult(t, fx.res, r2)
	})
}

// annAssertSameResult compares what a re-read must not change.
func annAssertSameResult(t *testing.T, want, got *scoring.Result) {
	t.Helper()
	assert.Equal(t, want.Score, got.Score)
	assert.Equal(t, want.SEAL, got.SEAL)
	assert.Equal(t, want.Eligible, got.Eligible)
	assert.Equal(t, want.Issues, got.Issues)
	assert.Equal(t, want.Provider, got.Provider)
	for i := range want.Objectives {
		assert.Equal(t, want.Objectives[i].SEAL, got.Objectives[i].SEAL)
		assert.Equal(t, want.Objectives[i].Points, got.Objectives[i].Points)
	}
	for i := range want.Factors {
		assert.Equal(t, want.Factors[i].Entry, got.Factors[i].Entry)
	}
}

// annEdit changes a template-made workbook before it is scored.
type annEdit func(t *testing.T, f *excelize.File)

func annEdited(t *testing.T, data []byte, edit annEdit) []byte {
	t.Helper()
	if edit == nil {
		return data
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	edit(t, f)
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

// TestWriteAnnotatedIdempotent annotates, re-reads and re-annotates
// workbooks of several shapes: the second output equals the first, byte
// for byte, and the result read back equals the first.
func TestWriteAnnotatedIdempotent(t *testing.T) {
	fw := scoring.Default()
	cases := []struct {
		name string
		edit annEdit
	}{
		{"template with problems", nil},
		{"assessor notes kept", func(t *testing.T, f *excelize.File) {
			require.NoError(t, f.AddComment("SOV-1", excelize.Comment{Cell: "E6", Author: "Assessor", Text: "asked the provider"}))
			require.NoError(t, f.AddComment("SOV-1", excelize.Comment{Cell: "F5", Author: "Assessor", Text: "fine"}))
		}},
		{"missing sheet and provider", func(t *testing.T, f *excelize.File) {
			require.NoError(t, f.DeleteSheet("SOV-8"))
			require.NoError(t, f.SetCellStr(CoverSheet, "B4", ""))
		}},
		{"missing factor row and extra column", func(t *testing.T, f *excelize.File) {
			require.NoError(t, f.SetCellStr("SOV-4", "A6", "note"))
			require.NoError(t, f.SetCellStr("SOV-4", "H4", "Reviewer"))
			require.NoError(t, f.SetCellStr("SOV-4", "H5", "checked"))
		}},
		{"provider name is a formula text", func(t *testing.T, f *excelize.File) {
			require.NoError(t, f.SetCellStr(CoverSheet, "B4", `=HYPERLINK("http://x")`))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteTemplate(&buf, fw, annAssessment(fw)))
			input := annEdited(t, buf.Bytes(), c.edit)
			b1, r1 := annScore(t, input)
			out1 := annotateBytes(t, b1, r1)

			b2, r2 := annScore(t, out1)
			annAssertSameResult(t, r1, r2)
			out2 := annotateBytes(t, b2, r2)
			assert.True(t, bytes.Equal(out1, out2), "re-annotation changed parts: %v", annDiff(t, out1, out2))

			f := annOpen(t, out2)
			for _, sheet := range f.GetSheetList() {
				comments, err := f.GetComments(sheet)
				require.NoError(t, err)
				seen := map[string]bool{}
				for _, cm := range comments {
					assert.False(t, seen[cm.Cell], "%s!%s: two notes", sheet, cm.Cell)
					seen[cm.Cell] = true
				}
				rows, err := f.GetRows(sheet)
				require.NoError(t, err)
				n := 0
				for _, row := range rows {
					for _, v := range row {
						if v == HeaderCheck {
							n++
						}
					}
				}
				assert.LessOrEqual(t, n, 1, "%s: one Check column", sheet)
			}
		})
	}
}

// TestWriteAnnotatedUndo fixes the problems in an annotated workbook and
// annotates it again: the highlights, notes and grown rows go, and the
// assessor's own note comes back alone.
func TestWriteAnnotatedUndo(t *testing.T) {
	fw := scoring.Default()
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, fw, annAssessment(fw)))
	input := annEdited(t, buf.Bytes(), func(t *testing.T, f *excelize.File) {
		require.NoError(t, f.AddComment("SOV-1", excelize.Comment{Cell: "E6", Author: "Assessor", Text: "asked the provider"}))
	})
	in := annOpen(t, input)
	b1, r1 := annScore(t, input)
	out1 := annotateBytes(t, b1, r1)

	f1 := annOpen(t, out1)
	comments, err := f1.GetComments("SOV-1")
	require.NoError(t, err)
	require.Len(t, comments, 1)
	assert.True(t, strings.HasPrefix(annCommentText(comments[0]), "asked the provider\n\nError: confidence-invalid"))

	// The assessor fixes SOV-1.2 and SOV-5.1 in the annotated workbook.
	fixed := annEdited(t, out1, func(t *testing.T, f *excelize.File) {
		require.NoError(t, f.SetCellStr("SOV-1", "E6", "high"))
		require.NoError(t, f.SetCellStr("SOV-5", "F5", "Because."))
		require.NoError(t, f.SetCellStr("SOV-5", "G5", "https://nimbus.example/doc/25"))
	})
	b2, r2 := annScore(t, fixed)
	assert.Equal(t, r1.Issues.Errors()-1, r2.Issues.Errors())
	f2 := annOpen(t, annotateBytes(t, b2, r2))

	cases := []struct {
		sheet, cell string
		note        string
	}{
		{"SOV-1", "E6", "asked the provider"},
		{"SOV-5", "F5", ""},
		{"SOV-5", "G5", ""},
	}
	for _, c := range cases {
		assert.Equal(t, annStyleOf(t, in, c.sheet, c.cell), annStyleOf(t, f2, c.sheet, c.cell), "%s!%s: style restored", c.sheet, c.cell)
		comments, err := f2.GetComments(c.sheet)
		require.NoError(t, err)
		var notes []excelize.Comment
		for _, cm := range comments {
			if cm.Cell == c.cell {
				notes = append(notes, cm)
			}
		}
		if c.note == "" {
			assert.Empty(t, notes, "%s!%s", c.sheet, c.cell)
			continue
		}
		require.Len(t, notes, 1, "%s!%s", c.sheet, c.cell)
		assert.Equal(t, "Assessor", notes[0].Author)
		assert.Equal(t, c.note, annCommentText(notes[0]))
	}
	for _, row := range []struct {
		sheet string
		row   int
	}{{"SOV-1", 6}, {"SOV-5", 5}} {
		check, err := f2.GetCellValue(row.sheet, tplCell(len(Headers)+3, row.row))
		require.NoError(t, err)
		assert.Equal(t, "OK", check)
		want, err := in.GetRowHeight(row.sheet, row.row)
		require.NoError(t, err)
		got, err := f2.GetRowHeight(row.sheet, row.row)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%s row %d height restored", row.sheet, row.row)
	}
}

// TestWriteAnnotatedRenumberedNoteParts re-annotates a workbook whose note
// parts are not numbered after their drawings, as LibreOffice saves them:
// the notes must still go to their own sheets.
func TestWriteAnnotatedRenumberedNoteParts(t *testing.T) {
	fx := newAnnFixture(t, annAssessment(scoring.Default()))
	out1 := annotateBytes(t, fx.book, fx.res)

	// Swap the note parts of the first two sheets with notes.
	parts := annParts(t, out1)
	relsOf := map[string]string{} // comments part -> sheet rels part
	for name, p := range parts {
		if m := regexp.MustCompile(`Target="\.\./(comments\d+\.xml)"`).FindStringSubmatch(p); m != nil && strings.HasPrefix(name, "xl/worksheets/_rels/") {
			relsOf["xl/"+m[1]] = name
		}
	}
	require.Contains(t, relsOf, "xl/comments1.xml")
	require.Contains(t, relsOf, "xl/comments2.xml")
	swap := map[string]string{"xl/comments1.xml": "xl/comments2.xml", "xl/comments2.xml": "xl/comments1.xml"}
	for _, name := range []string{relsOf["xl/comments1.xml"], relsOf["xl/comments2.xml"]} {
		p := parts[name]
		p = strings.Replace(p, "../comments1.xml", "../commentsX.xml", 1)
		p = strings.Replace(p, "../comments2.xml", "../comments1.xml", 1)
		parts[name] = strings.Replace(p, "../commentsX.xml", "../comments2.xml", 1)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zr, err := zip.NewReader(bytes.NewReader(out1), int64(len(out1)))
	require.NoError(t, err)
	for _, zf := range zr.File {
		name := zf.Name
		w, err := zw.Create(name)
		require.NoError(t, err)
		if to, ok := swap[name]; ok {
			name = to // the content of the other part under this name
		}
		_, err = io.WriteString(w, parts[name])
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())

	b, r := annScore(t, buf.Bytes())
	out2 := annotateBytes(t, b, r)
	f := annOpen(t, out2)
	for _, is := range r.Issues {
		if is.Cell == "" {
			continue
		}
		comments, err := f.GetComments(is.Sheet)
		require.NoError(t, err)
		n := 0
		for _, cm := range comments {
			if cm.Cell == is.Cell && strings.Contains(annCommentText(cm), is.Code) {
				n++
			}
		}
		assert.Equal(t, 1, n, "%s: one note with %s", is.Location(), is.Code)
	}
	// Renamed back, the parts are those of the first annotation; only the
	// order of the content type entries differs.
	assert.Equal(t, []string{"differs: [Content_Types].xml"}, annDiff(t, out1, out2))
	overrides := func(data []byte) []string {
		return regexp.MustCompile(`<Override [^>]*>`).FindAllString(annParts(t, data)["[Content_Types].xml"], -1)
	}
	assert.ElementsMatch(t, overrides(out1), overrides(out2))
}

// TestWriteAnnotatedTwiceInMemory annotates the same open book twice. The
// fixture avoids "_xHHHH_" texts: excelize v2.11.1 indexes such shared
// strings under their escaped form, so the second annotation would add a
// duplicate (unused) shared string; the sheets themselves are equal.
func TestWriteAnnotatedTwiceInMemory(t *testing.T) {
	a := annAssessment(scoring.Default())
	for i := range a.Factors {
		if a.Factors[i].ID == "SOV-1.2" {
			a.Factors[i].Confidence.Text = "sure"
		}
	}
	fx := newAnnFixture(t, a)
	out1 := annotateBytes(t, fx.book, fx.res)
	out2 := annotateBytes(t, fx.book, fx.res)
	assert.True(t, bytes.Equal(out1, out2), "parts differ: %v", annDiff(t, out1, out2))
}

func TestWriteAnnotatedDeterministic(t *testing.T) {
	fx := newAnnFixture(t, annAssessment(scoring.Default()))
	out1 := annotateBytes(t, fx.book, fx.res)
	b2, r2 := annScore(t, fx.input)
	out2 := annotateBytes(t, b2, r2)
	assert.True(t, bytes.Equal(out1, out2), "parts differ: %v", annDiff(t, out1, out2))

	// A different date changes only the document properties.
	b3, r3 := annScore(t, fx.input)
	var out3 bytes.Buffer
	require.NoError(t, b3.WriteAnnotated(&out3, r3, AnnotateOptions{Created: annCreated.Add(24 * time.Hour), ToolVersion: "1.2.3"}))
	assert.ElementsMatch(t, []string{"differs: docProps/core.xml", "differs: xl/sharedStrings.xml"}, annDiff(t, out1, out3.Bytes()))
}

func TestWriteAnnotatedErrors(t *testing.T) {
	fx := newAnnFixture(t, annAssessment(scoring.Default()))
	cases := []struct {
		name string
		book *Book
		res  *scoring.Result
		want string
	}{
		{"no book", nil, fx.res, "no open workbook"},
		{"no result", fx.book, nil, "no result"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.book.WriteAnnotated(io.Discard, c.res, AnnotateOptions{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("foreign Scorecard sheet", func(t *testing.T) {
		input := annEdited(t, fx.input, func(t *testing.T, f *excelize.File) {
			_, err := f.NewSheet(ScorecardSheet)
			require.NoError(t, err)
			require.NoError(t, f.SetCellStr(ScorecardSheet, "A1", "my own notes"))
		})
		b, r := annScore(t, input)
		err := b.WriteAnnotated(io.Discard, r, AnnotateOptions{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "rename it")
	})
}

// TestWriteAnnotatedWithoutStyles annotates workbooks whose style sheet is
// missing, empty or without fonts, which excelize reads without a word and
// then panics on: annotating fails with a message that says what to do,
// and the workbook is still read and scored.
func TestWriteAnnotatedWithoutStyles(t *testing.T) {
	fx := newAnnFixture(t, annAssessment(scoring.Default()))
	const styles = "xl/styles.xml"
	withoutStyles := func(t *testing.T) []byte {
		var parts []zpart
		for _, p := range readParts(t, fx.input) {
			switch p.name {
			case styles:
				continue
			case "[Content_Types].xml":
				p.body = regexp.MustCompile(`<Override PartName="/xl/styles.xml"[^>]*/>`).ReplaceAll(p.body, nil)
			case "xl/_rels/workbook.xml.rels":
				p.body = regexp.MustCompile(`<Relationship [^>]*Target="styles.xml"[^>]*/>`).ReplaceAll(p.body, nil)
			}
			parts = append(parts, p)
		}
		return writeParts(t, parts)
	}
	styleSheet := func(body string) func(t *testing.T) []byte {
		return func(t *testing.T) []byte {
			return editPart(t, fx.input, styles, func(string) string { return body })
		}
	}
	cases := []struct {
		name  string
		input func(t *testing.T) []byte
	}{
		{"no styles part", withoutStyles},
		{"empty styles part", styleSheet("")},
		{"empty style sheet", styleSheet(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`)},
		{"no fonts", styleSheet(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>` +
			`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>`)},
		{"default font without a name", styleSheet(`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<fonts count="1"><font><sz val="11"/></font></fonts>` +
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>` +
			`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			input := c.input(t)
			b, r := annScore(t, input)
			assert.Equal(t, fx.res.Score, r.Score, "read and scored as with styles")
			var out bytes.Buffer
			err := b.WriteAnnotated(&out, r, AnnotateOptions{Created: annCreated})
			var ae *AnnotateError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, ae.Message, err.Error())
			assert.Contains(t, err.Error(), "xl/styles.xml")
			assert.Contains(t, err.Error(), "save it again")
			annAssertUserMessage(t, err.Error())
		})
	}
}

// TestWriteAnnotatedPanicIsError: a panic while annotating (here from a
// result that lacks an objective) becomes an *AnnotateError for the user,
// with the panic kept for maintainers.
func TestWriteAnnotatedPanicIsError(t *testing.T) {
	fx := newAnnFixture(t, annAssessment(scoring.Default()))
	broken := *fx.res
	broken.Objectives = append([]scoring.ObjectiveResult(nil), fx.res.Objectives...)
	broken.Objectives[0].Objective = nil
	err := fx.book.WriteAnnotated(io.Discard, &broken, AnnotateOptions{Created: annCreated})
	var ae *AnnotateError
	require.ErrorAs(t, err, &ae)
	assert.Contains(t, err.Error(), "save it again")
	annAssertUserMessage(t, err.Error())
	assert.Contains(t, ae.Err.Error(), "panic: ", "the cause is kept")
	assert.Contains(t, ae.Err.Error(), "scorecard", "with its stack")
}

// annAssertUserMessage checks that a message names nothing of the code:
// no Go type, package, file or runtime error.
func annAssertUserMessage(t *testing.T, msg string) {
	t.Helper()
	for _, internal := range []string{"panic", "runtime error", "nil pointer", "excelize", ".go", "*", "goroutine", "annotate:"} {
		assert.NotContains(t, msg, internal)
	}
}

// annDiff names the parts that differ between two xlsx files.
func annDiff(t testing.TB, x, y []byte) []string {
	t.Helper()
	px, py := annParts(t, x), annParts(t, y)
	var diff []string
	for name, v := range px {
		if w, ok := py[name]; !ok {
			diff = append(diff, "only in first: "+name)
		} else if v != w {
			diff = append(diff, "differs: "+name)
		}
	}
	for name := range py {
		if _, ok := px[name]; !ok {
			diff = append(diff, "only in second: "+name)
		}
	}
	return diff
}

// TestLibreOfficeRendersOutputs converts an annotated workbook and a
// summary to PDF with LibreOffice, when it is installed. Set
// SOVSCORE_RENDER_DIR to keep the PDFs and look at them
// (pdftoppm -png -r 60).
func TestLibreOfficeRendersOutputs(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil || testing.Short() {
		t.Skip("soffice not installed, or -short")
	}
	dir := os.Getenv("SOVSCORE_RENDER_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	fx := newAnnFixture(t, annAssessment(scoring.Default()))
	ann := filepath.Join(dir, "annotated.xlsx")
	require.NoError(t, os.WriteFile(ann, annotateBytes(t, fx.book, fx.res), 0o644))
	var sum bytes.Buffer
	require.NoError(t, WriteSummary(&sum, sumResults(t), SummaryOptions{Created: annCreated, ToolVersion: "1.2.3"}))
	sumPath := filepath.Join(dir, "summary.xlsx")
	require.NoError(t, os.WriteFile(sumPath, sum.Bytes(), 0o644))

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := "file://" + filepath.ToSlash(t.TempDir())
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless",
		"--convert-to", "pdf", "--outdir", dir, ann, sumPath)
	outp, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", outp)
	pages := regexp.MustCompile(`/Type\s*/Page[^s]`)
	for _, name := range []string{"annotated.pdf", "summary.pdf"} {
		pdf, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err, "%s\n%s", name, outp)
		assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-")), name)
		assert.GreaterOrEqual(t, len(pages.FindAll(pdf, -1)), 4, name)
	}

	// The assessor opens the annotated workbook in LibreOffice, fixes two
	// problems and saves it; sovscore annotates it again. LibreOffice
	// renumbers styles and note parts, and drops the theme.
	rt := filepath.Join(dir, "roundtrip")
	cmd = exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile, "--headless",
		"--convert-to", "xlsx", "--outdir", rt, ann)
	outp, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", outp)
	saved, err := os.ReadFile(filepath.Join(rt, "annotated.xlsx"))
	require.NoError(t, err, "%s", outp)
	fixed := annEdited(t, saved, func(t *testing.T, f *excelize.File) {
		require.NoError(t, f.SetCellStr("SOV-1", "E6", "high"))
		require.NoError(t, f.SetCellStr("SOV-5", "F5", "Because."))
	})
	b, r := annScore(t, fixed)
	assert.Equal(t, len(fx.res.Issues)-2, len(r.Issues), r.Issues)
	out := annotateBytes(t, b, r)
	require.NoError(t, os.WriteFile(filepath.Join(rt, "reannotated.xlsx"), out, 0o644))
	f := annOpen(t, out)
	sheets := f.GetSheetList()
	assert.Equal(t, ScorecardSheet, sheets[0])
	assert.Equal(t, AnnotationsSheet, sheets[len(sheets)-1])
	want := map[string]string{} // sheet!cell -> code
	for _, is := range r.Issues {
		if is.Cell != "" {
			want[is.Sheet+"!"+is.Cell] = is.Code
		}
	}
	got := map[string]string{}
	for _, sheet := range sheets {
		comments, err := f.GetComments(sheet)
		require.NoError(t, err)
		for _, cm := range comments {
			k := sheet + "!" + cm.Cell
			assert.NotContains(t, got, k, "one note per cell")
			got[k] = annCommentText(cm)
		}
	}
	assert.Len(t, got, len(want))
	for k, code := range want {
		assert.Contains(t, got[k], code, k)
	}
	cases := []struct{ sheet, cell, fill string }{
		{"SOV-1", "E6", "FF" + colorInput}, // fixed: the template's input fill is back
		{"SOV-5", "F5", "FF" + colorInput},
		{"SOV-2", "D5", "FF" + annErrorFill},
		{"SOV-5", "G5", "FF" + annWarnFill},
	}
	for _, c := range cases {
		assert.Equal(t, c.fill, annRawFill(t, f, c.sheet, c.cell), "%s!%s", c.sheet, c.cell)
	}
	check, err := f.GetCellValue("SOV-1", tplCell(len(Headers)+3, 6))
	require.NoError(t, err)
	assert.Equal(t, "OK", check)
}

// annRawFill returns the fill colour of a cell as stored. GetStyle cannot
// tell it in a workbook without a theme, which LibreOffice does not write.
func annRawFill(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	_, err = f.GetStyle(id) // parses the styles
	require.NoError(t, err)
	xf := f.Styles.CellXfs.Xf[id]
	require.NotNil(t, xf.FillID)
	pf := f.Styles.Fills.Fill[*xf.FillID].PatternFill
	if pf == nil || pf.FgColor == nil {
		return ""
	}
	return strings.ToUpper(pf.FgColor.RGB)
}

// TestReaderLayoutMatchesScan checks that the layout the reader records,
// which spares the annotator a second scan of each sheet, gives the header
// row and last used column a scan of the sheet gives, for every row bound,
// with content right of the table on some rows and none on others.
func TestReaderLayoutMatchesScan(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, scoring.Default(), annAssessment(scoring.Default())))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	// A remark far right of one factor row, one right of the header, and
	// one below the last factor.
	require.NoError(t, f.SetCellStr("SOV-2", "M7", "ask the vendor"))
	require.NoError(t, f.SetCellStr("SOV-3", "K4", "reviewer"))
	require.NoError(t, f.SetCellStr("SOV-4", "P40", "footnote"))
	var edited bytes.Buffer
	require.NoError(t, f.Write(&edited))
	require.NoError(t, f.Close())

	b, _ := annScore(t, edited.Bytes())
	require.Len(t, b.layouts, 8, "one layout per objective sheet")
	a := &annotator{f: b.File}
	for sheet, l := range b.layouts {
		for _, maxRow := range []int{0, l.headerRow, 6, 7, 8, 12, 39, 40, 100} {
			want, err := a.findHeader(sheet, maxRow)
			require.NoError(t, err)
			require.NotNil(t, want, sheet)
			assert.Equal(t, want.row, l.headerRow, "%s header row", sheet)
			assert.Equal(t, want.cells, l.header, "%s header cells", sheet)
			assert.Equal(t, want.last, l.lastColumn(max(maxRow, l.headerRow)), "%s last column up to row %d", sheet, maxRow)
		}
	}
}

// TestWriteAnnotatedSelection starts from a workbook saved with a group of
// selected sheets (SOV-3 active, Guide and SOV-5 selected with it) and a
// print area scoped to SOV-5: the annotated workbook opens on the
// Scorecard, the only selected tab, and the print area still belongs to
// SOV-5 although every sheet moved one place.
func TestWriteAnnotatedSelection(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, scoring.Default(), annAssessment(scoring.Default())))
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	sov3, err := f.GetSheetIndex("SOV-3")
	require.NoError(t, err)
	f.SetActiveSheet(sov3)
	require.NoError(t, f.GroupSheets([]string{"SOV-3", GuideSheet, "SOV-5"}))
	require.NoError(t, f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "'SOV-5'!$A$1:$H$20", Scope: "SOV-5"}))
	var edited bytes.Buffer
	require.NoError(t, f.Write(&edited))
	require.NoError(t, f.Close())

	b, r := annScore(t, edited.Bytes())
	annotated := annotateBytes(t, b, r)
	out := annOpen(t, annotated)
	assert.Equal(t, ScorecardSheet, out.GetSheetName(out.GetActiveSheetIndex()))
	assert.Equal(t, ScorecardSheet, out.GetSheetName(0))

	parts := map[string][]byte{}
	zr, err := zip.NewReader(bytes.NewReader(annotated), int64(len(annotated)))
	require.NoError(t, err)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		parts[zf.Name], err = io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
	}
	selected := 0
	for _, p := range sheetParts(out) {
		if regexp.MustCompile(`tabSelected="(1|true)"`).Match(parts[p.path]) {
			selected++
			assert.Equal(t, ScorecardSheet, p.name, "only the Scorecard tab is selected")
		}
	}
	assert.Equal(t, 1, selected)

	names := out.GetDefinedName()
	var found bool
	for _, dn := range names {
		if dn.Name == "_xlnm.Print_Area" {
			found = true
			assert.Equal(t, "SOV-5", dn.Scope)
		}
	}
	assert.True(t, found, "print area kept: %v", names)
}
