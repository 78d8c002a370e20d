package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sovscore/sovscore/report"
	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// sampleResults scores the bundled samples (a flawed one included) and an
// unreadable file, in input order, ranked.
func sampleResults(t *testing.T) ([]*scoring.Result, *scoring.Profile) {
	t.Helper()
	fw := framework()
	prof, err := fw.ResolveProfile("")
	require.NoError(t, err)
	files, err := filepath.Glob("../../samples/*.xlsx")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	require.NoError(t, os.WriteFile(bad, []byte("not a workbook"), 0o644))
	files = append(files, bad)
	var rs []*scoring.Result
	for _, f := range files {
		rs = append(rs, scoring.Evaluate(fw, assess(f, fw, workbook.ReadOptions{}), prof))
	}
	scoring.Rank(rs)
	return rs, prof
}

// emptyDir asserts that dir holds no file: no spool was left behind.
func emptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.Fail(t, "file left in the temporary directory", e.Name())
	}
}

func TestSpoolRoundTrip(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	rs, prof := sampleResults(t)
	sp, err := newSpool(len(rs), framework(), prof)
	require.NoError(t, err)
	defer sp.Close()

	// Put from many goroutines, in any order; then Get concurrently.
	forEach(context.Background(), len(rs), 4, func(i int) { require.NoError(t, sp.Put(i, rs[i])) })
	got := make([]*scoring.Result, len(rs))
	slim := make([]*scoring.Result, len(rs))
	errs := make([]error, len(rs))
	slimErrs := make([]error, len(rs))
	forEach(context.Background(), 4*len(rs), 4, func(k int) {
		i := k % len(rs)
		r, err := sp.Get(i)
		s, serr := sp.Slim(i)
		if k < len(rs) {
			got[i], errs[i] = r, err
			slim[i], slimErrs[i] = s, serr
		}
	})
	for i, r := range rs {
		t.Run(filepath.Base(r.File), func(t *testing.T) {
			require.NoError(t, errs[i])
			assert.Equal(t, r, got[i], "the full result, as it was put")
			assert.NotSame(t, r, got[i])
			require.NoError(t, slimErrs[i])
			assert.Equal(t, r.Slim(), slim[i], "the slim form of the result put")
			assert.True(t, slim[i].Slimmed)
		})
	}
	emptyDir(t, tmp)

	empty, err := newSpool(1, framework(), prof)
	require.NoError(t, err)
	_, err = empty.Get(0)
	assert.ErrorContains(t, err, "no result 0")

	require.NoError(t, sp.Close())
	require.NoError(t, empty.Close())
	require.NoError(t, sp.Close(), "closing twice is harmless")
	_, err = sp.Get(0)
	assert.ErrorContains(t, err, "after close")
	assert.ErrorContains(t, sp.Put(0, rs[0]), "after close")
	emptyDir(t, tmp)
}

// TestSpoolKeepsWhatItCannotWrite: when the file cannot be written, Put
// says so and keeps the result in memory; nothing is lost.
func TestSpoolKeepsWhatItCannotWrite(t *testing.T) {
	rs, prof := sampleResults(t)
	sp, err := newSpool(len(rs), framework(), prof)
	require.NoError(t, err)
	defer sp.Close()
	require.NoError(t, sp.Put(0, rs[0]))
	require.NoError(t, sp.f.Close()) // as if the disk were gone
	assert.Error(t, sp.Put(1, rs[1]))
	got, err := sp.Get(1)
	require.NoError(t, err)
	assert.Same(t, rs[1], got)
	slim, err := sp.Slim(1)
	require.NoError(t, err)
	assert.Equal(t, rs[1].Slim(), slim)
	assert.True(t, sp.Has(0), "in the file")
	assert.False(t, sp.Has(1), "kept in memory, not in the file")
	_, err = sp.Get(0)
	assert.Error(t, err, "the file is closed")
}

// TestCombinedOutputsFromSlimResults: every output written from slim
// results alone (the ranking table, providers.csv, the summary workbook,
// the comparison) is the same as from the full results, and so are the
// outputs written from slim results and a loader.
func TestCombinedOutputsFromSlimResults(t *testing.T) {
	rs, prof := sampleResults(t)
	fw := framework()
	slim := make([]*scoring.Result, len(rs))
	for i, r := range rs {
		slim[i] = r.Slim()
	}
	load := func(i int) (*scoring.Result, error) { return rs[i], nil }
	created := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	info := report.RunInfo{ToolName: "sovscore", ToolVersion: "test"}
	tests := []struct {
		name  string
		write func(w io.Writer, rs []*scoring.Result, load report.Loader) error
	}{
		{"table", func(w io.Writer, rs []*scoring.Result, _ report.Loader) error { printTable(w, rs); return nil }},
		{"providers.csv", func(w io.Writer, rs []*scoring.Result, _ report.Loader) error { return report.WriteProvidersCSV(w, rs) }},
		{"summary.xlsx", func(w io.Writer, rs []*scoring.Result, l report.Loader) error {
			return workbook.WriteSummary(w, rs, workbook.SummaryOptions{Created: created, ToolVersion: "test", ProfileName: prof.Name, Load: l})
		}},
		{"comparison.pdf", func(w io.Writer, rs []*scoring.Result, _ report.Loader) error {
			return report.WriteComparison(w, rs, prof, report.PDFOptions{Created: created, ToolName: "sovscore", ToolVersion: "test"})
		}},
		{"results.json", func(w io.Writer, rs []*scoring.Result, l report.Loader) error {
			return report.WriteJSONFrom(w, info, fw, prof, rs, l)
		}},
		{"results.csv", func(w io.Writer, rs []*scoring.Result, l report.Loader) error {
			return report.WriteFactorsCSVFrom(w, rs, l)
		}},
		{"markdown", func(w io.Writer, rs []*scoring.Result, l report.Loader) error {
			return report.WriteMarkdownFrom(w, rs, l)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var full, fromSlim bytes.Buffer
			require.NoError(t, tt.write(&full, rs, nil))
			require.NoError(t, tt.write(&fromSlim, slim, load))
			assert.NotZero(t, full.Len())
			assert.True(t, bytes.Equal(full.Bytes(), fromSlim.Bytes()), "%s differs when written from slim results", tt.name)
		})
	}
}

// TestSpooledRunMatchesInMemoryRun: "score" gives the same files and the
// same stdout whether the full results are spooled or kept in memory, and
// leaves no spool behind, interrupted or not.
func TestSpooledRunMatchesInMemoryRun(t *testing.T) {
	in := copySamples(t)
	require.NoError(t, os.WriteFile(filepath.Join(in, "bad.xlsx"), []byte("not a workbook"), 0o644))
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	run := func(format string, inMemory bool) (string, map[string]string) {
		out := filepath.Join(t.TempDir(), "out")
		var o scoreOptions
		o.out, o.format, o.jobs, o.outputs, o.quiet, o.date = out, format, 2, "all", true, "2026-06-15"
		o.keepInMemory = inMemory
		var stdout, stderr bytes.Buffer
		code := score(context.Background(), []string{in}, o, &streams{Out: &stdout, Err: &stderr})
		require.Equal(t, exitInvalid, code, stderr.String())
		assert.Empty(t, stderr.String())
		return stdout.String(), hashTree(t, out)
	}
	for _, format := range []string{"table", "json", "markdown", "csv"} {
		t.Run(format, func(t *testing.T) {
			memOut, memFiles := run(format, true)
			spoolOut, spoolFiles := run(format, false)
			assert.Equal(t, memOut, spoolOut)
			assert.Equal(t, memFiles, spoolFiles)
			assert.Len(t, spoolFiles, 5+2*5-1, "5 combined reports, 5 scorecards, 4 annotated copies")
		})
	}
	emptyDir(t, tmp)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o scoreOptions
	o.out, o.format, o.jobs, o.outputs, o.quiet = filepath.Join(t.TempDir(), "out"), "none", 2, "all", true
	assert.Equal(t, exitUsage, score(ctx, []string{in}, o, &streams{Out: io.Discard, Err: io.Discard}))
	emptyDir(t, tmp)
}

func TestFullResult(t *testing.T) {
	rs, _ := sampleResults(t)
	stale := *rs[0]
	stale.Rank, stale.Ranked = 7, 9
	tests := []struct {
		name string
		load report.Loader
		want *scoring.Result
		err  string
	}{
		{"no loader", nil, rs[0], ""},
		{"rank from the ranked results", func(int) (*scoring.Result, error) { return &stale, nil }, rs[0], ""},
		{"load error", func(int) (*scoring.Result, error) { return nil, fmt.Errorf("gone") }, nil, "gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := report.LoadFull(rs, tt.load, 0)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, [2]int{7, 9}, [2]int{stale.Rank, stale.Ranked}, "what the loader returned is not modified")
}

// TestScoreRestoresMemorySettings: score sets the collector's pace and a
// soft memory limit for its phases, and leaves both as they were (tests
// and other callers run in the same process).
func TestScoreRestoresMemorySettings(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	in := copySamples(t)
	var o scoreOptions
	o.out, o.format, o.jobs, o.outputs, o.quiet = filepath.Join(t.TempDir(), "out"), "none", 2, "all", true
	score(context.Background(), []string{in}, o, &streams{Out: io.Discard, Err: io.Discard})
	assert.Equal(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1), "no memory limit left behind")
	assert.Equal(t, 100, debug.SetGCPercent(100), "the usual pace of collection")
}
