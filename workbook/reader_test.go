package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook/cover"
)

// filledAssessment answers every factor with varied but valid texts, in
// every accepted form, with awkward content (Unicode, newlines, a leading =).
func filledAssessment(fw *scoring.Framework) *scoring.Assessment {
	a := &scoring.Assessment{}
	a.Provider.Name.Text = "Łódź Data Sp. z o.o."
	a.Provider.Service.Text = "Object storage, région Paris"
	a.Provider.Assessor.Text = "Élodie Mårtensson"
	a.Provider.Date.Text = "2026-06-15"
	a.Provider.Hosting.Text = "Own datacentres"
	a.Provider.HostingQualifications.Text = "SecNumCloud 3.2"
	a.Provider.Notes.Text = "=not a formula\nsecond line"
	confs := []string{"high", "medium", "low"}
	for i, f := range fw.Factors() {
		ans := f.Answers[i%len(f.Answers)]
		text := ans.Display()
		switch i % 3 {
		case 1:
			text = fmt.Sprint(ans.Number)
		case 2:
			text = fmt.Sprintf("%d. paraphrase of the answer", ans.Number)
		}
		a.Factors = append(a.Factors, scoring.FactorEntry{ID: f.ID,
			Answer:        scoring.EntryCell{Text: text},
			Confidence:    scoring.EntryCell{Text: confs[i%3]},
			Justification: scoring.EntryCell{Text: fmt.Sprintf("Because %s (src: https://p.example/%d).\nSecond line.", f.Name, i)},
			Sources:       scoring.EntryCell{Text: fmt.Sprintf("https://p.example/a%d\nhttps://p.example/b%d", i, i)},
		})
	}
	return a
}

func templateBytes(t testing.TB, fw *scoring.Framework, a *scoring.Assessment) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteTemplate(&buf, fw, a))
	return buf.Bytes()
}

func openBook(t testing.TB, data []byte) *Book {
	t.Helper()
	b, err := OpenBytes(data, "test.xlsx", scoring.Default(), ReadOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { b.Close() })
	return b
}

// rewrite opens a workbook, lets edit change it, and returns the new bytes.
func rewrite(t testing.TB, data []byte, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	require.NoError(t, err)
	defer f.Close()
	edit(f)
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	fw := scoring.Default()
	want := filledAssessment(fw)
	b := openBook(t, templateBytes(t, fw, want))
	got := b.Assessment

	assert.Empty(t, got.Issues)
	for _, p := range []struct{ w, g scoring.Field }{
		{want.Provider.Name, got.Provider.Name}, {want.Provider.Service, got.Provider.Service},
		{want.Provider.Assessor, got.Provider.Assessor}, {want.Provider.Date, got.Provider.Date},
		{want.Provider.Hosting, got.Provider.Hosting}, {want.Provider.HostingQualifications, got.Provider.HostingQualifications},
		{want.Provider.Notes, got.Provider.Notes},
	} {
		assert.Equal(t, p.w.Text, p.g.Text)
		assert.Equal(t, CoverSheet, p.g.Loc.Sheet)
	}
	assert.Equal(t, fw.Version, got.Provider.FrameworkVersion.Text)
	require.Len(t, got.Factors, 48)
	for i, w := range want.Factors {
		g := got.Factors[i]
		assert.Equal(t, w.ID, g.ID)
		assert.Equal(t, w.Answer.Text, g.Answer.Text, w.ID)
		assert.Equal(t, w.Confidence.Text, g.Confidence.Text, w.ID)
		assert.Equal(t, w.Justification.Text, g.Justification.Text, w.ID)
		assert.Equal(t, w.Sources.Text, g.Sources.Text, w.ID)
		// Every location points at the cell that holds the value.
		for _, c := range []scoring.EntryCell{g.Answer, g.Confidence, g.Justification, g.Sources} {
			loc := g.Loc(c)
			v, err := b.File.GetCellValue(loc.Sheet, loc.Cell)
			require.NoError(t, err)
			assert.Equal(t, c.Text, v, "%s %s!%s", w.ID, loc.Sheet, loc.Cell)
		}
		assert.Equal(t, fw.Factors()[i].Objective.ID, g.Row.Sheet)
	}
	// Nothing written from the workbook became a formula.
	fm, err := b.File.GetCellFormula(got.Provider.Notes.Loc.Sheet, got.Provider.Notes.Loc.Cell)
	require.NoError(t, err)
	assert.Empty(t, fm)

	r := scoring.Evaluate(fw, got, mustDefaultProfile(t))
	assert.True(t, r.Complete)
	assert.Zero(t, r.Issues.Errors(), r.Issues)
}

func mustDefaultProfile(t testing.TB) *scoring.Profile {
	p, err := scoring.Default().ResolveProfile("")
	require.NoError(t, err)
	return p
}

// TestLayoutChangesDoNotMatter: inserted, reordered and extra columns,
// blank rows and extra sheets must not change what is read.
func TestLayoutChangesDoNotMatter(t *testing.T) {
	fw := scoring.Default()
	want := filledAssessment(fw)
	base := templateBytes(t, fw, want)
	data := rewrite(t, base, func(f *excelize.File) {
		for _, o := range fw.Objectives {
			require.NoError(t, f.InsertCols(o.ID, "A", 2))            // two new columns before everything
			require.NoError(t, f.InsertRows(o.ID, 7, 3))              // blank rows between factor rows
			require.NoError(t, f.SetCellStr(o.ID, "A7", "comment"))   // stray content in a new column
			require.NoError(t, f.SetCellStr(o.ID, "C7", "Sub-total")) // a non-ID text in the ID column
		}
		_, err := f.NewSheet("My notes")
		require.NoError(t, err)
		require.NoError(t, f.SetCellStr("My notes", "A1", "SOV-1.1"))
		// Swap Justification and Sources headers and contents on SOV-2.
		cols, err := f.GetCols("SOV-2")
		require.NoError(t, err)
		var j, s int
		for i, c := range cols {
			for _, v := range c {
				switch v {
				case HeaderJustification:
					j = i
				case HeaderSources:
					s = i
				}
			}
		}
		for r := range cols[j] {
			jc, _ := excelize.CoordinatesToCellName(j+1, r+1)
			sc, _ := excelize.CoordinatesToCellName(s+1, r+1)
			jv, sv := cols[j][r], ""
			if r < len(cols[s]) {
				sv = cols[s][r]
			}
			require.NoError(t, f.SetCellStr("SOV-2", jc, sv))
			require.NoError(t, f.SetCellStr("SOV-2", sc, jv))
		}
	})
	got := openBook(t, data).Assessment
	assert.Empty(t, got.Issues)
	require.Len(t, got.Factors, 48)
	for i, w := range want.Factors {
		g := got.Factors[i]
		assert.Equal(t, w.Answer.Text, g.Answer.Text, w.ID)
		assert.Equal(t, w.Justification.Text, g.Justification.Text, w.ID)
		assert.Equal(t, w.Sources.Text, g.Sources.Text, w.ID)
	}
}

// TestStructureProblems: each broken structure gives its code at the
// location it must name, and the rest of the workbook is still read.
func TestStructureProblems(t *testing.T) {
	fw := scoring.Default()
	base := templateBytes(t, fw, filledAssessment(fw))
	find := func(f *excelize.File, sheet, value string) string {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		for r, row := range rows {
			for c, v := range row {
				if v == value {
					n, _ := excelize.CoordinatesToCellName(c+1, r+1)
					return n
				}
			}
		}
		t.Fatalf("%s not found on %s", value, sheet)
		return ""
	}
	rowOf := func(cell string) int { _, r, _ := excelize.CellNameToCoordinates(cell); return r }
	tests := []struct {
		name     string
		edit     func(f *excelize.File)
		code     string
		sheet    string
		cell     string
		inMsg    string
		factors  int
		severity scoring.Severity
	}{
		{"sheet missing", func(f *excelize.File) { require.NoError(t, f.DeleteSheet("SOV-3")) },
			scoring.CodeSheetMissing, "SOV-3", "", "5 factors are unanswered", 43, scoring.Error},
		{"sheet renamed with suffix", func(f *excelize.File) { require.NoError(t, f.SetSheetName("SOV-4", "SOV-4 Operational")) },
			scoring.CodeSheetMissing, "SOV-4 Operational", "", "was read", 48, scoring.Warning},
		{"sheet renamed away", func(f *excelize.File) { require.NoError(t, f.SetSheetName("SOV-4", "Operations")) },
			scoring.CodeSheetMissing, "SOV-4", "", "missing", 42, scoring.Error},
		{"sheet duplicated", func(f *excelize.File) {
			idx, err := f.NewSheet("SOV-5 (2)")
			require.NoError(t, err)
			src, _ := f.GetSheetIndex("SOV-5")
			require.NoError(t, f.CopySheet(src, idx))
		}, scoring.CodeSheetDuplicate, "SOV-5 (2)", "", "both claim SOV-5", 48, scoring.Error},
		{"factor row missing", func(f *excelize.File) {
			require.NoError(t, f.RemoveRow("SOV-6", rowOf(find(f, "SOV-6", "SOV-6.3"))))
		}, scoring.CodeFactorMissing, "SOV-6", "", "SOV-6.3", 47, scoring.Error},
		{"factor row duplicated", func(f *excelize.File) {
			c := find(f, "SOV-7", "SOV-7.1")
			require.NoError(t, f.SetCellStr("SOV-7", c, "SOV-7.2"))
		}, scoring.CodeFactorMissing, "SOV-7", "", "SOV-7.1", 47, scoring.Error},
		{"duplicate row reported on its ID cell", func(f *excelize.File) {
			c := find(f, "SOV-7", "SOV-7.3")
			require.NoError(t, f.SetCellStr("SOV-7", c, "SOV-7.2"))
		}, scoring.CodeFactorDuplicate, "SOV-7", "A7", "appears twice", 47, scoring.Error},
		{"unknown factor ID", func(f *excelize.File) {
			require.NoError(t, f.SetCellStr("SOV-8", find(f, "SOV-8", "SOV-8.4"), "SOV-8.9"))
		}, scoring.CodeFactorUnknown, "SOV-8", "A8", "SOV-8.9", 47, scoring.Error},
		{"answer without ID", func(f *excelize.File) {
			require.NoError(t, f.SetCellStr("SOV-8", find(f, "SOV-8", "SOV-8.4"), ""))
		}, scoring.CodeFactorUnknown, "SOV-8", "D8", "no factor ID", 47, scoring.Error},
		{"header column missing", func(f *excelize.File) {
			col, _, _ := excelize.CellNameToCoordinates(find(f, "SOV-1", HeaderConfidence))
			name, _ := excelize.ColumnNumberToName(col)
			require.NoError(t, f.RemoveCol("SOV-1", name))
		}, scoring.CodeColumnMissing, "SOV-1", "A4", "Confidence", 48, scoring.Error},
		{"answer column missing", func(f *excelize.File) {
			col, _, _ := excelize.CellNameToCoordinates(find(f, "SOV-2", HeaderAnswer))
			name, _ := excelize.ColumnNumberToName(col)
			require.NoError(t, f.RemoveCol("SOV-2", name))
		}, scoring.CodeColumnMissing, "SOV-2", "A4", `no "Answer" column`, 42, scoring.Error},
		{"cover missing", func(f *excelize.File) { require.NoError(t, f.DeleteSheet(CoverSheet)) },
			scoring.CodeSheetMissing, CoverSheet, "", "provider name", 48, scoring.Error},
		{"merged over answer", func(f *excelize.File) {
			c := find(f, "SOV-3", "SOV-3.2")
			r := rowOf(c)
			require.NoError(t, f.MergeCell("SOV-3", fmt.Sprintf("C%d", r), fmt.Sprintf("D%d", r)))
		}, scoring.CodeCellUnreadable, "SOV-3", "D6", "merged range C6:D6", 48, scoring.Error},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := openBook(t, rewrite(t, base, tt.edit)).Assessment
			var hit *scoring.Issue
			for i := range a.Issues {
				if a.Issues[i].Code == tt.code && a.Issues[i].Sheet == tt.sheet {
					hit = &a.Issues[i]
					break
				}
			}
			require.NotNil(t, hit, "want %s on %s, got %v", tt.code, tt.sheet, a.Issues)
			assert.Equal(t, tt.cell, hit.Cell)
			assert.Equal(t, tt.severity, hit.Severity)
			assert.Contains(t, hit.Message, tt.inMsg)
			assert.Len(t, a.Factors, tt.factors)
		})
	}
}

func TestFormulaAnswer(t *testing.T) {
	fw := scoring.Default()
	data := rewrite(t, templateBytes(t, fw, filledAssessment(fw)), func(f *excelize.File) {
		require.NoError(t, f.SetCellFormula("SOV-1", "D5", `"4"`))
	})
	b := openBook(t, data)
	e, ok := b.Assessment.Entry("SOV-1.1")
	require.True(t, ok)
	assert.True(t, e.Answer.Formula)
	r := scoring.Evaluate(fw, b.Assessment, mustDefaultProfile(t))
	codes := map[string]bool{}
	for _, i := range r.Issues {
		if i.Cell == "D5" && i.Sheet == "SOV-1" {
			codes[i.Code] = true
		}
	}
	assert.True(t, codes[scoring.CodeFormula], r.Issues)
}

func TestNotAWorkbook(t *testing.T) {
	fw := scoring.Default()
	valid := templateBytes(t, fw, nil)
	noSOV := rewrite(t, valid, func(f *excelize.File) {
		for _, o := range fw.Objectives {
			require.NoError(t, f.DeleteSheet(o.ID))
		}
	})
	var encrypted bytes.Buffer
	{
		f, err := excelize.OpenReader(bytes.NewReader(valid))
		require.NoError(t, err)
		require.NoError(t, f.Write(&encrypted, excelize.Options{Password: "secret"}))
		f.Close()
	}
	tests := []struct {
		name  string
		data  []byte
		inMsg string
	}{
		{"empty", nil, "empty"},
		{"text", []byte("hello world\n"), "text file"},
		{"csv", []byte("ID,Answer,Confidence\nSOV-1.1,4,high\n"), "CSV"},
		{"truncated", valid[:len(valid)/2], "corrupt or truncated"},
		{"xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), ".xls"},
		{"encrypted", encrypted.Bytes(), "--password"},
		{"ods", append([]byte("PK\x03\x04"), []byte("\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet")...), ".ods"},
		{"pdf", []byte("%PDF-1.7\n..."), "PDF"},
		{"random", []byte{0x01, 0x02, 0x03, 0xff}, "not an xlsx"},
		{"no objective sheets", noSOV, "no objective sheets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenBytes(tt.data, "x.xlsx", fw, ReadOptions{})
			require.Error(t, err)
			var fe *FileError
			require.True(t, errors.As(err, &fe), "%T %v", err, err)
			assert.Equal(t, scoring.CodeFileUnreadable, fe.Code)
			assert.Contains(t, fe.Message, tt.inMsg)
			assert.ErrorIs(t, err, ErrNotWorkbook)
		})
	}
	// With the password the encrypted workbook opens.
	b, err := OpenBytes(encrypted.Bytes(), "x.xlsx", fw, ReadOptions{Password: "secret"})
	require.NoError(t, err)
	b.Close()
	_, err = OpenBytes(encrypted.Bytes(), "x.xlsx", fw, ReadOptions{Password: "wrong"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "password")
}

func TestOpenNamesFileAndHashes(t *testing.T) {
	fw := scoring.Default()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.xlsx")
	data := templateBytes(t, fw, filledAssessment(fw))
	require.NoError(t, os.WriteFile(p, data, 0o444))
	b, err := Open(p, fw, ReadOptions{})
	require.NoError(t, err)
	defer b.Close()
	assert.Len(t, b.Assessment.SHA256, 64)
	sum, err := FileDigest(p, 1<<30)
	require.NoError(t, err)
	assert.Equal(t, sum, b.Assessment.SHA256)

	_, err = Open(filepath.Join(dir, "missing.xlsx"), fw, ReadOptions{})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), filepath.Join(dir, "missing.xlsx")+": "))

	big := filepath.Join(dir, "big.xlsx")
	require.NoError(t, os.WriteFile(big, data, 0o644))
	_, err = Open(big, fw, ReadOptions{MaxFileSize: 1000})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "limit")
}

func TestCoverLocations(t *testing.T) {
	fw := scoring.Default()
	b := openBook(t, templateBytes(t, fw, nil))
	name := b.Assessment.Provider.Name
	label, err := b.File.GetCellValue(CoverSheet, "A"+name.Loc.Cell[1:])
	require.NoError(t, err)
	assert.Equal(t, cover.Provider, label)
	assert.Equal(t, "B", name.Loc.Cell[:1], "problems are reported on the value cell, not the label")
	r := scoring.Evaluate(fw, b.Assessment, mustDefaultProfile(t))
	var hit *scoring.Issue
	for i := range r.Issues {
		if r.Issues[i].Code == scoring.CodeProviderMissing {
			hit = &r.Issues[i]
		}
	}
	require.NotNil(t, hit)
	assert.Equal(t, name.Loc.Cell, hit.Cell)
	assert.Equal(t, 49, r.Issues.Errors(), "a blank template: 48 answers missing, and the provider")
}

// TestHiddenCells: values covered by a merged range (D5:D12 merged: Excel
// and LibreOffice show only D5) are scored but reported as cell-hidden,
// an error for answers, a warning for the other fields.
func TestHiddenCells(t *testing.T) {
	fw := scoring.Default()
	data := editSheet(t, templateBytes(t, fw, filledAssessment(fw)), "SOV-1", func(s string) string {
		return mustReplace(t, s, `<mergeCells count="1">`, `<mergeCells count="3"><mergeCell ref="D5:D12"/><mergeCell ref="E5:G6"/>`)
	})
	b := openBook(t, data)
	hidden := map[string]scoring.Issue{}
	for _, is := range b.Assessment.Issues {
		if is.Code == scoring.CodeCellHidden {
			hidden[is.Location()] = is
		}
	}
	want := map[string]scoring.Severity{"SOV-1!E6": scoring.Warning, "SOV-1!F5": scoring.Warning, "SOV-1!F6": scoring.Warning,
		"SOV-1!G5": scoring.Warning, "SOV-1!G6": scoring.Warning}
	for r := 6; r <= 12; r++ {
		want[fmt.Sprintf("SOV-1!D%d", r)] = scoring.Error
	}
	got := map[string]scoring.Severity{}
	for loc, is := range hidden {
		got[loc] = is.Severity
	}
	assert.Equal(t, want, got)
	is := hidden["SOV-1!D6"]
	assert.Equal(t, "SOV-1.2", is.Factor)
	assert.Contains(t, is.Message, "D6 holds an answer")
	assert.Contains(t, is.Message, "merged range D5:D12, so Excel and LibreOffice show only D5")
	e, ok := b.Assessment.Entry("SOV-1.2")
	require.True(t, ok)
	assert.NotEmpty(t, e.Answer.Text, "still scored")
	for _, is := range b.Assessment.Issues {
		assert.NotEqual(t, scoring.CodeCellUnreadable, is.Code, "a value is not unreadable: %v", is)
	}
}

// TestCoverDateCells: a date typed into Excel is a number in a date
// format; the reader gives scoring its day as YYYY-MM-DD whatever the
// format shows, and text as written.
func TestCoverDateCells(t *testing.T) {
	fw := scoring.Default()
	base := templateBytes(t, fw, filledAssessment(fw))
	custom := func(code string) func(f *excelize.File) (int, error) {
		return func(f *excelize.File) (int, error) { return f.NewStyle(&excelize.Style{CustomNumFmt: &code}) }
	}
	builtin := func(id int) func(f *excelize.File) (int, error) {
		return func(f *excelize.File) (int, error) { return f.NewStyle(&excelize.Style{NumFmt: id}) }
	}
	tests := []struct {
		name     string
		value    any // float64: a number; string: text
		style    func(f *excelize.File) (int, error)
		date1904 bool
		want     string // the cover's date text
		date     string // Summary.Date
		invalid  bool   // a date-invalid warning
	}{
		{"template format", 46096.0, custom("yyyy-mm-dd"), false, "2026-03-15", "2026-03-15", false},
		{"Excel short date (format 14)", 46096.0, builtin(14), false, "2026-03-15", "2026-03-15", false},
		{"day first, long month", 46096.0, custom(`d mmmm yyyy`), false, "2026-03-15", "2026-03-15", false},
		{"with a time of day", 46096.75, builtin(22), false, "2026-03-15", "2026-03-15", false},
		{"locale and colour codes", 46096.0, custom(`[$-fr-FR][Blue]dd/mm/yyyy`), false, "2026-03-15", "2026-03-15", false},
		{"1904 date system", 44634.0, custom("yyyy-mm-dd"), true, "2026-03-15", "2026-03-15", false},
		{"a number in General format", 46096.0, builtin(0), false, "46096", "", true},
		{"a time format is no date", 46096.5, builtin(20), false, "12:00", "", true},
		{"scientific notation is no date", 46096.0, custom("0.00E+00"), false, "4.61E+04", "", true},
		{"ISO text", "2026-03-15", builtin(0), false, "2026-03-15", "2026-03-15", false},
		{"day-first text", "15/03/2026", builtin(0), false, "15/03/2026", "2026-03-15", false},
		{"dotted text", "15.03.2026", builtin(0), false, "15.03.2026", "2026-03-15", false},
		{"two-digit year", "11/3/26", builtin(0), false, "11/3/26", "", true},
		{"month first", "03-15-26", builtin(0), false, "03-15-26", "", true},
		{"text in a date format", "2026-03-15", custom("yyyy-mm-dd"), false, "2026-03-15", "2026-03-15", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := rewrite(t, base, func(f *excelize.File) {
				if tt.date1904 {
					require.NoError(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &tt.date1904}))
				}
				cell := coverValueCell(t, f, cover.Date)
				switch v := tt.value.(type) {
				case float64:
					require.NoError(t, f.SetCellFloat(CoverSheet, cell, v, -1, 64))
				case string:
					require.NoError(t, f.SetCellStr(CoverSheet, cell, v))
				}
				st, err := tt.style(f)
				require.NoError(t, err)
				require.NoError(t, f.SetCellStyle(CoverSheet, cell, cell, st))
			})
			b := openBook(t, data)
			assert.Equal(t, tt.want, b.Assessment.Provider.Date.Text)
			r := scoring.Evaluate(fw, b.Assessment, mustDefaultProfile(t))
			assert.Equal(t, tt.date, r.Date)
			invalid := false
			for _, is := range r.Issues {
				if is.Code == scoring.CodeDateInvalid {
					invalid = true
					assert.Equal(t, b.Assessment.Provider.Date.Loc.Cell, is.Cell, "on the cell")
				}
			}
			assert.Equal(t, tt.invalid, invalid, r.Issues)
		})
	}
}

// coverValueCell is the cell right of a cover label.
func coverValueCell(t *testing.T, f *excelize.File, label string) string {
	t.Helper()
	rows, err := f.GetRows(CoverSheet)
	require.NoError(t, err)
	for i, row := range rows {
		if len(row) > 0 && row[0] == label {
			return tplCell(2, i+1)
		}
	}
	t.Fatalf("no %q on the cover", label)
	return ""
}
