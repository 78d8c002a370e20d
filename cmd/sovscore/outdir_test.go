package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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

	"github.com/sovscore/sovscore/scoring"
	"github.com/sovscore/sovscore/workbook"
)

// TestSecondRunRefused: a run holds its output folder; a second run into
// it is refused with a message naming the first, and writes nothing.
func TestSecondRunRefused(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	first, err := claimOutDir(out, "score", time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	code, _, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "-q")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "in use by another sovscore run")
	assert.Contains(t, stderr, fmt.Sprintf("process %d", os.Getpid()))
	assert.Contains(t, stderr, "started 2026-06-15T09:00:00Z")
	assert.NoFileExists(t, filepath.Join(out, "results.json"))

	first.release()
	assert.NoFileExists(t, filepath.Join(out, lockName))
	code, _, stderr = runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "-q")
	assert.Equal(t, exitOK, code, stderr)
	assert.NoFileExists(t, filepath.Join(out, lockName), "the lock is released at the end")
}

// TestStaleLockTakenOver: the lock of a process that is gone (killed) does
// not block the folder for ever.
func TestStaleLockTakenOver(t *testing.T) {
	if _, err := exec.LookPath("true"); err != nil {
		t.Skip("no true command to make a finished process")
	}
	gone := exec.Command("true")
	require.NoError(t, gone.Run())
	out := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(out, lockName),
		fmt.Appendf(nil, "pid %d\nhost %s\nstarted 2026-01-01T00:00:00Z\n", gone.Process.Pid, hostname(t)), 0o644))
	code, _, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "-q")
	assert.Equal(t, exitOK, code, stderr)
	assert.FileExists(t, filepath.Join(out, "results.json"))
	assert.NoFileExists(t, filepath.Join(out, lockName))
}

func hostname(t *testing.T) string {
	h, err := os.Hostname()
	require.NoError(t, err)
	return h
}

// TestStaleTemporaryFilesRemoved: the temporary files a killed run left
// (hidden, ".NAME.<digits>.tmp") are removed by the next run; other files
// are not touched.
func TestStaleTemporaryFilesRemoved(t *testing.T) {
	out := t.TempDir()
	stale := []string{".results.json.123456.tmp", "annotated/.scalingo.xlsx.42.tmp", "scorecards/.Scalingo.pdf.7.tmp"}
	kept := []string{".notes.tmp", "results.json.123.tmp", "annotated/.x.xlsx.12a.tmp", "mine/.a.1.tmp"}
	for _, f := range append(append([]string{}, stale...), kept...) {
		require.NoError(t, os.MkdirAll(filepath.Join(out, filepath.Dir(f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(out, f), nil, 0o644))
	}
	code, _, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "-q")
	assert.Equal(t, exitOK, code, stderr)
	for _, f := range stale {
		assert.NoFileExists(t, filepath.Join(out, f))
	}
	for _, f := range kept {
		assert.FileExists(t, filepath.Join(out, f))
	}
}

// TestIncompleteMarker: the marker is there while a run works and after a
// run that could not write an output; a complete run removes it.
func TestIncompleteMarker(t *testing.T) {
	out := t.TempDir()
	// A file where the scorecards folder should be: no scorecard can be
	// written.
	require.NoError(t, os.WriteFile(filepath.Join(out, "scorecards"), []byte("in the way"), 0o644))
	code, _, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "-q")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "report(s) could not be written")
	marker := string(mustRead(t, filepath.Join(out, markerName)))
	assert.Contains(t, marker, "This folder is incomplete")
	assert.Contains(t, marker, "Scalingo.pdf")
	assert.FileExists(t, filepath.Join(out, "results.json"), "the other outputs are written")

	require.NoError(t, os.Remove(filepath.Join(out, "scorecards")))
	code, _, stderr = runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", out, "-q")
	assert.Equal(t, exitOK, code, stderr)
	assert.NoFileExists(t, filepath.Join(out, markerName))
}

// TestOutputFolderNotWritable: an output folder that cannot be written is
// an error at once (exit 2), before any workbook is read.
func TestOutputFolderNotWritable(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	code, _, stderr := runCmd(t, "score", "../../samples/tender/scalingo.xlsx", "-o", filepath.Join(file, "out"), "-q")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "cannot create the output folder")
	assert.NotContains(t, stderr, "scored")
}

// TestUnusableTMPDIR: with $TMPDIR missing, every output is written (the
// summary's stream writer spills to temporary files past 16 MiB) and the
// private temporary folder is gone afterwards.
func TestUnusableTMPDIR(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "not-a-dir")
	require.NoError(t, os.WriteFile(notDir, nil, 0o644))
	t.Setenv("TMPDIR", notDir)
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "score", "../../samples/tender/", "-o", out)
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "is not usable; using")
	for _, f := range []string{"summary.xlsx", "comparison.pdf", "results.json", "annotated/scalingo.xlsx"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	assert.Equal(t, notDir, os.Getenv("TMPDIR"), "the environment is put back")
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, staleTemp.MatchString(e.Name()), "%s left behind", e.Name())
	}
}

// TestInterruptDuringCombinedReports: Ctrl-C while the combined reports
// are being made stops the run at once; no temporary file stays,
// results.json (written last) is not written and the folder is marked
// incomplete.
func TestInterruptDuringCombinedReports(t *testing.T) {
	in := tenderCopy(t)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	release := make(chan struct{})
	defer close(release)
	code, stderr := scoreWith(t, ctx, []string{in}, out, func(d *steps) {
		d.summary = func(w io.Writer, rs []*scoring.Result, o workbook.SummaryOptions) error {
			_, _ = w.Write(bytes.Repeat([]byte("x"), 100<<10))
			cancel() // Ctrl-C while a combined report is being made
			<-release
			return nil
		}
	})
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "interrupted")
	assert.NoFileExists(t, filepath.Join(out, "results.json"))
	assert.NoFileExists(t, filepath.Join(out, "summary.xlsx"))
	assert.Contains(t, string(mustRead(t, filepath.Join(out, markerName))), "interrupted")
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, strings.HasSuffix(e.Name(), ".tmp"), "temporary file left: %s", e.Name())
	}
}

// failWriter fails every write, as a full disk or a closed pipe does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestStdoutWriteErrors: a failed write on stdout is exit 2 in every
// format (--format table used to exit 0 on a full stdout).
func TestStdoutWriteErrors(t *testing.T) {
	for _, format := range []string{"table", "json", "markdown", "csv"} {
		t.Run(format, func(t *testing.T) {
			var errb bytes.Buffer
			code := run([]string{"score", "../../samples/tender/scalingo.xlsx", "--outputs", "", "--format", format},
				&streams{Out: failWriter{}, Err: &errb})
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, errb.String(), "standard output")
		})
	}
	if full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err == nil {
		defer full.Close()
		var errb bytes.Buffer
		code := run([]string{"score", "../../samples/tender/scalingo.xlsx", "--outputs", ""}, &streams{Out: full, Err: &errb})
		assert.Equal(t, exitUsage, code, "--format table to /dev/full")
	}
}

// TestDatesThatCannotBeStamped: an assessment dated 0001-01-01 no longer
// stops its PDFs; --date must be a year documents can carry.
func TestDatesThatCannotBeStamped(t *testing.T) {
	dir := t.TempDir()
	hostileWorkbook(t, dir, "year-one", func(f *excelize.File) {
		require.NoError(t, f.SetCellStr(workbook.CoverSheet, "B7", "0001-01-01"))
	})
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCmd(t, "score", dir, "-o", out, "-q")
	assert.NotEqual(t, exitUsage, code, stderr)
	assert.FileExists(t, filepath.Join(out, "comparison.pdf"))
	code, _, stderr = runCmd(t, "score", dir, "-o", out, "--date", "0001-01-01")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "year between 1900 and 9999")
}
