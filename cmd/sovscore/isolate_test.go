package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// tenderCopy copies the sample tender (three valid workbooks) into a
// temporary directory.
func tenderCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"castellum-iaas.xlsx", "nimbus-eu-region.xlsx", "scalingo.xlsx"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), mustRead(t, "../../samples/tender/"+f), 0o644))
	}
	return dir
}

// scoreWith runs score in-process with steps changed by change, and
// returns the exit code and stderr.
func scoreWith(t *testing.T, ctx context.Context, args []string, out string, change func(*steps)) (int, string) {
	t.Helper()
	var o scoreOptions
	o.out, o.format, o.jobs, o.outputs, o.date = out, "table", 2, "all", "2026-06-15"
	o.linkTimeout, o.linkJobs, o.linkDeadline = linkDefaults()
	var errb bytes.Buffer
	s := &streams{Out: io.Discard, Err: &errb}
	r, code := newScoreRun(args, o, s)
	require.NotNil(t, r, "usage error %d: %s", code, errb.String())
	if change != nil {
		change(&r.do)
	}
	return r.run(ctx), errb.String()
}

// isScalingo says whether a path or result is the Scalingo sample, the
// workbook the tests make fail.
func isScalingo(s string) bool { return strings.Contains(s, "scalingo") }

// panicReadingScalingo makes the reader panic on the Scalingo workbook.
func panicReadingScalingo(d *steps) {
	open := d.open
	d.open = func(p string, fw *scoring.Framework, o workbook.ReadOptions) (*workbook.Book, error) {
		if isScalingo(p) {
			panic("index out of range [3] with length 3")
		}
		return open(p, fw, o)
	}
}

// panicScoringScalingo makes scoring panic on the Scalingo workbook.
func panicScoringScalingo(d *steps) {
	eval := d.evaluate
	d.evaluate = func(fw *scoring.Framework, a *scoring.Assessment, p *scoring.Profile) *scoring.Result {
		if isScalingo(a.File) {
			panic("index out of range [3] with length 3")
		}
		return eval(fw, a, p)
	}
}

// internals are what a message for an assessor must never contain.
var internals = []string{"panic", "runtime", ".go:", "goroutine", "excelize", "*workbook", "nil pointer", "%!"}

// outputFailedMessages returns the messages of a provider's problems of
// code in results.json.
func issuesOf(t *testing.T, out, file, code string) []string {
	t.Helper()
	var msgs []string
	for _, p := range readResults(t, out).Providers {
		if strings.HasSuffix(p.File, file) {
			for _, is := range p.Issues {
				if is.Code == code {
					msgs = append(msgs, is.Message)
				}
			}
		}
	}
	return msgs
}

// summaryProblems returns the text of the Problems sheet of summary.xlsx.
func summaryProblems(t *testing.T, out string) string {
	return summarySheet(t, out, workbook.ProblemsSheet)
}

// summarySheet returns the text of a sheet of summary.xlsx.
func summarySheet(t *testing.T, out, sheet string) string {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(out, "summary.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\t") + "\n")
	}
	return b.String()
}

// TestOneWorkbookNeverSinksTheBatch: an error or a panic in any step of
// one workbook (read, score, annotated copy, scorecard, its row in a
// combined report) becomes a problem of that workbook, with a message for
// the assessor, shown in the reports written after it; the other
// workbooks and the combined reports are written and the exit status is 1.
func TestOneWorkbookNeverSinksTheBatch(t *testing.T) {
	boom := func() { panic("index out of range [3] with length 3") }
	tests := []struct {
		name   string
		change func(*steps)
		code   string // the problem the Scalingo workbook gets
		// annotated says whether Scalingo's annotated copy exists,
		// scorecard names its scorecard ("" for none).
		annotated bool
		scorecard string
		// inSummary says whether Scalingo has rows in summary.xlsx.
		inSummary bool
	}{
		{"read panics", panicReadingScalingo, scoring.CodeFileUnreadable, false, "scalingo.pdf", true},
		{"scoring panics", panicScoringScalingo, scoring.CodeOutputFailed, true, "Scalingo.pdf", true},
		{"annotation panics", func(d *steps) {
			ann := d.annotate
			d.annotate = func(b *workbook.Book, w io.Writer, r *scoring.Result, o workbook.AnnotateOptions) error {
				if isScalingo(r.File) {
					boom()
				}
				return ann(b, w, r, o)
			}
		}, scoring.CodeOutputFailed, false, "Scalingo.pdf", true},
		{"annotation fails", func(d *steps) {
			ann := d.annotate
			d.annotate = func(b *workbook.Book, w io.Writer, r *scoring.Result, o workbook.AnnotateOptions) error {
				if isScalingo(r.File) {
					_, _ = w.Write([]byte("PK partial"))
					return &workbook.AnnotateError{Message: "the workbook has a sheet named Scorecard: rename it", Err: errors.New("x")}
				}
				return ann(b, w, r, o)
			}
		}, scoring.CodeOutputFailed, false, "Scalingo.pdf", true},
		{"scorecard panics", func(d *steps) {
			d.scorecard = func(w io.Writer, r *scoring.Result, o report.PDFOptions) error {
				if isScalingo(r.File) {
					boom()
				}
				return report.WriteScorecard(w, r, o)
			}
		}, scoring.CodeOutputFailed, true, "", true},
		{"scorecard fails", func(d *steps) {
			d.scorecard = func(w io.Writer, r *scoring.Result, o report.PDFOptions) error {
				if isScalingo(r.File) {
					return errors.New("report: pdfOptions.Created must be set")
				}
				return report.WriteScorecard(w, r, o)
			}
		}, scoring.CodeOutputFailed, true, "", true},
		{"its summary row panics", func(d *steps) {
			d.summary = func(w io.Writer, rs []*scoring.Result, o workbook.SummaryOptions) error {
				for _, r := range rs {
					if isScalingo(r.File) {
						boom()
					}
				}
				return workbook.WriteSummary(w, rs, o)
			}
		}, scoring.CodeOutputFailed, true, "Scalingo.pdf", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tenderCopy(t)
			out := filepath.Join(t.TempDir(), "out")
			code, stderr := scoreWith(t, context.Background(), []string{in}, out, tt.change)
			assert.Equal(t, exitInvalid, code, stderr)
			assert.NotContains(t, stderr, "report(s) could not be written")

			msgs := issuesOf(t, out, "scalingo.xlsx", tt.code)
			require.Len(t, msgs, 1, "one %s problem on the failing workbook", tt.code)
			for _, bad := range internals {
				assert.NotContains(t, msgs[0], bad, "a message for the assessor")
			}
			for _, name := range []string{"castellum-iaas.xlsx", "nimbus-eu-region.xlsx"} {
				assert.Empty(t, issuesOf(t, out, name, scoring.CodeOutputFailed), "%s is not touched", name)
				assert.FileExists(t, filepath.Join(out, "annotated", name))
			}
			for _, f := range []string{"results.json", "results.csv", "providers.csv", "summary.xlsx", "comparison.pdf",
				"scorecards/Castellum Cloud SAS.pdf"} {
				assert.FileExists(t, filepath.Join(out, f))
			}
			assert.Equal(t, tt.annotated, fileExists(filepath.Join(out, "annotated", "scalingo.xlsx")), "annotated copy")
			cards, err := os.ReadDir(filepath.Join(out, "scorecards"))
			require.NoError(t, err)
			var names []string
			for _, c := range cards {
				names = append(names, c.Name())
			}
			if tt.scorecard != "" {
				assert.Contains(t, names, tt.scorecard)
			}
			assert.Len(t, names, 2+len(tt.scorecard[:min(1, len(tt.scorecard))]), "scorecards: %v", names)
			problems := summaryProblems(t, out)
			assert.Equal(t, tt.inSummary, strings.Contains(problems, "scalingo"), "rows in summary.xlsx")
			if tt.inSummary {
				assert.Contains(t, problems, tt.code, "summary.xlsx shows the problem")
			}
			assert.True(t, strings.Contains(string(mustRead(t, filepath.Join(out, "providers.csv"))), "scalingo.xlsx"), "providers.csv has its row")
			if tt.scorecard != "" && tt.inSummary {
				// Found before the scorecards: the scorecard shows it too.
				assertPDFContains(t, filepath.Join(out, "scorecards", tt.scorecard), tt.code)
			}
			assert.NoFileExists(t, filepath.Join(out, markerName), "the folder is complete")
		})
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// assertPDFContains checks a PDF's text with pdftotext, when installed.
func assertPDFContains(t *testing.T, path, want string) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: PDF text not checked")
		return
	}
	txt, err := exec.Command("pdftotext", path, "-").Output()
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(txt), want), "%s does not contain %q", path, want)
}

// hostileWorkbook writes a variant of a generated workbook: change edits
// it with excelize, drop removes zip entries.
func hostileWorkbook(t *testing.T, dir, name string, change func(f *excelize.File), drop ...string) string {
	t.Helper()
	fw := framework()
	var buf bytes.Buffer
	require.NoError(t, workbook.WriteTemplate(&buf, fw, generateAssessment(fw, 7, 1, 0)))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	if change != nil {
		change(f)
	}
	buf.Reset()
	require.NoError(t, f.Write(&buf))
	require.NoError(t, f.Close())
	data := buf.Bytes()
	if len(drop) > 0 {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		require.NoError(t, err)
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for _, zf := range zr.File {
			if strings.Contains(strings.Join(drop, "\n"), zf.Name) {
				continue
			}
			require.NoError(t, zw.Copy(zf))
		}
		require.NoError(t, zw.Close())
		data = zb.Bytes()
	}
	path := filepath.Join(dir, name+".xlsx")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// TestHostileWorkbooksKeepTheBatch: workbooks that made a whole run fail
// with exit 2 (issue 15, item 6) are each a problem of their own file,
// scored in a batch with a valid one whose outputs are all written.
func TestHostileWorkbooksKeepTheBatch(t *testing.T) {
	dir := t.TempDir()
	set := func(sheet, cell, v string) func(f *excelize.File) {
		return func(f *excelize.File) { require.NoError(t, f.SetCellStr(sheet, cell, v)) }
	}
	hostileWorkbook(t, dir, "long-name", set(workbook.CoverSheet, "B4", strings.Repeat("N", 8000)))
	hostileWorkbook(t, dir, "long-service", set(workbook.CoverSheet, "B5", strings.Repeat("S ", 4000)))
	hostileWorkbook(t, dir, "stray-xfd", set("SOV-1", "XFD7", "stray"))
	hostileWorkbook(t, dir, "date-0001", set(workbook.CoverSheet, "B7", "0001-01-01"))
	hostileWorkbook(t, dir, "long-url", set("SOV-1", "G5", "https://x.example/"+strings.Repeat("a", 32000)))
	hostileWorkbook(t, dir, "own-scorecard", func(f *excelize.File) {
		_, err := f.NewSheet(workbook.ScorecardSheet)
		require.NoError(t, err)
		require.NoError(t, f.SetCellStr(workbook.ScorecardSheet, "A1", "the assessor's own notes"))
	})
	hostileWorkbook(t, dir, "no-styles", nil, "xl/styles.xml")
	hostileWorkbook(t, dir, "no-core-properties", nil, "docProps/core.xml")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "zz-valid.xlsx"), mustRead(t, "../../samples/tender/scalingo.xlsx"), 0o644))

	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCmd(t, "score", dir, "-o", out, "--date", "2026-06-15", "-j", "2")
	assert.Contains(t, []int{exitOK, exitInvalid}, code, "never exit 2 for a workbook's content\n%s", stderr)
	assert.NotContains(t, stderr, "report(s) could not be written")
	assert.Contains(t, stdout, "Scalingo")
	doc := readResults(t, out)
	require.Len(t, doc.Providers, 9, "every workbook is in the results")
	for _, p := range doc.Providers {
		for _, is := range p.Issues {
			if is.Code == scoring.CodeOutputFailed {
				for _, bad := range internals {
					assert.NotContains(t, is.Message, bad, "%s: a message for the assessor", p.File)
				}
			}
		}
	}
	for _, f := range []string{"results.csv", "providers.csv", "summary.xlsx", "comparison.pdf", "annotated/zz-valid.xlsx", "scorecards/Scalingo.pdf"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	entries, err := os.ReadDir(filepath.Join(out, "scorecards"))
	require.NoError(t, err)
	assert.Len(t, entries, 9, "a scorecard for every workbook")
	for _, e := range entries {
		assert.Less(t, len(e.Name()), 130, "names are bounded")
		info, err := e.Info()
		require.NoError(t, err)
		assert.Less(t, info.Size(), int64(4<<20), "%s: size follows the text", e.Name())
	}
}

// TestOutputNamesNotFromPaths: a workbook without a provider name (here
// one that cannot be read) gets a scorecard named after its file, not
// after the path it was found at.
func TestOutputNamesNotFromPaths(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "tender", "lot 2")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "offer.xlsx"), []byte("not a workbook"), 0o644))
	hostileWorkbook(t, sub, "unnamed", func(f *excelize.File) { require.NoError(t, f.SetCellStr(workbook.CoverSheet, "B4", "")) })
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "score", dir, "-o", out, "-q")
	assert.Equal(t, exitInvalid, code, stderr)
	assert.FileExists(t, filepath.Join(out, "scorecards", "offer.pdf"))
	assert.FileExists(t, filepath.Join(out, "scorecards", "unnamed.pdf"))
}

// TestRowsLeftOutOfOneReport: when one workbook's data breaks a combined
// report, that report is written without its row, and every combined
// report says so on that workbook.
func TestRowsLeftOutOfOneReport(t *testing.T) {
	in := tenderCopy(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stderr := scoreWith(t, context.Background(), []string{in}, out, func(d *steps) {
		d.summary = func(w io.Writer, rs []*scoring.Result, o workbook.SummaryOptions) error {
			for _, r := range rs {
				if isScalingo(r.File) {
					return errors.New("the height of the row must be less than or equal to 409 points")
				}
			}
			return workbook.WriteSummary(w, rs, o)
		}
	})
	assert.Equal(t, exitInvalid, code, stderr)
	msgs := issuesOf(t, out, "scalingo.xlsx", scoring.CodeOutputFailed)
	require.Len(t, msgs, 1)
	assert.Contains(t, msgs[0], "left out of summary.xlsx")
	assert.NotContains(t, msgs[0], "409 points", "the cause is for maintainers (--verbose)")
	ranking := summarySheet(t, out, workbook.RankingSheet)
	assert.True(t, strings.Contains(ranking, "Castellum"), "the others are in summary.xlsx")
	assert.False(t, strings.Contains(ranking, "Scalingo"), "Scalingo is left out of summary.xlsx")
}

// TestCombinedFailureNotOneRow: a combined report that fails whatever its
// rows is an output that could not be written (exit 2), not a problem of
// every workbook.
func TestCombinedFailureNotOneRow(t *testing.T) {
	in := tenderCopy(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stderr := scoreWith(t, context.Background(), []string{in}, out, func(d *steps) {
		d.summary = func(io.Writer, []*scoring.Result, workbook.SummaryOptions) error {
			return errors.New("no space left on device")
		}
	})
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "summary.xlsx: no space left on device")
	assert.FileExists(t, filepath.Join(out, "results.json"))
	assert.Contains(t, string(mustRead(t, filepath.Join(out, markerName))), "summary.xlsx")
	for _, p := range readResults(t, out).Providers {
		for _, is := range p.Issues {
			assert.NotEqual(t, scoring.CodeOutputFailed, is.Code)
		}
	}
}

func linkDefaults() (time.Duration, int, time.Duration) {
	return defaultLinkTimeout, defaultLinkJobs, defaultLinkDeadline
}
