package workbook

import (
	"bytes"
	"errors"
	"fmt"
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
				Answer:        scoring.EntryCell{Text: ans, Row: int32(row), Col: 4},
				Confidence:    scoring.EntryCell{Text: conf, Row: int32(row), Col: 5},
				Justification: scoring.EntryCell{Text: "Because.", Row: int32(row), Col: 6},
				Sources:       scoring.EntryCell{Text: "http://docs.example/" + f.ID, Row: int32(row), Col: 7},
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

// sumResults scores and ranks three providers, as the CLI does before it
// writes the summary: one with errors and gaps (not eligible), one whose
// name is a formula, and the best one last.
func sumResults(t testing.TB) []*scoring.Result {
	t.Helper()
	fw := scoring.Default()
	rs := []*scoring.Result{
		sumEvaluate(t, sumAssessment(fw, "Nimbus Cloud SAS", 1, true)),
		sumEvaluate(t, sumAssessment(fw, `=HYPERLINK("http://x")`, 1, false)),
		sumEvaluate(t, sumAssessment(fw, "Castellum IaaS", 0, false)),
	}
	scoring.Rank(scoring.Summaries(rs))
	return rs
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
	ranks := make([]int, len(results))
	for i, r := range results {
		ranks[i] = r.Rank
	}
	out := writeSummaryBytes(t, results)
	f := annOpen(t, out)

	t.Run("sheets", func(t *testing.T) {
		// Issue #14 added the Robustness sheet.
		assert.Equal(t, []string{RankingSheet, SEALMatrixSheet, PointsSheet, ProblemsSheet, RobustnessSheet}, f.GetSheetList())
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
		// Issue #14 added the objectives' outcomes and the evidence after these.
		assert.Equal(t, []string{"Rank", "Provider", "File", "Score", "SEAL", "Complete", "Eligible", "Errors", "Warnings", "Reasons not eligible"}, rows[1][:10])
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
			// A provisional SEAL keeps its "*" (issue #14).
			assert.Equal(t, scoring.SEALLabel(c.res.SEAL, c.res.Provisional), row[4])
			raw, err := f.GetCellValue(RankingSheet, tplCell(4, sumFirstRow+i), excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			v, err := strconv.ParseFloat(raw, 64)
			require.NoError(t, err)
			assert.InDelta(t, c.res.Score, v, 1e-9)
			if c.rank == "" {
				require.GreaterOrEqual(t, len(row), 10)
				assert.Contains(t, row[9], "have no usable answer")
				assert.Contains(t, row[9], "validation error")
			}
		}
		// Results are not changed: ranks stay as the caller left them.
		for i, r := range results {
			assert.Equal(t, ranks[i], r.Rank)
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
				assert.Equal(t, scoring.SEALLabel(o.SEAL, !o.Complete), v, ref) // provisional marked (issue #14)
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
			{RankingSheet, "'Ranking'!$A$2:$W$5", "C3"}, // issue #14: 13 more columns
			{SEALMatrixSheet, "'SEAL matrix'!$A$2:$L$5", "B3"},
			{PointsSheet, "'Points'!$A$3:$BG$6", "B4"},
			{ProblemsSheet, fmt.Sprintf("'Problems'!$A$2:$G$%d", 2+n), "B3"},
			{RobustnessSheet, "'Robustness'!$A$2:$J$5", "C3"},
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
			assert.Contains(t, msgs, `SOV-1.1: confidence "_x0041_ sure" is not one of high, medium, low`)
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

// TestWriteSummaryUndated: with no date (no input dated and no --date),
// the summary carries none, not even excelize's default one.
func TestWriteSummaryUndated(t *testing.T) {
	results := sumResults(t)
	var buf bytes.Buffer
	require.NoError(t, WriteSummary(&buf, results, SummaryOptions{ToolVersion: "1.2.3"}))
	f := annOpen(t, buf.Bytes())
	props, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Empty(t, props.Created)
	assert.Empty(t, props.Modified)
	assert.Equal(t, "sovscore", props.Creator)
	core := annParts(t, buf.Bytes())["docProps/core.xml"]
	assert.NotContains(t, core, "dcterms:created")
	assert.NotContains(t, core, "2006-09-16")
	rows, err := f.GetRows(RankingSheet)
	require.NoError(t, err)
	assert.NotRegexp(t, `\d{4}-\d{2}-\d{2}`, rows[0][0], "no date in the title")
	var again bytes.Buffer
	require.NoError(t, WriteSummary(&again, results, SummaryOptions{ToolVersion: "1.2.3"}))
	assert.Equal(t, buf.Bytes(), again.Bytes())
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
	scoring.Rank(scoring.Summaries(out))
	return out
}

// TestWriteSummaryLarge checks that 1,000 results give a row each; how
// fast is BenchmarkWriteSummary's business.
func TestWriteSummaryLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	results := sumMany(t, 1000)
	out := writeSummaryBytes(t, results)
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

// sumTempFiles lists the temporary files WriteSummary leaves in dir.
func sumTempFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*"))
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

// TestWriteSummaryRemovesTempFiles: no temporary file is left once
// WriteSummary returns, whether it succeeds or fails.
func TestWriteSummaryRemovesTempFiles(t *testing.T) {
	results := sumResults(t)
	large := sumMany(t, 700)
	cases := []struct {
		name    string
		results []*scoring.Result
		fail    bool
		// spooled: a sheet is over the 16 MiB excelize's stream writer
		// keeps in memory, so the rest of it is in a temporary file while
		// the workbook is written.
		spooled bool
	}{
		{"success", results, false, false},
		{"the writer fails", results, true, false},
		{"a sheet spooled to a file", large, false, true},
		{"a sheet spooled to a file, the writer fails", large, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("TMPDIR", dir)
			w := &sumPeekWriter{dir: dir, t: t}
			if c.fail {
				w.fail = &sumFailWriter{n: 10000}
			}
			err := WriteSummary(w, c.results, SummaryOptions{Created: annCreated})
			if c.fail {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "disk full")
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, c.spooled, len(w.during) > 0, "temporary files while writing: %v", w.during)
			assert.Empty(t, sumTempFiles(t, dir))
		})
	}
}

// sumPeekWriter lists the files in dir at its first write, and fails as
// fail does, if set.
type sumPeekWriter struct {
	t      *testing.T
	dir    string
	during []string
	peeked bool
	fail   *sumFailWriter
}

func (w *sumPeekWriter) Write(p []byte) (int, error) {
	if !w.peeked {
		w.peeked, w.during = true, sumTempFiles(w.t, w.dir)
	}
	if w.fail != nil {
		return w.fail.Write(p)
	}
	return len(p), nil
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

// TestWriteSummaryUnusableTMPDIR: a summary whose sheets do not fit in
// excelize's in-memory buffer is written whole when no temporary file can
// be made (excelize then keeps the sheet in memory).
func TestWriteSummaryUnusableTMPDIR(t *testing.T) {
	results := sumMany(t, 700)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	out := writeSummaryBytes(t, results)
	rows, err := annOpen(t, out).GetRows(RankingSheet)
	require.NoError(t, err)
	assert.Len(t, rows, sumFirstRow-1+700)
}
