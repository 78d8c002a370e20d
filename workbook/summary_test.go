package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/scoring"
)

// sumAssessment builds an assessment in memory, located as the template
// lays it out, with answers varied by seed so that SEAL levels differ.
// Every seventh factor is left unanswered when gaps is true.
func sumAssessment(fw *scoring.Framework, name string, seed int, gaps bool) *scoring.Assessment {
	a := &scoring.Assessment{File: name + ".xlsx"}
	a.Provider.Name = scoring.Field{Text: name, Loc: scoring.Location{Sheet: CoverSheet, Cell: "B4"}}
	for _, o := range fw.Objectives {
		for j, f := range o.Factors {
			row := objFirstRow + j
			at := func(col string) scoring.Location {
				return scoring.Location{Sheet: o.ID, Cell: fmt.Sprintf("%s%d", col, row)}
			}
			n := len(f.Answers) - (seed+j)%2
			ans := f.Answers[n-1].Display()
			conf := "medium"
			if gaps && (seed+j)%7 == 0 {
				ans, conf = "", ""
			}
			a.Factors = append(a.Factors, scoring.FactorEntry{ID: f.ID, Row: at("A"),
				Answer:        scoring.Field{Text: ans, Loc: at("D")},
				Confidence:    scoring.Field{Text: conf, Loc: at("E")},
				Justification: scoring.Field{Text: "Because.", Loc: at("F")},
				Sources:       scoring.Field{Text: "http://docs.example/" + f.ID, Loc: at("G")},
			})
		}
	}
	return a
}

func sumEvaluate(t testing.TB, a *scoring.Assessment) *scoring.Result {
	t.Helper()
	fw := scoring.Default()
	prof, err := fw.ResolveProfile("")
	require.NoError(t, err)
	return scoring.Evaluate(fw, a, prof)
}

// sumResults scores three providers: one with errors and gaps (not
// eligible), one whose name is a formula, and the best one last.
func sumResults(t testing.TB) []*scoring.Result {
	t.Helper()
	fw := scoring.Default()
	return []*scoring.Result{
		sumEvaluate(t, sumAssessment(fw, "Nimbus Cloud SAS", 1, true)),
		sumEvaluate(t, sumAssessment(fw, `=HYPERLINK("http://x")`, 1, false)),
		sumEvaluate(t, sumAssessment(fw, "Castellum IaaS", 0, false)),
	}
}

func writeSummaryBytes(t testing.TB, results []*scoring.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteSummary(&buf, results, SummaryOptions{Created: annCreated, ToolVersion: "1.2.3"}))
	return buf.Bytes()
}

func TestWriteSummary(t *testing.T) {
	results := sumResults(t)
	require.False(t, results[0].Eligible)
	require.True(t, results[1].Eligible)
	require.True(t, results[2].Eligible)
	require.Greater(t, results[2].Score, results[1].Score)
	out := writeSummaryBytes(t, results)
	f := annOpen(t, out)

	t.Run("sheets", func(t *testing.T) {
		assert.Equal(t, []string{RankingSheet, SEALMatrixSheet, PointsSheet, ProblemsSheet}, f.GetSheetList())
		assert.Equal(t, 0, f.GetActiveSheetIndex())
		props, err := f.GetDocProps()
		require.NoError(t, err)
		assert.Equal(t, "2026-06-20T09:30:00Z", props.Created)
	})

	t.Run("ranking", func(t *testing.T) {
		rows, err := f.GetRows(RankingSheet)
		require.NoError(t, err)
		require.Len(t, rows, sumFirstRow-1+3)
		assert.Contains(t, rows[0][0], "profile eucsf-1.2.1")
		assert.Equal(t, []string{"Rank", "Provider", "File", "Score", "SEAL", "Complete", "Eligible", "Errors", "Warnings", "Reasons not eligible"}, rows[1])
		cases := []struct {
			rank, provider string
			res            *scoring.Result
		}{
			{"1", "Castellum IaaS", results[2]},
			{"2", `=HYPERLINK("http://x")`, results[1]},
			{"", "Nimbus Cloud SAS", results[0]},
		}
		for i, c := range cases {
			row := rows[sumFirstRow-1+i]
			assert.Equal(t, c.rank, row[0])
			assert.Equal(t, c.provider, row[1])
			assert.Equal(t, c.res.File, row[2])
			assert.Equal(t, fmt.Sprintf("%.2f", c.res.Score), row[3])
			assert.Equal(t, annSEALText(c.res.SEAL), row[4])
			raw, err := f.GetCellValue(RankingSheet, tplCell(4, sumFirstRow+i), excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			v, err := strconv.ParseFloat(raw, 64)
			require.NoError(t, err)
			assert.InDelta(t, c.res.Score, v, 1e-9)
			if c.rank == "" {
				require.Len(t, row, 10)
				assert.Contains(t, row[9], "have no usable answer")
				assert.Contains(t, row[9], "validation error")
			}
		}
		// Results are not changed: ranks stay as the caller left them.
		for _, r := range results {
			assert.Zero(t, r.Rank)
		}
	})

	t.Run("SEAL matrix coloured", func(t *testing.T) {
		rows, err := f.GetRows(SEALMatrixSheet)
		require.NoError(t, err)
		assert.Equal(t, "SOV-1", rows[1][1])
		assert.Equal(t, "Overall", rows[1][9])
		seen := map[string]bool{}
		for i, r := range []*scoring.Result{results[2], results[1], results[0]} {
			row := sumFirstRow + i
			for j, o := range r.Objectives {
				ref := tplCell(2+j, row)
				v, err := f.GetCellValue(SEALMatrixSheet, ref)
				require.NoError(t, err)
				assert.Equal(t, annSEALText(o.SEAL), v, ref)
				want := annNoSEALFill
				if o.SEAL >= 0 {
					want = annSEALFills[o.SEAL]
				}
				assert.Equal(t, want, annFillColor(annStyleOf(t, f, SEALMatrixSheet, ref)), ref)
				seen[v] = true
			}
		}
		assert.GreaterOrEqual(t, len(seen), 3, "the fixture shows several levels: %v", seen)
	})

	t.Run("points", func(t *testing.T) {
		fw := scoring.Default()
		ids, err := f.GetRows(PointsSheet)
		require.NoError(t, err)
		require.Len(t, ids, 3+3)
		assert.Equal(t, "Provider", ids[2][0])
		assert.Equal(t, "SOV-1.1", ids[2][1])
		assert.Equal(t, fw.Factors()[0].Name, ids[1][1])
		assert.Equal(t, "SOV-8.4", ids[2][48])
		assert.Equal(t, "SOV-1", ids[2][49])
		r := results[2] // first data row: rank 1
		for j, fr := range r.Factors {
			raw, err := f.GetCellValue(PointsSheet, tplCell(2+j, 4), excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			v, err := strconv.ParseFloat(raw, 64)
			require.NoError(t, err, fr.Factor.ID)
			assert.Equal(t, fr.Points.Float(), v, fr.Factor.ID)
		}
		// An unanswered factor is an empty cell, not 0.
		for j, fr := range results[0].Factors {
			if fr.Option == 0 {
				v, err := f.GetCellValue(PointsSheet, tplCell(2+j, 6))
				require.NoError(t, err)
				assert.Empty(t, v, fr.Factor.ID)
			}
		}
		total, err := f.GetCellValue(PointsSheet, tplCell(2+48, 4), excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, strconv.FormatFloat(r.Objectives[0].Points.Float(), 'f', -1, 64), total)
	})

	t.Run("problems", func(t *testing.T) {
		rows, err := f.GetRows(ProblemsSheet)
		require.NoError(t, err)
		n := 0
		for _, r := range results {
			n += len(r.Issues)
		}
		require.Positive(t, n)
		require.Len(t, rows, sumFirstRow-1+n)
		assert.Equal(t, []string{"File", "Provider", "Sheet", "Cell", "Severity", "Code", "Message"}, rows[1])
		// Ranked first, the providers with the fewest problems come first.
		first := results[2].Issues[0]
		assert.Equal(t, []string{results[2].File, "Castellum IaaS", first.Sheet, first.Cell, first.Severity.String(), first.Code, first.Message},
			rows[sumFirstRow-1])
		last := results[0].Issues[len(results[0].Issues)-1]
		assert.Equal(t, last.Message, rows[len(rows)-1][6])
		sev := annStyleOf(t, f, ProblemsSheet, tplCell(5, sumFirstRow))
		assert.Equal(t, annWarnFill, annFillColor(sev))
	})

	t.Run("autofilter and frozen headers", func(t *testing.T) {
		filters := map[string]string{}
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" {
				filters[dn.Scope] = dn.RefersTo
			}
		}
		n := len(results[0].Issues) + len(results[1].Issues) + len(results[2].Issues)
		cases := []struct {
			sheet, filter, topLeft string
		}{
			{RankingSheet, "'Ranking'!$A$2:$J$5", "C3"},
			{SEALMatrixSheet, "'SEAL matrix'!$A$2:$L$5", "B3"},
			{PointsSheet, "'Points'!$A$3:$BG$6", "B4"},
			{ProblemsSheet, fmt.Sprintf("'Problems'!$A$2:$G$%d", 2+n), "B3"},
		}
		parts := annParts(t, out)
		for _, c := range cases {
			assert.Equal(t, c.filter, filters[c.sheet], c.sheet)
			_, ref, _ := strings.Cut(c.filter, "!")
			assert.Contains(t, annSheetXML(t, f, parts, c.sheet), `<autoFilter ref="`+ref+`"`, c.sheet)
			panes, err := f.GetPanes(c.sheet)
			require.NoError(t, err)
			assert.True(t, panes.Freeze, c.sheet)
			assert.Equal(t, c.topLeft, panes.TopLeftCell, c.sheet)
		}
	})

	t.Run("formula injection neutralised", func(t *testing.T) {
		name := `=HYPERLINK("http://x")`
		parts := annParts(t, out)
		for _, sheet := range f.GetSheetList() {
			assert.NotContains(t, annSheetXML(t, f, parts, sheet), "<f>", sheet)
			rows, err := f.GetRows(sheet)
			require.NoError(t, err)
			found := 0
			for i, row := range rows {
				for j, v := range row {
					if v != name {
						continue
					}
					found++
					fm, err := f.GetCellFormula(sheet, tplCell(j+1, i+1))
					require.NoError(t, err)
					assert.Empty(t, fm, sheet)
				}
			}
			assert.Positive(t, found, "%s shows the name as text", sheet)
		}
	})
}

func TestWriteSummaryEdgeCases(t *testing.T) {
	fw := scoring.Default()
	odd := sumAssessment(fw, "Tab\tand _x0041_ & <b>", 0, false)
	odd.Factors[0].Confidence.Text = "_x0041_ sure"
	unreadable := &scoring.Assessment{File: "broken.xlsx", Issues: scoring.Issues{{Severity: scoring.Error,
		Code: scoring.CodeFileUnreadable, Message: "the file is empty (0 bytes)"}}}
	cases := []struct {
		name    string
		results []*scoring.Result
		check   func(t *testing.T, f *excelize.File)
	}{
		{"no results", nil, func(t *testing.T, f *excelize.File) {
			rows, err := f.GetRows(ProblemsSheet)
			require.NoError(t, err)
			assert.Equal(t, "No problem found.", rows[2][1])
		}},
		{"nil result skipped", []*scoring.Result{nil, sumEvaluate(t, sumAssessment(fw, "A", 0, false))}, func(t *testing.T, f *excelize.File) {
			rows, err := f.GetRows(RankingSheet)
			require.NoError(t, err)
			assert.Len(t, rows, 3)
		}},
		{"unreadable file", []*scoring.Result{sumEvaluate(t, unreadable)}, func(t *testing.T, f *excelize.File) {
			rows, err := f.GetRows(RankingSheet)
			require.NoError(t, err)
			assert.Equal(t, []string{"", "broken.xlsx", "broken.xlsx", "0.00", "—", "no", "no", "1", "0"}, rows[2][:9])
			v, err := f.GetCellValue(SEALMatrixSheet, "B3")
			require.NoError(t, err)
			assert.Equal(t, "—", v)
			assert.Equal(t, annNoSEALFill, annFillColor(annStyleOf(t, f, SEALMatrixSheet, "B3")))
		}},
		{"text kept verbatim", []*scoring.Result{sumEvaluate(t, odd)}, func(t *testing.T, f *excelize.File) {
			for _, sheet := range []string{RankingSheet, SEALMatrixSheet, PointsSheet, ProblemsSheet} {
				col, row := 2, sumFirstRow
				switch sheet {
				case SEALMatrixSheet, PointsSheet, ProblemsSheet:
					col = 1
					if sheet == PointsSheet {
						row++
					}
					if sheet == ProblemsSheet {
						col = 2
					}
				}
				v, err := f.GetCellValue(sheet, tplCell(col, row))
				require.NoError(t, err)
				assert.Equal(t, "Tab and _x0041_ & <b>", v, sheet)
			}
			rows, err := f.GetRows(ProblemsSheet)
			require.NoError(t, err)
			var msgs []string
			for _, r := range rows[2:] {
				msgs = append(msgs, r[6])
			}
			assert.Contains(t, msgs, `confidence "_x0041_ sure" is not one of high, medium, low`)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, annOpen(t, writeSummaryBytes(t, c.results)))
		})
	}
}

func TestWriteSummaryDeterministic(t *testing.T) {
	results := sumResults(t)
	a, b := writeSummaryBytes(t, results), writeSummaryBytes(t, results)
	assert.True(t, bytes.Equal(a, b), "parts differ: %v", annDiff(t, a, b))
}

// sumMany makes n results from a few scored ones, renamed, as a large
// tender would have.
func sumMany(t testing.TB, n int) []*scoring.Result {
	t.Helper()
	fw := scoring.Default()
	var base []*scoring.Result
	for i := range 6 {
		base = append(base, sumEvaluate(t, sumAssessment(fw, "base", i, i%3 == 0)))
	}
	out := make([]*scoring.Result, n)
	for i := range out {
		r := *base[i%len(base)]
		r.Provider.Name.Text = fmt.Sprintf("Provider %04d", i)
		r.File = fmt.Sprintf("tender/provider-%04d.xlsx", i)
		r.Score -= float64(i%97) / 10
		out[i] = &r
	}
	return out
}

// TestWriteSummaryLarge checks that 1,000 results stay well within a few
// seconds (about 0.5 s on a 2-core machine).
func TestWriteSummaryLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	results := sumMany(t, 1000)
	start := time.Now()
	out := writeSummaryBytes(t, results)
	elapsed := time.Since(start)
	t.Logf("1000 results: %v, %d KiB", elapsed, len(out)>>10)
	assert.Less(t, elapsed, 10*time.Second)
	f := annOpen(t, out)
	rows, err := f.Rows(PointsSheet)
	require.NoError(t, err)
	n := 0
	for rows.Next() {
		n++
	}
	require.NoError(t, rows.Close())
	assert.Equal(t, 3+1000, n)
}

func BenchmarkWriteSummary1000(b *testing.B) {
	results := sumMany(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, results, SummaryOptions{Created: annCreated}); err != nil {
			b.Fatal(err)
		}
	}
}

// sumStreamRows writes rows with excelize's own stream writer, from row 1,
// and returns what it wrote between <sheetData> and </sheetData>.
func sumStreamRows(t *testing.T, rows [][]sumCell, heights []float64) string {
	t.Helper()
	f := excelize.NewFile()
	defer func() { require.NoError(t, f.Close()) }()
	sw, err := f.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	for i, r := range rows {
		require.NoError(t, sw.SetRow(tplCell(1, i+1), rowValues(r), excelize.RowOpts{Height: heights[i]}))
	}
	require.NoError(t, sw.Flush())
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	part := annParts(t, buf.Bytes())["xl/worksheets/sheet1.xml"]
	_, part, ok := strings.Cut(part, "<sheetData>")
	require.True(t, ok)
	part, _, ok = strings.Cut(part, "</sheetData>")
	require.True(t, ok)
	return part
}

// sumSpoolRows writes rows with sumRows, from row 1, and returns them.
func sumSpoolRows(t *testing.T, rows [][]sumCell, heights []float64) string {
	t.Helper()
	var r sumRows
	defer func() { require.NoError(t, r.close()) }()
	require.NoError(t, r.begin("p", 0))
	for i, cells := range rows {
		require.NoError(t, r.row(i+1, cells, heights[i]))
	}
	r.end()
	sec, err := r.section("p")
	require.NoError(t, err)
	b, err := io.ReadAll(sec)
	require.NoError(t, err)
	return string(b)
}

// TestSumRowsLikeStreamWriter: the row writer writes the bytes excelize's
// stream writer writes for the same cells, one row per case, including
// cells the summary never has (NaN, huge numbers), so that an excelize
// upgrade that changes its encoding shows here.
func TestSumRowsLikeStreamWriter(t *testing.T) {
	long := strings.Repeat("abcdefghij", 4000)          // over the 32,767-character limit
	longEmoji := strings.Repeat("x", 32766) + "😀 after" // the emoji (2 UTF-16 units) straddles the limit
	type cell = sumCell
	cases := []struct {
		name   string
		cells  []sumCell
		height float64
	}{
		{"plain text and styles", []sumCell{{"Castellum IaaS", 30}, {"no style", 0}, {"negative style", -1}}, 0},
		{"accents", []sumCell{{"Société Générale — œuvre à Zürich", 7}}, 0},
		{"emoji", []sumCell{{"☁️ 😀 🇪🇺 👩‍💻", 7}}, 0},
		{"markup characters", []sumCell{{`<b>Tom & "Jerry"</b> 'x' > y ]]>`, 7}}, 0},
		{"formula-looking text", []sumCell{{"=HYPERLINK(\"http://x\")", 7}, {"+1", 7}, {"-1", 7}, {"@SUM(A1)", 7}}, 0},
		{"empty string", []sumCell{{"", 7}, {"", 0}}, 0},
		{"empty cells", []sumCell{{nil, 7}, {nil, 0}, {"after", 3}, {nil, 9}}, 0},
		{"leading and trailing spaces", []sumCell{{" lead", 7}, {"trail ", 7}, {"   ", 7}, {" both ", 7}, {"in side", 7}}, 0},
		{"leading and trailing tab, LF, CR", []sumCell{{"\tx", 7}, {"x\n", 7}, {"\rx", 7}, {"x\r\n", 7}, {"\u00a0nbsp\u00a0", 7}}, 0},
		{"inner tab, LF, CR", []sumCell{{"a\tb\nc\r\nd", 7}, {"&#xA; literally", 7}}, 0},
		{"control characters", []sumCell{{"bell\x07 nul\x00 esc\x1b del\x7f vt\x0b", 7}}, 0},
		{"non-characters and separators", []sumCell{{"\ufffe \uffff \u2028 \u0085 \U0010FFFF", 7}}, 0},
		{"invalid UTF-8", []sumCell{{"bad \xff\xfe byte", 7}, {"\xc3", 7}}, 0},
		{"_xHHHH_ escapes", []sumCell{{"_x0041_", 7}, {"a_x000D_b", 7}, {"_x005F_", 7}, {"_x005F_x0041_", 7}, {"_x005f_xd83d_", 7},
			{"_xD800_ surrogate", 7}, {"_x12G4_", 7}, {"__x0041__", 7}, {"_x005F_x005F_", 7}, {"_x", 7}}, 0},
		{"very long text", []sumCell{{long, 7}, {longEmoji, 7}, {strings.Repeat("é", 32767), 7}, {" " + long, 7}}, 0},
		{"floats", []sumCell{{0.1, 5}, {0.30000000000000004, 5}, {1.0 / 3, 5}, {12.5, 5}, {100.0, 5}, {-7.25, 0}, {0.0, 5}}, 0},
		{"large and small floats", []sumCell{{1e21, 5}, {-1e21, 5}, {123456789012345678.0, 5}, {1e-7, 5}, {5e-324, 5},
			{math.MaxFloat64, 5}, {-math.MaxFloat64, 5}, {1234567890.1234567, 5}, {9.999999999999999e22, 5}}, 0},
		{"negative zero", []sumCell{{math.Copysign(0, -1), 5}}, 0},
		{"NaN and infinities", []sumCell{{math.NaN(), 5}, {math.Inf(1), 5}, {math.Inf(-1), 0}}, 0},
		{"ints", []sumCell{{0, 4}, {1, 4}, {-5, 4}, {math.MaxInt, 4}, {math.MinInt, 0}}, 0},
		{"row height", []sumCell{{"wrapped\ntext", 8}}, 32},
		{"fractional row height", []sumCell{{"x", 8}}, 47.123456789},
		{"maximum row height", []sumCell{{"x", 8}}, excelize.MaxRowHeight},
		{"empty row", nil, 0},
		{"wide row", func() []cell {
			var cs []cell
			for i := range 60 {
				cs = append(cs, cell{float64(i) / 4, i % 3})
			}
			return cs
		}(), 0},
	}
	rows := make([][]sumCell, len(cases))
	heights := make([]float64, len(cases))
	for i, c := range cases {
		rows[i], heights[i] = c.cells, c.height
	}
	want := strings.SplitAfter(sumStreamRows(t, rows, heights), "</row>")
	got := strings.SplitAfter(sumSpoolRows(t, rows, heights), "</row>")
	require.Len(t, got, len(want))
	for i, c := range cases {
		assert.Equal(t, want[i], got[i], c.name)
	}
}

// TestSumRowsErrors: what excelize would refuse or write differently is
// refused, not guessed.
func TestSumRowsErrors(t *testing.T) {
	cases := []struct {
		name   string
		num    int
		cells  []sumCell
		height float64
		want   string
	}{
		{"bool", 2, []sumCell{{true, 0}}, 0, "type bool not supported"},
		{"int64", 2, []sumCell{{"ok", 0}, {int64(1), 0}}, 0, "B2: summary cell of type int64"},
		{"float32", 2, []sumCell{{float32(1), 0}}, 0, "type float32"},
		{"time", 2, []sumCell{{annCreated, 0}}, 0, "type time.Time"},
		{"too tall", 2, nil, excelize.MaxRowHeight + 1, excelize.ErrMaxRowHeight.Error()},
		{"row not after the header", 1, nil, 0, "row 1 written after row 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r sumRows
			defer func() { require.NoError(t, r.close()) }()
			require.NoError(t, r.begin("p", 1))
			err := r.row(c.num, c.cells, c.height)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	var r sumRows
	require.Error(t, r.row(1, nil, 0), "no part begun")
	require.NoError(t, r.begin("p", 0))
	require.Error(t, r.begin("q", 0), "p not ended")
	r.end()
	require.Error(t, r.begin("p", 0), "p again")
	require.NoError(t, r.close())
}

// sumTempFiles lists the temporary files WriteSummary leaves in dir.
func sumTempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "sovscore-summary-*"))
	require.NoError(t, err)
	return m
}

// sumFailWriter fails after n bytes.
type sumFailWriter struct{ n int }

func (w *sumFailWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteSummaryRemovesRows: the temporary file of rows is gone once
// WriteSummary returns, whether it succeeds or fails.
func TestWriteSummaryRemovesRows(t *testing.T) {
	results := sumResults(t)
	cases := []struct {
		name    string
		w       io.Writer
		results []*scoring.Result
		err     string
	}{
		{"success", io.Discard, results, ""},
		{"the writer fails", &sumFailWriter{n: 10000}, results, "disk full"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("TMPDIR", dir)
			err := WriteSummary(c.w, c.results, SummaryOptions{Created: annCreated})
			if c.err == "" {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.err)
			}
			assert.Empty(t, sumTempFiles(t, dir))
		})
	}
}

// sumCount counts the bytes written to it and keeps none.
type sumCount int64

func (c *sumCount) Write(p []byte) (int, error) { *c += sumCount(len(p)); return len(p), nil }

// sumPeakHeap runs fn and returns, above what they were before it, the
// largest heap seen while it ran (live and not yet collected objects) and
// the largest live heap a garbage collection found. Sampled every
// millisecond: approximations, for a benchmark, not for an assertion.
func sumPeakHeap(fn func() error) (heap, live uint64, err error) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	baseHeap, baseLive := sample[0].Value.Uint64(), sample[1].Value.Uint64()
	peakHeap, peakLive := baseHeap, baseLive
	read := func(s []metrics.Sample) {
		metrics.Read(s)
		peakHeap, peakLive = max(peakHeap, s[0].Value.Uint64()), max(peakLive, s[1].Value.Uint64())
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		s := slices.Clone(sample)
		for {
			read(s)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	err = fn()
	close(done)
	<-stopped
	read(sample)
	return peakHeap - baseHeap, peakLive - baseLive, err
}

// BenchmarkWriteSummary writes the summary of n results. Besides the
// allocations it reports the peak heap and live heap above those before
// the write (see sumPeakHeap) and the size of the workbook.
func BenchmarkWriteSummary(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			full := sumMany(b, n)
			opts := SummaryOptions{Created: annCreated, ToolVersion: "1.2.3"}
			b.ReportAllocs()
			var heap, live uint64
			var size sumCount
			for b.Loop() {
				size = 0
				h, l, err := sumPeakHeap(func() error { return WriteSummary(&size, full, opts) })
				if err != nil {
					b.Fatal(err)
				}
				heap, live = max(heap, h), max(live, l)
			}
			b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(live)/(1<<20), "peak-live-MiB")
			b.ReportMetric(float64(size)/(1<<10), "xlsx-KiB")
		})
	}
}
