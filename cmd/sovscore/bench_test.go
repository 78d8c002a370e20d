package main

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// The benchmarks measure the cost per workbook of each stage of
// "sovscore score", against a baseline that only opens a workbook with
// excelize and reads every cell, so the overhead of sovscore's own work is
// visible as a ratio. Workbooks are generated once, in memory, with the
// same generator as "sovscore gen".

const benchWorkbooks = 40

var (
	benchOnce sync.Once
	benchData [][]byte
)

func benchInputs(b *testing.B) [][]byte {
	benchOnce.Do(func() {
		fw := framework()
		for i := 0; i < benchWorkbooks; i++ {
			var buf bytes.Buffer
			if err := workbook.WriteTemplate(&buf, fw, generateAssessment(fw, 7, i, 0.1)); err != nil {
				panic(err)
			}
			benchData = append(benchData, buf.Bytes())
		}
	})
	return benchData
}

var benchDate = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkBaselineOpenRead: open each workbook with excelize and read all
// cells of all sheets with the Rows iterator. Nothing else.
func BenchmarkBaselineOpenRead(b *testing.B) {
	in := benchInputs(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, err := excelize.OpenReader(bytes.NewReader(in[i%len(in)]))
		require.NoError(b, err)
		for _, sh := range f.GetSheetList() {
			rows, err := f.Rows(sh)
			require.NoError(b, err)
			for rows.Next() {
				if _, err := rows.Columns(); err != nil {
					b.Fatal(err)
				}
			}
			rows.Close()
		}
		f.Close()
	}
}

// stage runs the pipeline for one workbook up to the given stage.
func benchStage(b *testing.B, annotate, scorecard bool) {
	in := benchInputs(b)
	fw := framework()
	prof, err := fw.ResolveProfile("")
	require.NoError(b, err)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bk, err := workbook.OpenBytes(in[i%len(in)], "bench.xlsx", fw, workbook.ReadOptions{})
		require.NoError(b, err)
		r := scoring.Evaluate(fw, bk.Assessment, prof)
		if annotate {
			require.NoError(b, bk.WriteAnnotated(io.Discard, r, workbook.AnnotateOptions{Created: benchDate, ToolVersion: Version}))
		}
		bk.Close()
		if scorecard {
			require.NoError(b, report.WriteScorecard(io.Discard, r, report.PDFOptions{Created: benchDate, ToolName: "sovscore", ToolVersion: Version}))
		}
	}
}

// BenchmarkReadValidateScore: read + validate + score, per workbook.
func BenchmarkReadValidateScore(b *testing.B) { benchStage(b, false, false) }

// BenchmarkAnnotated: plus the annotated workbook.
func BenchmarkAnnotated(b *testing.B) { benchStage(b, true, false) }

// BenchmarkScorecardPipeline: plus the annotated workbook and the PDF scorecard.
func BenchmarkScorecardPipeline(b *testing.B) { benchStage(b, true, true) }

// manyResults scores n generated assessments without going through xlsx:
// the combined reports only need results.
func manyResults(b *testing.B, n int) ([]*scoring.Result, *scoring.Profile) {
	fw := framework()
	prof, err := fw.ResolveProfile("")
	require.NoError(b, err)
	rs := make([]*scoring.Result, n)
	for i := range rs {
		a := generateAssessment(fw, 11, i, 0.1)
		a.File = fmt.Sprintf("provider-%05d.xlsx", i+1)
		a.SHA256 = fmt.Sprintf("%064x", i)
		rs[i] = scoring.Evaluate(fw, a, prof)
	}
	scoring.Rank(scoring.Summaries(rs))
	return rs, prof
}

// BenchmarkComparison1000: the comparison PDF for 1,000 providers.
func BenchmarkComparison1000(b *testing.B) {
	rs, prof := manyResults(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		require.NoError(b, report.WriteComparison(io.Discard, scoring.Summaries(rs), prof, report.PDFOptions{Created: benchDate, ToolName: "sovscore", ToolVersion: Version}))
	}
}

// BenchmarkSummary1000: the summary workbook for 1,000 providers.
func BenchmarkSummary1000(b *testing.B) {
	rs, prof := manyResults(b, 1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		require.NoError(b, workbook.WriteSummary(io.Discard, rs, workbook.SummaryOptions{Created: benchDate, ToolVersion: Version, ProfileName: prof.Name}))
	}
}

// BenchmarkJSON1000: results.json for 1,000 providers.
func BenchmarkJSON1000(b *testing.B) {
	rs, prof := manyResults(b, 1000)
	fw := framework()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		require.NoError(b, report.WriteJSON(io.Discard, report.RunInfo{ToolName: "sovscore", ToolVersion: Version}, fw, prof, rs))
	}
}
